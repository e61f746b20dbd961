/**
 * The chat's data channel on one peer connection: made pre-negotiated, and what it reports (it opened or
 * closed, or a frame arrived, not yet validated; chat-wire.ts reads the frames).
 */
import type { DataChannelEventMapLike, DataChannelLike, SendingPeerConnectionLike } from './rtc-types'

/** What the chat's data channel reports: it opened or closed, or a frame arrived (not yet validated). */
export type ChatChannelEvent =
  /** A new connection (and so a new channel) is starting; reported by the call session, not by the link. */
  | { readonly type: 'chat-connecting' }
  | { readonly type: 'chat-open' }
  | { readonly type: 'chat-closed' }
  | { readonly type: 'chat-frame'; readonly data: unknown }

/**
 * The chat's channel: pre-negotiated (`negotiated: true`, the same id on both sides), so neither side waits
 * for a `datachannel` event that could race the first messages, and it rides in the first offer/answer with
 * the media: no renegotiation. ICE restarts keep it (the SCTP association outlives them).
 */
export const CHAT_CHANNEL = { label: 'chat', id: 0 } as const

export class ChatChannel {
  readonly #channel: DataChannelLike
  readonly #onChat: (event: ChatChannelEvent) => void
  #closed = false

  constructor(pc: Pick<SendingPeerConnectionLike, 'createDataChannel'>, onChat: (event: ChatChannelEvent) => void) {
    this.#onChat = onChat
    this.#channel = pc.createDataChannel(CHAT_CHANNEL.label, { negotiated: true, id: CHAT_CHANNEL.id })
    this.#channel.addEventListener('open', this.#handleOpen)
    this.#channel.addEventListener('close', this.#handleClose)
    this.#channel.addEventListener('message', this.#handleMessage)
  }

  /** Whether chat frames can be sent now. */
  get open(): boolean {
    return !this.#closed && this.#channel.readyState === 'open'
  }

  /** Sends one chat frame peer to peer; false when the channel is not open or refused it (buffer full). */
  send(frame: string): boolean {
    if (!this.open) return false
    try {
      this.#channel.send(frame)
      return true
    } catch {
      return false
    }
  }

  /** Removes the listeners and closes the channel. Nothing is reported afterwards. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#channel.removeEventListener('open', this.#handleOpen)
    this.#channel.removeEventListener('close', this.#handleClose)
    this.#channel.removeEventListener('message', this.#handleMessage)
    this.#channel.close()
  }

  readonly #handleOpen = (): void => {
    if (!this.#closed) this.#onChat({ type: 'chat-open' })
  }

  readonly #handleClose = (): void => {
    if (!this.#closed) this.#onChat({ type: 'chat-closed' })
  }

  readonly #handleMessage = (event: DataChannelEventMapLike['message']): void => {
    if (!this.#closed) this.#onChat({ type: 'chat-frame', data: event.data })
  }
}
