/**
 * One call: joins the room through the bridge, makes a peer connection with whoever else is there, and
 * reports what the call screen should show. Given its collaborators (bridge, peer-connection factory, local
 * stream), so it runs against fakes in Node and against Chromium's WebRTC for real.
 *
 * Roles: the person who was in the room first is polite and makes their connection only when the newcomer's
 * first offer arrives; the newcomer is impolite, makes its connection at once and offers. So the first offer
 * never collides; later renegotiations (ICE restarts) from either side go through perfect negotiation. The
 * connection itself is a `PeerLink`, made fresh for every person who joins.
 */
import type {
  CandidateEvent,
  ConnectionState,
  DescriptionEvent,
  IceServersEvent,
  JoinedEvent,
  PeerJoinedEvent,
  PeerLeftEvent,
  SignalingErrorEvent,
  TonghwaBridge,
  Unsubscribe,
} from '../../../shared/ipc-contract'
import type { IceServer, PeerId, SignalData } from '../../../shared/protocol'
import type { RoomCode } from '../../../shared/room-code'
import { IDLE_PHASE, isFinalPhase, reduceCallPhase, type CallEvent, type CallPhase } from './call-phase'
import type { ChatChannelEvent } from './chat-channel'
import type { PeerStateChannelEvent } from './peer-state-channel'
import { PeerLink, type IceRecoveryPolicy } from './peer-link'
import type {
  CodecLike,
  CreatePeerConnection,
  DataChannelLike,
  MediaKind,
  MediaStreamLike,
  MediaStreamTrackLike,
  RtcConfigurationLike,
  StatsReportLike,
} from './rtc-types'

export interface CallSessionOptions<Stream extends MediaStreamLike> {
  bridge: TonghwaBridge
  createPeerConnection: CreatePeerConnection<Stream>
  /** Camera and/or microphone, or `null` to join receive-only. Its tracks are stopped on hang-up. */
  localStream: Stream | null
  room: RoomCode
  /**
   * "Always use a relay": only TURN-relayed candidates are used, so the other side never learns this device's
   * addresses. The call fails with a plain message when the server offers no relay or it cannot be reached.
   * Default false.
   */
  relayOnly?: boolean
  /** Low data: the whole call under 300 kbit/s in each direction (call/media-budget.ts). Default false. */
  lowData?: boolean
  /** The browser's audio codecs, so audio RED can go first (`RTCRtpReceiver.getCapabilities`). Default: none. */
  audioCodecs?: () => readonly CodecLike[] | null
  /** How a dropped connection is restarted and when that is given up. Default `DEFAULT_ICE_RECOVERY`. */
  iceRecovery?: IceRecoveryPolicy
  /** Called with every new phase. */
  onPhase?: (phase: CallPhase) => void
  /**
   * Called when the other person's media arrives or gains a kind of track, and with `null` when their
   * connection goes away. `kinds` lists what the stream carries (`audio`, `video`).
   */
  onRemoteStream?: (stream: Stream | null, kinds: readonly string[]) => void
  /**
   * The chat's data channel: `chat-connecting` when a connection to someone starts, `chat-open`, `chat-closed`
   * (also when the connection is closed here), and every frame that arrives, unvalidated.
   */
  onChat?: (event: ChatChannelEvent) => void
  /** The peer-state channel, reported like the chat's: `peer-state-connecting`, `-open`, `-closed`, and every frame, unvalidated. */
  onPeerState?: (event: PeerStateChannelEvent) => void
  /** Each new connection's safety-check channel, as it is made (safety-channel.ts). */
  onSafetyChannel?: (channel: DataChannelLike) => void
  /** Errors that do not change the phase (a failed send, a negotiation step that failed). Default `console.warn`. */
  onError?: (error: unknown) => void
}

/**
 * What became of a new local track handed to the call:
 * - `replaced`: the connection sends it now, in place of the old one (no renegotiation);
 * - `pending`: no connection has the local tracks yet; it takes the stream's tracks as they are when it does;
 * - `not-sending`: the connection sends no track of this kind (the call started without one);
 * - `no-call`: the call has not started or is over.
 */
export type TrackReplacement = 'replaced' | 'pending' | 'not-sending' | 'no-call'

export class CallSession<Stream extends MediaStreamLike = MediaStreamLike> {
  readonly #bridge: TonghwaBridge
  readonly #createPeerConnection: CreatePeerConnection<Stream>
  readonly #localStream: Stream | null
  readonly #room: RoomCode
  readonly #relayOnly: boolean
  readonly #lowData: boolean
  readonly #audioCodecs: (() => readonly CodecLike[] | null) | undefined
  readonly #iceRecovery: IceRecoveryPolicy | undefined
  readonly #onPhase: (phase: CallPhase) => void
  readonly #onRemoteStream: (stream: Stream | null, kinds: readonly string[]) => void
  readonly #onChat: (event: ChatChannelEvent) => void
  readonly #onPeerState: (event: PeerStateChannelEvent) => void
  readonly #onSafetyChannel: (channel: DataChannelLike) => void
  readonly #onError: (error: unknown) => void

  #phase: CallPhase = IDLE_PHASE
  #subscriptions: Unsubscribe[] = []
  #started = false
  #ended = false
  #leaving: Promise<void> | null = null
  #sawConnectionState = false
  #selfId: PeerId | null = null
  #iceServers: IceServer[] = []
  #remotePeerId: PeerId | null = null
  #link: PeerLink<Stream> | null = null
  #remoteStream: Stream | null = null
  #remoteKinds: readonly string[] = []

  constructor(options: CallSessionOptions<Stream>) {
    this.#bridge = options.bridge
    this.#createPeerConnection = options.createPeerConnection
    this.#localStream = options.localStream
    this.#room = options.room
    this.#relayOnly = options.relayOnly ?? false
    this.#lowData = options.lowData ?? false
    this.#audioCodecs = options.audioCodecs
    this.#iceRecovery = options.iceRecovery
    this.#onPhase = options.onPhase ?? (() => {})
    this.#onRemoteStream = options.onRemoteStream ?? (() => {})
    this.#onChat = options.onChat ?? (() => {})
    this.#onPeerState = options.onPeerState ?? (() => {})
    this.#onSafetyChannel = options.onSafetyChannel ?? (() => {})
    this.#onError = options.onError ?? ((error) => console.warn('[call]', error))
  }

  get phase(): CallPhase {
    return this.#phase
  }

  get room(): RoomCode {
    return this.#room
  }

  get remoteStream(): Stream | null {
    return this.#remoteStream
  }

  /** The kinds of track the other person's stream carries, sorted: `[]`, `['audio']`, `['audio', 'video']`… */
  get remoteKinds(): readonly string[] {
    return this.#remoteKinds
  }

  /** This side's peer id in the room, once joined. */
  get selfId(): PeerId | null {
    return this.#selfId
  }

  /** The other person's peer id, while they are in the room. */
  get remotePeerId(): PeerId | null {
    return this.#remotePeerId
  }

  /**
   * Switches the camera or microphone mid-call: `track` replaces the local track of its kind on the
   * connection. Never adds or removes a track or transceiver, so no offer is made. The caller swaps the
   * track in the local stream (this session's `localStream`), stops the old one, and keeps it muted or not.
   */
  async replaceLocalTrack(kind: MediaKind, track: MediaStreamTrackLike): Promise<TrackReplacement> {
    if (!this.#started || this.#ended) return 'no-call'
    const link = this.#link
    if (!link || !link.mediaAttached) return 'pending'
    return (await link.replaceTrack(kind, track)) ? 'replaced' : 'not-sending'
  }

  /**
   * Sends a chat frame to the other person over the data channel, peer to peer (never through the signaling
   * server). False when there is no open channel.
   */
  sendChat(frame: string): boolean {
    return !this.#ended && this.#link !== null && this.#link.sendChat(frame)
  }

  /** Sends this side's state (peer-state-wire.ts) to the other person's app, peer to peer; false when the channel is not open. */
  sendPeerState(frame: string): boolean {
    return !this.#ended && this.#link !== null && this.#link.sendPeerState(frame)
  }

  /** The current connection's statistics, or null when there is none. */
  getStats(): Promise<StatsReportLike> | null {
    return this.#ended || !this.#link ? null : this.#link.getStats()
  }

  /** The received sound's statistics on the current connection (its level), or null when there is none. */
  getReceivedAudioStats(): Promise<StatsReportLike> | null {
    return this.#ended || !this.#link ? null : this.#link.getReceivedAudioStats()
  }

  /** The current connection's session descriptions, or null when there is none (for the safety numbers). */
  getDescriptions(): { local: string | null; remote: string | null } | null {
    return this.#ended || !this.#link ? null : this.#link.descriptions()
  }

  /** Subscribes to the bridge and asks to join the room (the bridge joins once its link is open). */
  start(): void {
    if (this.#started || this.#ended) return
    this.#started = true
    const bridge = this.#bridge
    this.#subscriptions = [
      bridge.onConnectionState((state) => {
        this.#sawConnectionState = true
        this.#handleConnectionState(state)
      }),
      bridge.onJoined((event) => this.#handleJoined(event)),
      bridge.onPeerJoined((event) => this.#handlePeerJoined(event)),
      bridge.onPeerLeft((event) => this.#handlePeerLeft(event)),
      bridge.onDescription((event) => this.#handleDescription(event)),
      bridge.onCandidate((event) => this.#handleCandidate(event)),
      bridge.onSignalingError((event) => this.#handleSignalingError(event)),
      bridge.onIceServers((event) => this.#handleIceServers(event)),
    ]
    this.#dispatch({ type: 'join-started' })
    bridge.getConnectionState().then(
      // A state event that arrived meanwhile is newer than this answer.
      (state) => {
        if (!this.#sawConnectionState && !this.#ended) this.#handleConnectionState(state)
      },
      (error: unknown) => this.#reportError(error),
    )
    bridge.joinRoom(this.#room).catch((error: unknown) => {
      if (this.#ended) return
      this.#reportError(error)
      this.#dispatch({ type: 'failed', note: 'joinFailed' })
    })
  }

  /**
   * Leaves the room and tears everything down: the peer connection is closed, local tracks are stopped, and
   * every bridge subscription and peer-connection listener is removed. Safe to call more than once. A call
   * that ends by itself (room full, failed) is torn down the same way at once, keeping its phase.
   */
  async hangUp(): Promise<void> {
    if (this.#phase.name !== 'ended') this.#dispatch({ type: 'hung-up' })
    await this.#teardown()
  }

  #teardown(): Promise<void> {
    if (this.#leaving) return this.#leaving
    this.#ended = true
    for (const unsubscribe of this.#subscriptions) unsubscribe()
    this.#subscriptions = []
    this.#closeLink()
    this.#remotePeerId = null
    for (const track of this.#localStream?.getTracks() ?? []) track.stop()
    // Always sent once started, even before `joined`: it also tells the signaling client to stop re-joining.
    this.#leaving = this.#started ? this.#bridge.leaveRoom().catch((error: unknown) => this.#reportError(error)) : Promise.resolve()
    return this.#leaving
  }

  #handleConnectionState(state: ConnectionState): void {
    if (state.status === 'closed') {
      this.#closeLink()
      this.#remotePeerId = null
    }
    // On `reconnecting` the connection is kept: media goes peer to peer and may well still flow. The signaling
    // client rejoins claiming the same peer id; `joined` then says whether the connection goes on.
    if (state.status === 'reconnecting') this.#link?.signalingLost()
    const refusal = state.status === 'reconnecting' ? state.refusal?.code : null
    this.#dispatch(refusal ? { type: 'server-connection', status: state.status, refusal } : { type: 'server-connection', status: state.status })
  }

  #handleJoined(event: JoinedEvent): void {
    if (event.room !== this.#room) return
    const link = this.#link
    if (link && event.peerId === this.#selfId) {
      // The server gave our old id back: the other side still knows us by it, so the connection goes on.
      this.#iceServers = event.iceServers
      link.updateIceServers(event.iceServers)
      this.#remotePeerId = link.peerId
      const peerPresent = event.peers.includes(link.peerId)
      // If our media stopped as our link did, our network changed: ICE restarts at once (peer-link.ts).
      void link.signalingBack(peerPresent)
      // If they are not back yet, their `peer-joined` for the same id resumes the call.
      if (peerPresent) this.#dispatch({ type: 'resumed', state: link.connectionState })
      return
    }
    this.#closeLink()
    this.#selfId = event.peerId
    this.#iceServers = event.iceServers
    if (this.#relayOnly && !offersRelay(event.iceServers)) {
      // Waiting for the other person would only end in a connection that cannot start: say so now.
      this.#dispatch({ type: 'failed', note: 'noRelayServer' })
      return
    }
    this.#remotePeerId = event.peers.find((peer) => peer !== event.peerId) ?? null
    this.#dispatch({ type: 'joined', peerPresent: this.#remotePeerId !== null })
    if (this.#remotePeerId !== null) this.#openLink(this.#remotePeerId, { polite: false })
  }

  #handlePeerJoined(event: PeerJoinedEvent): void {
    if (this.#selfId === null || event.peerId === this.#selfId) return
    if (this.#link && this.#link.peerId === event.peerId) {
      // The person we are connected to is back under the same id (their link to the server dropped): no new person.
      this.#remotePeerId = event.peerId
      this.#dispatch({ type: 'resumed', state: this.#link.connectionState })
      return
    }
    if (this.#link) this.#closeLink()
    this.#remotePeerId = event.peerId
    // Polite: nothing to do until their offer arrives.
    this.#dispatch({ type: 'peer-joined' })
  }

  #handlePeerLeft(event: PeerLeftEvent): void {
    if (event.peerId !== this.#remotePeerId) return
    if (event.reason === 'disconnected' && this.#link) {
      // They lost the server, not necessarily us: their media may still flow, and they may come back under the
      // same id. The connection is kept (closed on hang-up, or when someone else joins).
      this.#dispatch({ type: 'peer-left', reason: event.reason })
      return
    }
    this.#closeLink()
    this.#remotePeerId = null
    this.#dispatch({ type: 'peer-left', reason: event.reason })
  }

  #handleDescription(event: DescriptionEvent): void {
    if (event.from !== this.#remotePeerId) return
    let link = this.#link
    if (!link) {
      // Only an offer can start a connection; a stray answer belongs to one that is already gone.
      if (event.description.type !== 'offer') return
      link = this.#openLink(event.from, { polite: true })
    }
    void link.handleDescription(event.description)
  }

  #handleCandidate(event: CandidateEvent): void {
    if (event.from !== this.#remotePeerId || !this.#link) return
    void this.#link.handleCandidate(event.candidate)
  }

  /** Fresh TURN credentials before the old ones expire: for the connection now and any made later. */
  #handleIceServers(event: IceServersEvent): void {
    this.#iceServers = event.iceServers
    this.#link?.updateIceServers(event.iceServers)
  }

  #handleSignalingError(event: SignalingErrorEvent): void {
    const before = this.#phase
    this.#dispatch(event.retryAfterMs === undefined ? { type: 'signaling-error', code: event.code } : { type: 'signaling-error', code: event.code, retryAfterMs: event.retryAfterMs })
    // One the person was not shown (a signal that raced the other side leaving, say) still goes to the log.
    if (this.#phase === before) this.#reportError(new Error(`${event.code}: ${event.message}`))
  }

  #openLink(peerId: PeerId, { polite }: { polite: boolean }): PeerLink<Stream> {
    const config: RtcConfigurationLike = { iceServers: this.#iceServers, iceTransportPolicy: this.#relayOnly ? 'relay' : 'all' }
    const link: PeerLink<Stream> = new PeerLink<Stream>({
      peerId,
      pc: this.#createPeerConnection(config),
      config,
      polite,
      ...(this.#iceRecovery ? { recovery: this.#iceRecovery } : {}),
      lowData: this.#lowData,
      ...(this.#audioCodecs ? { audioCodecs: this.#audioCodecs } : {}),
      localStream: this.#localStream,
      send: (data) => this.#sendSignal(peerId, data),
      onError: (error) => this.#reportError(error),
      onRemoteStream: (stream) => {
        if (this.#link === link) this.#setRemoteStream(stream)
      },
      onEvent: (event) => {
        // After `peer-left` the kept connection speaks again only once they are back (`resumed`).
        if (this.#link === link && this.#phase.name !== 'peer-left') this.#dispatch(event)
      },
      onChat: (event) => {
        if (this.#link === link) this.#onChat(event)
      },
      onPeerState: (event) => {
        if (this.#link === link) this.#onPeerState(event)
      },
      // Made while the link is being constructed, before `this.#link` is set: no check against it here.
      onSafetyChannel: (channel) => {
        if (!this.#ended) this.#onSafetyChannel(channel)
      },
    })
    this.#link = link
    this.#onChat({ type: 'chat-connecting' })
    this.#onPeerState({ type: 'peer-state-connecting' })
    return link
  }

  #sendSignal(peerId: PeerId, data: SignalData): void {
    if (this.#ended || this.#remotePeerId !== peerId) return
    const sent =
      data.kind === 'description'
        ? this.#bridge.sendDescription(peerId, data.description)
        : this.#bridge.sendCandidate(peerId, data.candidate)
    sent.catch((error: unknown) => this.#reportError(error))
  }

  #closeLink(): void {
    const link = this.#link
    if (!link) return
    this.#link = null
    link.close()
    // Closing the connection closes its channel without a `close` event (webrtc-pc): say so here.
    this.#onChat({ type: 'chat-closed' })
    this.#onPeerState({ type: 'peer-state-closed' })
    this.#setRemoteStream(null)
  }

  #setRemoteStream(stream: Stream | null): void {
    const kinds = stream ? [...new Set(stream.getTracks().map((track) => track.kind))].sort() : []
    if (stream === this.#remoteStream && kinds.join() === this.#remoteKinds.join()) return
    this.#remoteStream = stream
    this.#remoteKinds = kinds
    this.#onRemoteStream(stream, kinds)
  }

  #dispatch(event: CallEvent): void {
    const next = reduceCallPhase(this.#phase, event)
    if (next === this.#phase) return
    this.#phase = next
    this.#onPhase(next)
    if (isFinalPhase(next)) void this.#teardown()
  }

  #reportError(error: unknown): void {
    this.#onError(error)
  }
}

/** Whether any of the servers is a TURN server (the only kind that relays). */
function offersRelay(iceServers: readonly IceServer[]): boolean {
  return iceServers.some((server) => server.urls.some((url) => /^turns?:/i.test(url)))
}
