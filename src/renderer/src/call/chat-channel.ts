/**
 * The chat's data channel on one peer connection: made pre-negotiated, and what it reports (it opened or
 * closed, or a frame arrived, not yet validated; chat-wire.ts reads the frames).
 */
import { NegotiatedChannel } from './negotiated-channel'
import type { SendingPeerConnectionLike } from './rtc-types'

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

/** The chat's channel, reporting in the chat's words. */
export class ChatChannel extends NegotiatedChannel {
  constructor(pc: Pick<SendingPeerConnectionLike, 'createDataChannel'>, onChat: (event: ChatChannelEvent) => void) {
    super(pc, CHAT_CHANNEL, (signal) => onChat(signal.type === 'frame' ? { type: 'chat-frame', data: signal.data } : { type: signal.type === 'open' ? 'chat-open' : 'chat-closed' }))
  }
}
