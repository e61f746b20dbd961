/**
 * The connection to one other person: one peer connection, its perfect negotiation, the local media attached
 * to it, and what it reports (their stream, how the connection is doing). The call session makes a fresh one
 * for every person who joins and closes it when they leave.
 */
import type { IceCandidate, PeerId, SessionDescription, SignalData } from '../../../shared/protocol'
import { attachLocalMedia, Negotiation } from './negotiation'
import type {
  MediaKind,
  MediaStreamLike,
  MediaStreamTrackLike,
  PeerConnectionLike,
  PeerConnectionStateLike,
  SendingPeerConnectionLike,
  TrackEventLike,
} from './rtc-types'

export type PeerLinkEvent =
  | { readonly type: 'media-connection'; readonly state: PeerConnectionStateLike }
  /** The connection failed and an ICE restart is under way. */
  | { readonly type: 'media-restarting' }

export interface PeerLinkOptions<Stream extends MediaStreamLike> {
  peerId: PeerId
  pc: SendingPeerConnectionLike<Stream>
  /**
   * The one already in the room is polite and attaches its media when the first offer arrives; the newcomer
   * is impolite and attaches at once, which makes it offer.
   */
  polite: boolean
  localStream: Stream | null
  send: (data: SignalData) => void
  onError: (error: unknown) => void
  onRemoteStream: (stream: Stream) => void
  onEvent: (event: PeerLinkEvent) => void
}

export class PeerLink<Stream extends MediaStreamLike = MediaStreamLike> {
  readonly peerId: PeerId
  readonly #pc: SendingPeerConnectionLike<Stream>
  readonly #negotiation: Negotiation<Stream>
  readonly #localStream: Stream | null
  readonly #onRemoteStream: (stream: Stream) => void
  readonly #onEvent: (event: PeerLinkEvent) => void
  #mediaAttached = false
  /** An ICE restart was tried since the connection last worked. */
  #restartedIce = false
  #lastState: PeerConnectionStateLike | null = null
  #closed = false

  constructor(options: PeerLinkOptions<Stream>) {
    this.peerId = options.peerId
    this.#pc = options.pc
    this.#localStream = options.localStream
    this.#onRemoteStream = options.onRemoteStream
    this.#onEvent = options.onEvent
    this.#negotiation = new Negotiation<Stream>({
      pc: options.pc,
      polite: options.polite,
      send: options.send,
      onError: options.onError,
      beforeAnswer: () => this.#attachMedia({ receiveMissingKinds: false }),
    })
    this.#pc.addEventListener('track', this.#handleTrack)
    this.#pc.addEventListener('connectionstatechange', this.#handleStateChange)
    this.#pc.addEventListener('iceconnectionstatechange', this.#handleStateChange)
    if (!options.polite) this.#attachMedia({ receiveMissingKinds: true })
  }

  handleDescription(description: SessionDescription): Promise<void> {
    return this.#negotiation.handleDescription(description)
  }

  handleCandidate(candidate: IceCandidate): Promise<void> {
    return this.#negotiation.handleCandidate(candidate)
  }

  /** Whether the local tracks are on the connection yet (the polite side adds them when the first offer arrives). */
  get mediaAttached(): boolean {
    return this.#mediaAttached
  }

  /**
   * Sends `track` in place of the local track of its kind, with `RTCRtpSender.replaceTrack`: the same
   * transceiver carries it, so nothing is renegotiated. False when no sender carries a track of that kind
   * (this side joined without one); then only a new offer could add it, which a switch never makes.
   */
  async replaceTrack(kind: MediaKind, track: MediaStreamTrackLike): Promise<boolean> {
    if (this.#closed) return false
    // A sender keeps its track after the track ended (device unplugged), so the kind is still found.
    const sender = this.#pc.getSenders().find((candidate) => candidate.track?.kind === kind)
    if (!sender) return false
    await sender.replaceTrack(track)
    return true
  }

  /** Removes every listener and closes the peer connection. Nothing is reported afterwards. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#negotiation.dispose()
    this.#pc.removeEventListener('track', this.#handleTrack)
    this.#pc.removeEventListener('connectionstatechange', this.#handleStateChange)
    this.#pc.removeEventListener('iceconnectionstatechange', this.#handleStateChange)
    this.#pc.close()
  }

  #attachMedia(options: { receiveMissingKinds: boolean }): void {
    if (this.#mediaAttached) return
    this.#mediaAttached = true
    attachLocalMedia(this.#pc, this.#localStream, options)
  }

  readonly #handleTrack = (event: TrackEventLike<Stream>): void => {
    const stream = event.streams[0]
    if (!this.#closed && stream) this.#onRemoteStream(stream)
  }

  readonly #handleStateChange = (): void => {
    if (this.#closed) return
    const state = effectiveConnectionState(this.#pc)
    if (state === this.#lastState) return
    this.#lastState = state
    if (state === 'connected') this.#restartedIce = false
    if (state === 'failed' && !this.#restartedIce) {
      // One ICE restart per failure: after a network change (Wi-Fi to wired, a new address) it usually recovers.
      this.#restartedIce = true
      this.#pc.restartIce()
      this.#onEvent({ type: 'media-restarting' })
      return
    }
    this.#onEvent({ type: 'media-connection', state })
  }
}

/** `connectionState` where the browser has it; otherwise the same meaning read off `iceConnectionState`. */
function effectiveConnectionState<Stream extends MediaStreamLike>(pc: PeerConnectionLike<Stream>): PeerConnectionStateLike {
  if (typeof pc.connectionState === 'string') return pc.connectionState
  switch (pc.iceConnectionState) {
    case 'checking':
      return 'connecting'
    case 'completed':
      return 'connected'
    default:
      return pc.iceConnectionState
  }
}
