/**
 * The connection to one other person: one peer connection, its perfect negotiation, the local media attached
 * to it, and what it reports (their stream, how the connection is doing). The call session makes a fresh one
 * for every person who joins and closes it when they leave.
 */
import { backoffDelay, type BackoffOptions } from '../../../shared/backoff'
import type { IceCandidate, IceServer, PeerId, SessionDescription, SignalData } from '../../../shared/protocol'
import type { PhaseNote } from './call-phase'
import { ChatChannel, type ChatChannelEvent } from './chat-channel'
import { PeerStateChannel, type PeerStateChannelEvent } from './peer-state-channel'
import { openSafetyChannel } from './safety-channel'
import { MediaTuning } from './media-tuning'
import { attachLocalMedia, Negotiation } from './negotiation'
import type {
  CodecLike,
  DataChannelLike,
  IceCandidateEventLike,
  MediaKind,
  MediaStreamLike,
  MediaStreamTrackLike,
  PeerConnectionLike,
  PeerConnectionStateLike,
  RtcConfigurationLike,
  SendingPeerConnectionLike,
  StatsReportLike,
  TrackEventLike,
} from './rtc-types'

export type PeerLinkEvent =
  | { readonly type: 'media-connection'; readonly state: PeerConnectionStateLike }
  /** The connection failed and an ICE restart is under way. */
  | { readonly type: 'media-restarting' }
  /** The connection cannot work (relay unreachable, not recovered in time): the call is over. */
  | { readonly type: 'failed'; readonly note: PhaseNote }

/** How a connection that dropped is brought back, and when that is given up. */
export interface IceRecoveryPolicy {
  /** How long `disconnected` may last before an ICE restart: it often heals by itself within seconds. */
  disconnectedGraceMs: number
  /** The waits between restarts that have not brought the connection back. */
  retry: BackoffOptions
  /** How long the connection may stay down, from the first drop, before the call ends. */
  giveUpAfterMs: number
}

export const DEFAULT_ICE_RECOVERY: IceRecoveryPolicy = {
  disconnectedGraceMs: 3_000,
  // No jitter: only the two people in this call restart, so there is no herd to spread out.
  retry: { initialMs: 2_000, maxMs: 16_000, factor: 2, jitter: 0 },
  giveUpAfterMs: 60_000,
}

export interface PeerLinkOptions<Stream extends MediaStreamLike> {
  peerId: PeerId
  pc: SendingPeerConnectionLike<Stream>
  /** What `pc` was made with; fresh ICE servers replace only its `iceServers`. */
  config: RtcConfigurationLike
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
  /** The chat channel opened, closed, or carried a frame. */
  onChat?: (event: ChatChannelEvent) => void
  /** The peer-state channel (camera, microphone, screen, name) opened, closed, or carried a frame. */
  onPeerState?: (event: PeerStateChannelEvent) => void
  /** The safety check's channel was made (once per connection): whoever runs the check takes it from here. */
  onSafetyChannel?: (channel: DataChannelLike) => void
  /** Default `DEFAULT_ICE_RECOVERY`. */
  recovery?: IceRecoveryPolicy
  /** Low data: the whole call under 300 kbit/s each way (media-tuning.ts). Default off. */
  lowData?: boolean
  /** The browser's audio codecs, for RED (`RTCRtpReceiver.getCapabilities('audio').codecs`). Default: none. */
  audioCodecs?: () => readonly CodecLike[] | null
}

export class PeerLink<Stream extends MediaStreamLike = MediaStreamLike> {
  readonly peerId: PeerId
  readonly #pc: SendingPeerConnectionLike<Stream>
  readonly #negotiation: Negotiation<Stream>
  readonly #localStream: Stream | null
  readonly #onRemoteStream: (stream: Stream) => void
  readonly #onEvent: (event: PeerLinkEvent) => void
  readonly #onChat: (event: ChatChannelEvent) => void
  readonly #onPeerState: (event: PeerStateChannelEvent) => void
  readonly #onSafetyChannel: (channel: DataChannelLike) => void
  readonly #onError: (error: unknown) => void
  readonly #polite: boolean
  readonly #recovery: IceRecoveryPolicy
  readonly #tuning: MediaTuning
  #config: RtcConfigurationLike
  #mediaAttached = false
  #chat: ChatChannel | null = null
  #peerState: PeerStateChannel | null = null
  #safetyChannel: DataChannelLike | null = null
  #lastState: PeerConnectionStateLike | null = null
  #closed = false
  /** ICE restarts made since the connection last worked. */
  #restarts = 0
  /** The next ICE restart (after the grace of `disconnected`, or the backoff after a restart). */
  #restartTimer: ReturnType<typeof setTimeout> | null = null
  /** The end of the call if the connection is not back by then; set from the first drop until it recovers. */
  #giveUpTimer: ReturnType<typeof setTimeout> | null = null
  /** Whether the gathering under way produced a relayed candidate (checked only when relay-only). */
  #gatheredRelay = false
  /** Whether this connection has ever connected: after that, a failed gathering is the recovery's to retry. */
  #everConnected = false
  /** RTP packets received when this side's signaling link dropped (`signalingLost`), until it is back. */
  #packetsAtSignalingLoss: Promise<number | null> | null = null

  constructor(options: PeerLinkOptions<Stream>) {
    this.peerId = options.peerId
    this.#pc = options.pc
    this.#localStream = options.localStream
    this.#onRemoteStream = options.onRemoteStream
    this.#onEvent = options.onEvent
    this.#onChat = options.onChat ?? (() => {})
    this.#onPeerState = options.onPeerState ?? (() => {})
    this.#onSafetyChannel = options.onSafetyChannel ?? (() => {})
    this.#onError = options.onError
    this.#polite = options.polite
    this.#config = options.config
    this.#recovery = options.recovery ?? DEFAULT_ICE_RECOVERY
    this.#tuning = new MediaTuning(options.pc, {
      lowData: options.lowData ?? false,
      audioCodecs: options.audioCodecs ?? (() => null),
      onError: options.onError,
    })
    this.#negotiation = new Negotiation<Stream>({
      pc: options.pc,
      polite: options.polite,
      send: options.send,
      onError: options.onError,
      outgoingSdp: (sdp) => this.#tuning.outgoingSdp(sdp),
      beforeAnswer: () => {
        // Made only now on the polite side: before the offer is applied it would make negotiation needed and
        // start an offer of our own; after it, the offer's data section already covers it.
        this.#openChatChannel()
        this.#attachMedia({ receiveMissingKinds: false })
      },
    })
    this.#pc.addEventListener('track', this.#handleTrack)
    this.#pc.addEventListener('connectionstatechange', this.#handleStateChange)
    this.#pc.addEventListener('iceconnectionstatechange', this.#handleStateChange)
    this.#pc.addEventListener('icecandidate', this.#handleLocalCandidate)
    if (!options.polite) {
      this.#openChatChannel()
      this.#attachMedia({ receiveMissingKinds: true })
    }
  }

  handleDescription(description: SessionDescription): Promise<void> {
    return this.#negotiation.handleDescription(description)
  }

  handleCandidate(candidate: IceCandidate): Promise<void> {
    return this.#negotiation.handleCandidate(candidate)
  }

  /**
   * Fresh ICE servers (new TURN credentials): kept with the rest of the configuration, so the relay policy
   * stays, and used from the next gathering on (an ICE restart); the media flowing now is not touched. Set on
   * top of the configuration in force, not `config`: the factory may have added what cannot change (the
   * certificate), and leaving it out would make `setConfiguration` throw.
   */
  updateIceServers(iceServers: IceServer[]): void {
    if (this.#closed) return
    this.#config = { ...this.#config, iceServers }
    this.#pc.setConfiguration({ ...this.#pc.getConfiguration(), ...this.#config })
  }

  /** The connection's state now (read when the call resumes after the signaling server came back). */
  get connectionState(): PeerConnectionStateLike {
    return effectiveConnectionState(this.#pc)
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
    // A screen in place of the camera (or back) changes the ceiling and what gives way first.
    await this.#tuning.tune(sender)
    return true
  }

  /** Whether chat frames can be sent now. */
  get chatOpen(): boolean {
    return this.#chat?.open ?? false
  }

  /** Sends one chat frame peer to peer; false when the channel is not open or refused it (buffer full). */
  sendChat(frame: string): boolean {
    return this.#chat?.send(frame) ?? false
  }

  /** Sends one peer-state frame peer to peer; false when the channel is not open or refused it. */
  sendPeerState(frame: string): boolean {
    return this.#peerState?.send(frame) ?? false
  }

  /** The connection's statistics (`RTCPeerConnection.getStats()`), for the quality panel. */
  getStats(): Promise<StatsReportLike> {
    return this.#pc.getStats()
  }

  /**
   * The statistics of the received sound only (`getStats` with the audio receiver's track): read four times a
   * second for the speaking ring, so it asks for the one stream it needs, not the whole connection's report.
   */
  getReceivedAudioStats(): Promise<StatsReportLike> {
    const audio = this.#pc.getTransceivers().find((transceiver) => transceiver.receiver.track.kind === 'audio')
    return this.#pc.getStats(audio?.receiver.track ?? null)
  }

  /** The session descriptions in force (their `a=fingerprint` lines are checked against the certificates in use). */
  descriptions(): { local: string | null; remote: string | null } {
    return { local: this.#pc.localDescription?.sdp ?? null, remote: this.#pc.remoteDescription?.sdp ?? null }
  }

  /** This side's link to the signaling server dropped: notes how much media had arrived, for `signalingBack`. */
  signalingLost(): void {
    if (this.#closed || this.#packetsAtSignalingLoss !== null) return
    this.#packetsAtSignalingLoss = receivedPackets(this.#pc).catch(() => null)
  }

  /**
   * This side's link to the signaling server came back under the same id (`peerPresent`: with the other side in
   * the room, so that an offer reaches it). If no media arrived since the link dropped,
   * this side's network most likely changed: a new public address breaks the path at once, but ICE calls it
   * `disconnected` only after about 5 s, and only then would the grace and the role rules allow a restart. So ICE
   * restarts now, from this side whatever its role (only this side knows what happened; perfect negotiation
   * settles a collision with the other side's restart). Media that went on arriving restarts nothing.
   */
  async signalingBack(peerPresent: boolean): Promise<void> {
    const atLoss = this.#packetsAtSignalingLoss
    this.#packetsAtSignalingLoss = null
    if (atLoss === null || !peerPresent || this.#closed) return
    try {
      const before = await atLoss
      if (before === null || this.#closed || (await receivedPackets(this.#pc)) > before) return
    } catch (error) {
      return this.#onError(error)
    }
    // No give-up timer: ICE may never have left `connected`, and would then never clear it. If the restart does
    // not help, ICE says `disconnected` soon enough and the usual recovery takes over.
    if (this.#restartTimer !== null) clearTimeout(this.#restartTimer)
    this.#restarts += 1
    this.#pc.restartIce()
    this.#scheduleRestart(backoffDelay(this.#restarts, this.#recovery.retry))
  }

  /** Removes every listener and closes the peer connection. Nothing is reported afterwards. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#chat?.close()
    this.#peerState?.close()
    this.#clearRecovery()
    this.#negotiation.dispose()
    this.#pc.removeEventListener('track', this.#handleTrack)
    this.#pc.removeEventListener('connectionstatechange', this.#handleStateChange)
    this.#pc.removeEventListener('iceconnectionstatechange', this.#handleStateChange)
    this.#pc.removeEventListener('icecandidate', this.#handleLocalCandidate)
    this.#pc.close()
  }

  #openChatChannel(): void {
    this.#chat ??= new ChatChannel(this.#pc, this.#onChat)
    // Made with the chat's, so it rides in the same offer or answer (peer-state-channel.ts).
    this.#peerState ??= new PeerStateChannel(this.#pc, this.#onPeerState)
    // And the safety check's (safety-channel.ts); closing the connection closes it.
    if (!this.#safetyChannel) this.#onSafetyChannel((this.#safetyChannel = openSafetyChannel(this.#pc)))
  }

  #attachMedia(options: { receiveMissingKinds: boolean }): void {
    if (this.#mediaAttached) return
    this.#mediaAttached = true
    attachLocalMedia(this.#pc, this.#localStream, options)
    // Before the offer or answer is made from these transceivers: the codec order goes into it.
    this.#tuning.afterAttach()
  }

  readonly #handleTrack = (event: TrackEventLike<Stream>): void => {
    const stream = event.streams[0]
    if (!this.#closed && stream) this.#onRemoteStream(stream)
  }

  /**
   * Relay-only gathers nothing when the TURN server is unreachable or refuses the credentials, and ICE then
   * sits in "checking" with nothing to check. The end of a gathering without one relayed candidate says so at
   * once, instead of a "Connecting…" that never ends. Only before the call first connects: during recovery
   * (an ICE restart while the relay is down for a moment) the restart policy keeps trying until it gives up.
   */
  readonly #handleLocalCandidate = (event: IceCandidateEventLike): void => {
    if (this.#closed || this.#config.iceTransportPolicy !== 'relay') return
    if (event.candidate === null) {
      const gathered = this.#gatheredRelay
      this.#gatheredRelay = false
      if (!gathered && !this.#everConnected) this.#onEvent({ type: 'failed', note: 'relayUnreachable' })
      return
    }
    if (/ typ relay(?: |$)/.test(event.candidate.candidate)) this.#gatheredRelay = true
  }

  readonly #handleStateChange = (): void => {
    if (this.#closed) return
    const state = effectiveConnectionState(this.#pc)
    if (state === this.#lastState) return
    this.#lastState = state
    switch (state) {
      case 'connected':
        this.#everConnected = true
        this.#clearRecovery()
        this.#restarts = 0
        break
      case 'disconnected':
        this.#startGiveUpTimer()
        // Often only a moment's loss (a Wi-Fi hiccup) that ICE heals by itself: restart only if it lasts.
        if (this.#restartTimer === null) this.#scheduleRestart(this.#recovery.disconnectedGraceMs)
        break
      case 'failed':
        this.#startGiveUpTimer()
        this.#restart()
        this.#onEvent({ type: 'media-restarting' })
        return
      default:
        break
    }
    this.#onEvent({ type: 'media-connection', state })
  }

  /**
   * Restarts ICE and schedules the next try in case this one does not bring the connection back. Only the
   * impolite side (the one that made the first offer) restarts: two restart offers at once would only collide,
   * and the polite side's connection recovers with the other side's restart all the same.
   */
  #restart(): void {
    if (this.#restartTimer !== null) clearTimeout(this.#restartTimer)
    this.#restartTimer = null
    if (this.#polite) return
    this.#restarts += 1
    this.#pc.restartIce()
    this.#scheduleRestart(backoffDelay(this.#restarts, this.#recovery.retry))
  }

  #scheduleRestart(delayMs: number): void {
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null
      if (this.#closed || this.#lastState === 'connected') return
      this.#restart()
    }, delayMs)
  }

  #startGiveUpTimer(): void {
    if (this.#giveUpTimer !== null) return
    this.#giveUpTimer = setTimeout(() => {
      this.#giveUpTimer = null
      if (this.#closed) return
      this.#clearRecovery()
      this.#onEvent({ type: 'failed', note: 'mediaLost' })
    }, this.#recovery.giveUpAfterMs)
  }

  #clearRecovery(): void {
    if (this.#restartTimer !== null) clearTimeout(this.#restartTimer)
    if (this.#giveUpTimer !== null) clearTimeout(this.#giveUpTimer)
    this.#restartTimer = null
    this.#giveUpTimer = null
  }
}

/** RTP packets received so far, audio and video together. */
async function receivedPackets(pc: SendingPeerConnectionLike<MediaStreamLike>): Promise<number> {
  let packets = 0
  ;(await pc.getStats()).forEach((stat) => {
    if (stat.type === 'inbound-rtp' && typeof stat.packetsReceived === 'number') packets += stat.packetsReceived
  })
  return packets
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
