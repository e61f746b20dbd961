/**
 * One pre-negotiated data channel on a peer connection (`negotiated: true`, the same id on both sides): made at
 * once, so it rides in the first offer/answer's data section with no renegotiation and no `datachannel` event to
 * wait for, and what it reports: it opened or closed, or a frame arrived (not yet validated; each channel's wire
 * module reads its frames). The chat (id 0) and the peer state (id 1) are these; docs/protocol.md lists them all.
 */
import type { DataChannelEventMapLike, DataChannelLike, SendingPeerConnectionLike } from './rtc-types'

export interface ChannelSpec {
  readonly label: string
  readonly id: number
}

export type ChannelSignal = { readonly type: 'open' } | { readonly type: 'closed' } | { readonly type: 'frame'; readonly data: unknown }

export class NegotiatedChannel {
  readonly #channel: DataChannelLike
  readonly #report: (signal: ChannelSignal) => void
  #closed = false

  constructor(pc: Pick<SendingPeerConnectionLike, 'createDataChannel'>, spec: ChannelSpec, report: (signal: ChannelSignal) => void) {
    this.#report = report
    this.#channel = pc.createDataChannel(spec.label, { negotiated: true, id: spec.id })
    this.#channel.addEventListener('open', this.#handleOpen)
    this.#channel.addEventListener('close', this.#handleClose)
    this.#channel.addEventListener('message', this.#handleMessage)
  }

  /** Whether frames can be sent now. */
  get open(): boolean {
    return !this.#closed && this.#channel.readyState === 'open'
  }

  /** Sends one frame peer to peer; false when the channel is not open or refused it (buffer full). */
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
    if (!this.#closed) this.#report({ type: 'open' })
  }

  readonly #handleClose = (): void => {
    if (!this.#closed) this.#report({ type: 'closed' })
  }

  readonly #handleMessage = (event: DataChannelEventMapLike['message']): void => {
    if (!this.#closed) this.#report({ type: 'frame', data: event.data })
  }
}
