/**
 * The chat of one call: the messages both ways, what is being typed, whether the panel is open and how many
 * messages arrived while it was closed, and the state of the data channel they travel on. Messages go peer to
 * peer on the call's data channel (`send` hands a frame to it) and never through the signaling server.
 *
 * A message of mine is `sending` until the other app's receipt comes back (`sent`), and `failed` when the
 * channel refused it or closed before the receipt. While the channel is not open nothing can be sent and the
 * draft is kept.
 */
import { checkChatText, decodeChatFrame, encodeChatFrame, type ChatWireError } from '../call/chat-wire'
import type { ChatChannelEvent } from '../call/chat-channel'
import { assertNever } from '../../../shared/assert-never'

export type ChatChannelStatus = 'connecting' | 'open' | 'closed'
export type ChatDelivery = 'sending' | 'sent' | 'failed'

export interface ChatMessage {
  readonly id: string
  readonly from: 'me' | 'them'
  readonly text: string
  /** When it was sent (mine) or arrived (theirs), by this machine's clock, in ms since the epoch. */
  readonly at: number
  /** Always `sent` for theirs. */
  readonly delivery: ChatDelivery
}

export interface ChatStateOptions {
  /** Hands a frame to the data channel; false when it is not open or refused the frame. */
  send: (frame: string) => boolean
  /** Default `Date.now`. */
  now?: () => number
  /** Default `crypto.randomUUID`. */
  newId?: () => string
  /** A frame from the other side that was rejected (logged, never shown). */
  onRejected?: (code: ChatWireError) => void
}

/** The most messages kept: a long call's chat stays light to render. */
export const MAX_CHAT_MESSAGES = 500

export class ChatState {
  readonly #send: (frame: string) => boolean
  readonly #now: () => number
  readonly #newId: () => string
  readonly #onRejected: (code: ChatWireError) => void
  #messages = $state.raw<readonly ChatMessage[]>([])
  #draft = $state('')
  #isOpen = $state(false)
  #unread = $state(0)
  #channel = $state<ChatChannelStatus>('connecting')

  constructor(options: ChatStateOptions) {
    this.#send = options.send
    this.#now = options.now ?? Date.now
    this.#newId = options.newId ?? (() => crypto.randomUUID())
    this.#onRejected = options.onRejected ?? ((code) => console.warn('[chat] rejected a frame:', code))
  }

  get messages(): readonly ChatMessage[] {
    return this.#messages
  }
  get draft(): string {
    return this.#draft
  }
  get isOpen(): boolean {
    return this.#isOpen
  }
  /** Messages from the other person that arrived while the panel was closed. */
  get unread(): number {
    return this.#unread
  }
  get channel(): ChatChannelStatus {
    return this.#channel
  }
  /** Whether the send button works: the channel is open and the draft has something in it that fits. */
  get canSend(): boolean {
    return this.#channel === 'open' && checkChatText(this.#draft) === null
  }
  /** Why the draft cannot go as it is (too long), or null. Empty drafts are simply not sendable. */
  get draftProblem(): 'too-long' | null {
    return checkChatText(this.#draft) === 'CHAT_ERR_TEXT_TOO_LONG' ? 'too-long' : null
  }

  setDraft(text: string): void {
    this.#draft = text
  }

  open(): void {
    this.#isOpen = true
    this.#unread = 0
  }

  close(): void {
    this.#isOpen = false
  }

  toggle(): void {
    if (this.#isOpen) this.close()
    else this.open()
  }

  /** Sends the draft. The draft is cleared only when it went onto the channel. */
  send(): boolean {
    if (!this.canSend) return false
    const text = this.#draft
    const id = this.#newId()
    const at = this.#now()
    const handed = this.#send(encodeChatFrame({ type: 'chat', id, text, sentAt: at }))
    this.#append({ id, from: 'me', text, at, delivery: handed ? 'sending' : 'failed' })
    if (handed) this.#draft = ''
    return handed
  }

  /** What the call's data channel reports. */
  handle(event: ChatChannelEvent): void {
    switch (event.type) {
      case 'chat-connecting':
        this.#channel = 'connecting'
        return
      case 'chat-open':
        this.#channel = 'open'
        return
      case 'chat-closed':
        this.#channel = 'closed'
        // No receipt can come back on a closed channel: say that these may not have arrived.
        this.#messages = this.#messages.map((message) => (message.delivery === 'sending' ? { ...message, delivery: 'failed' } : message))
        return
      case 'chat-frame':
        this.#receive(event.data)
        return
      default:
        assertNever(event, 'chat channel event')
    }
  }

  /** A new call: no messages, panel closed, channel not yet there. */
  reset(): void {
    this.#messages = []
    this.#draft = ''
    this.#isOpen = false
    this.#unread = 0
    this.#channel = 'connecting'
  }

  #receive(data: unknown): void {
    const decoded = decodeChatFrame(data)
    if (!decoded.ok) {
      this.#onRejected(decoded.code)
      return
    }
    const frame = decoded.frame
    if (frame.type === 'ack') {
      this.#messages = this.#messages.map((message) =>
        message.from === 'me' && message.id === frame.id && message.delivery !== 'sent' ? { ...message, delivery: 'sent' } : message,
      )
      return
    }
    this.#send(encodeChatFrame({ type: 'ack', id: frame.id }))
    // A repeat of one already shown (the other side retried) is acknowledged again, not shown twice.
    if (this.#messages.some((message) => message.from === 'them' && message.id === frame.id)) return
    this.#append({ id: frame.id, from: 'them', text: frame.text, at: this.#now(), delivery: 'sent' })
    if (!this.#isOpen) this.#unread += 1
  }

  #append(message: ChatMessage): void {
    const next = [...this.#messages, message]
    this.#messages = next.length > MAX_CHAT_MESSAGES ? next.slice(next.length - MAX_CHAT_MESSAGES) : next
  }
}
