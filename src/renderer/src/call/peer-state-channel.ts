/**
 * The peer-state data channel on one peer connection (peer-state-wire.ts reads its frames): made pre-negotiated
 * next to the chat's, and what it reports. It carries each side's camera, microphone, screen-share state and
 * name straight to the other app, never through the signaling server.
 */
import { NegotiatedChannel } from './negotiated-channel'
import type { SendingPeerConnectionLike } from './rtc-types'

/** What the peer-state channel reports: it opened or closed, or a frame arrived (not yet validated). */
export type PeerStateChannelEvent =
  /** A new connection (and so a new channel) is starting; reported by the call session, not by the link. */
  | { readonly type: 'peer-state-connecting' }
  | { readonly type: 'peer-state-open' }
  | { readonly type: 'peer-state-closed' }
  | { readonly type: 'peer-state-frame'; readonly data: unknown }

/**
 * Pre-negotiated (`negotiated: true`, the same id on both sides), like the chat's (id 0), so it rides in the first
 * offer/answer's data section: no renegotiation, and no `datachannel` event to wait for. Ordered and reliable
 * (the defaults): every frame is the whole state, so only the order matters, and a lost one would leave a stale
 * state shown until the next change. An app without this channel never reads stream 1, and this side then never
 * hears a state: the other's tile falls back to what the media itself says (docs/protocol.md).
 */
export const PEER_STATE_CHANNEL = { label: 'peer-state', id: 1 } as const

/** The peer-state channel, reporting in its own words. */
export class PeerStateChannel extends NegotiatedChannel {
  constructor(pc: Pick<SendingPeerConnectionLike, 'createDataChannel'>, report: (event: PeerStateChannelEvent) => void) {
    super(pc, PEER_STATE_CHANNEL, (signal) =>
      report(signal.type === 'frame' ? { type: 'peer-state-frame', data: signal.data } : { type: signal.type === 'open' ? 'peer-state-open' : 'peer-state-closed' }),
    )
  }
}
