/**
 * A fake `RTCPeerConnection` that models what perfect negotiation depends on:
 *
 * - the signaling state machine (stable / have-local-offer / have-remote-offer / closed) with errors for calls
 *   in the wrong state, the implicit `setLocalDescription()` (offer in stable, answer in have-remote-offer),
 *   and the implicit rollback of a local offer when a remote offer is applied;
 * - an operations chain, so calls run one after another like the real thing;
 * - transceivers: `addTrack` reuses a transceiver a remote offer created for its kind, `addTransceiver` makes
 *   a new one, a remote offer's m-line is matched by mid or to an unassociated `addTrack` transceiver;
 * - `negotiationneeded` (fired in stable, when a transceiver is not yet negotiated or its direction changed,
 *   or after `restartIce()`), `icecandidate` (two host candidates, then the end-of-candidates markers, after
 *   the first local description of a gathering), and `track` for each newly received m-line;
 * - `addIceCandidate`, which fails without a remote description or for a candidate of another ICE session;
 * - `createDataChannel`: an offer made with a channel carries a data section (`data: true` in the fake SDP),
 *   and an answer has one when its offer did. Unlike browsers, a channel alone never makes negotiation needed
 *   (tests check the data section instead);
 * - `getStats`, which answers with whatever a test put in `stats`.
 *
 * Its "SDP" is JSON. Connection states do not move by themselves: tests drive them with
 * `simulateConnectionState`.
 */
import type {
  DataChannelInitLike,
  IceConnectionStateLike,
  MediaKind,
  MediaStreamTrackLike,
  PeerConnectionEventMapLike,
  PeerConnectionEventName,
  PeerConnectionLike,
  PeerConnectionStateLike,
  RtcConfigurationLike,
  SignalingStateLike,
  StatsLike,
  StatsReportLike,
} from '../../src/renderer/src/call/rtc-types'
import type { IceCandidate, SessionDescription } from '../../src/shared/protocol'
import { FakeDataChannel } from './fake-data-channel'
import { FakeMediaStream, FakeTrack } from './fake-media'

type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive'

interface FakeMLine {
  mid: string
  kind: MediaKind
  direction: Direction
  streamId: string | null
  trackId: string | null
}

/** What the fake puts in `sdp`. */
export interface FakeSdp {
  origin: string
  iceUfrag: string
  media: FakeMLine[]
  /** An m=application (SCTP) section: present once either side made a data channel. */
  data?: true
}

export interface FakeTransceiver {
  mid: string | null
  readonly kind: MediaKind
  direction: Direction
  senderTrack: FakeTrack | null
  senderStream: FakeMediaStream | null
  readonly createdBy: 'addTrack' | 'addTransceiver' | 'remote-offer'
  /** The direction this side asked for when it last put the transceiver in a local description. */
  negotiatedIntent: Direction | null
  /** The remote track id already announced with a `track` event. */
  announcedRemoteTrack: string | null
}

export class FakeDescription {
  constructor(
    readonly type: 'offer' | 'answer',
    readonly sdp: string,
  ) {}
  get parsed(): FakeSdp {
    return JSON.parse(this.sdp) as FakeSdp
  }
}

type Listener = (event: never) => void

let nextPcNumber = 1

export class FakePeerConnection implements PeerConnectionLike<FakeMediaStream> {
  readonly name: string
  readonly config: RtcConfigurationLike | undefined
  /** What happened, in order: `SLD offer`, `SRD answer`, `rollback`, `addIceCandidate`, `close`, … */
  readonly history: string[] = []
  readonly appliedCandidates: IceCandidate[] = []
  readonly transceivers: FakeTransceiver[] = []
  readonly dataChannels: FakeDataChannel[] = []
  /** What `getStats()` answers with (a fresh report each call). */
  stats: StatsLike[] = []

  #signalingState: SignalingStateLike = 'stable'
  #connectionState: PeerConnectionStateLike = 'new'
  #iceConnectionState: IceConnectionStateLike = 'new'
  #currentLocal: FakeDescription | null = null
  #pendingLocal: FakeDescription | null = null
  #currentRemote: FakeDescription | null = null
  #pendingRemote: FakeDescription | null = null
  #nextMid = 0
  #iceGeneration = 1
  #gatheredGeneration = 0
  #restartIcePending = false
  #negotiationNeeded = false
  /** Whether a completed offer/answer carried a data section. */
  #dataNegotiated = false
  #operations: Promise<unknown> = Promise.resolve()
  #pendingOperations = 0
  readonly #listeners = new Map<PeerConnectionEventName, Set<Listener>>()
  readonly #remoteStreams = new Map<string, FakeMediaStream>()

  constructor(config?: RtcConfigurationLike, name = `pc${nextPcNumber++}`) {
    this.config = config
    this.name = name
  }

  get signalingState(): SignalingStateLike {
    return this.#signalingState
  }
  get connectionState(): PeerConnectionStateLike {
    return this.#connectionState
  }
  get iceConnectionState(): IceConnectionStateLike {
    return this.#iceConnectionState
  }
  get localDescription(): FakeDescription | null {
    return this.#pendingLocal ?? this.#currentLocal
  }
  get remoteDescription(): FakeDescription | null {
    return this.#pendingRemote ?? this.#currentRemote
  }
  get closed(): boolean {
    return this.#signalingState === 'closed'
  }

  // ── listeners ──────────────────────────────────────────────────────────────────────────────────────

  addEventListener<K extends PeerConnectionEventName>(
    type: K,
    listener: (event: PeerConnectionEventMapLike<FakeMediaStream>[K]) => void,
  ): void {
    let set = this.#listeners.get(type)
    if (!set) this.#listeners.set(type, (set = new Set()))
    set.add(listener as Listener)
  }

  removeEventListener<K extends PeerConnectionEventName>(
    type: K,
    listener: (event: PeerConnectionEventMapLike<FakeMediaStream>[K]) => void,
  ): void {
    this.#listeners.get(type)?.delete(listener as Listener)
  }

  /** How many listeners are attached, in all or for one event. */
  listenerCount(type?: PeerConnectionEventName): number {
    if (type) return this.#listeners.get(type)?.size ?? 0
    let count = 0
    for (const set of this.#listeners.values()) count += set.size
    return count
  }

  #dispatch<K extends PeerConnectionEventName>(type: K, event: PeerConnectionEventMapLike<FakeMediaStream>[K]): void {
    if (this.closed) return
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      ;(listener as (event: PeerConnectionEventMapLike<FakeMediaStream>[K]) => void)(event)
    }
  }

  // ── media ──────────────────────────────────────────────────────────────────────────────────────────

  addTrack(track: FakeTrack, stream: FakeMediaStream): FakeTransceiver {
    this.#assertOpen()
    if (this.transceivers.some((t) => t.senderTrack === track)) throw namedError('InvalidAccessError', 'track already added')
    // JSEP: reuse a transceiver of the same kind that has never sent (one a remote offer created).
    let transceiver = this.transceivers.find((t) => t.kind === track.kind && t.senderTrack === null && t.createdBy === 'remote-offer')
    if (transceiver) {
      transceiver.direction = transceiver.direction === 'recvonly' ? 'sendrecv' : 'sendonly'
    } else {
      transceiver = this.#newTransceiver(track.kind as MediaKind, 'sendrecv', 'addTrack')
    }
    transceiver.senderTrack = track
    transceiver.senderStream = stream
    this.history.push(`addTrack ${track.kind}`)
    this.#updateNegotiationNeeded()
    return transceiver
  }

  addTransceiver(kind: MediaKind, init: { direction: 'recvonly' }): FakeTransceiver {
    this.#assertOpen()
    const transceiver = this.#newTransceiver(kind, init.direction, 'addTransceiver')
    this.history.push(`addTransceiver ${kind} ${init.direction}`)
    this.#updateNegotiationNeeded()
    return transceiver
  }

  createDataChannel(label: string, init: DataChannelInitLike): FakeDataChannel {
    this.#assertOpen()
    const channel = new FakeDataChannel(label, init)
    this.dataChannels.push(channel)
    return channel
  }

  /** The selector of each `getStats` call, in order (`null` for the whole connection). */
  readonly statsSelectors: Array<MediaStreamTrackLike | null> = []

  getStats(selector: MediaStreamTrackLike | null = null): Promise<StatsReportLike> {
    this.statsSelectors.push(selector)
    const stats = this.stats.map((stat) => ({ ...stat }))
    return Promise.resolve({ forEach: (callback) => stats.forEach((stat) => callback(stat)) })
  }

  restartIce(): void {
    if (this.closed) return
    this.#restartIcePending = true
    this.history.push('restartIce')
    this.#updateNegotiationNeeded()
  }

  close(): void {
    if (this.closed) return
    this.#signalingState = 'closed'
    this.#connectionState = 'closed'
    this.#iceConnectionState = 'closed'
    for (const channel of this.dataChannels) channel.markClosedByPeerConnection()
    this.history.push('close')
  }

  // ── descriptions ───────────────────────────────────────────────────────────────────────────────────

  setLocalDescription(description?: { type: 'rollback' }): Promise<void> {
    return this.#chain(() => {
      this.#assertOpen()
      if (description?.type === 'rollback') return this.#rollback()
      if (this.#signalingState === 'stable' || this.#signalingState === 'have-local-offer') return this.#createOffer()
      if (this.#signalingState === 'have-remote-offer') return this.#createAnswer()
      throw namedError('InvalidStateError', `setLocalDescription in wrong state: ${this.#signalingState}`)
    })
  }

  setRemoteDescription(description: SessionDescription): Promise<void> {
    return this.#chain(() => {
      this.#assertOpen()
      const sdp = JSON.parse(description.sdp) as FakeSdp
      if (description.type === 'offer') {
        if (this.#signalingState === 'have-local-offer') this.#rollback()
        if (this.#signalingState !== 'stable' && this.#signalingState !== 'have-remote-offer') {
          throw namedError('InvalidStateError', `Failed to set remote offer sdp: Called in wrong state: ${this.#signalingState}`)
        }
        for (const line of sdp.media) this.#associateRemoteLine(line)
        this.#pendingRemote = new FakeDescription('offer', description.sdp)
        this.#signalingState = 'have-remote-offer'
        this.history.push('SRD offer')
      } else {
        if (this.#signalingState !== 'have-local-offer') {
          throw namedError('InvalidStateError', `Failed to set remote answer sdp: Called in wrong state: ${this.#signalingState}`)
        }
        this.#currentRemote = new FakeDescription('answer', description.sdp)
        if (sdp.data) this.#dataNegotiated = true
        this.#currentLocal = this.#pendingLocal
        this.#pendingLocal = null
        this.#pendingRemote = null
        this.#enterStable()
        this.history.push('SRD answer')
      }
      this.#announceRemoteTracks(sdp)
    })
  }

  addIceCandidate(candidate: IceCandidate): Promise<void> {
    return this.#chain(() => {
      this.#assertOpen()
      const remote = this.remoteDescription
      if (!remote) throw namedError('InvalidStateError', 'The remote description was null')
      if (candidate.usernameFragment !== null && candidate.usernameFragment !== remote.parsed.iceUfrag) {
        throw namedError('OperationError', `Unknown ufrag (${candidate.usernameFragment})`)
      }
      this.appliedCandidates.push(candidate)
      this.history.push('addIceCandidate')
    })
  }

  /** Moves the connection state (and the matching ICE state) and fires the change events. */
  simulateConnectionState(state: PeerConnectionStateLike): void {
    this.#connectionState = state
    this.#iceConnectionState = state === 'connecting' ? 'checking' : state
    this.#dispatch('iceconnectionstatechange', undefined)
    this.#dispatch('connectionstatechange', undefined)
  }

  /** Delivers a track event as if the remote side's media arrived. */
  simulateRemoteTrack(track: FakeTrack, streams: FakeMediaStream[]): void {
    this.#dispatch('track', { track, streams })
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────────

  #createOffer(): void {
    if (this.#restartIcePending) {
      this.#restartIcePending = false
      this.#iceGeneration += 1
    }
    for (const t of this.transceivers) {
      if (t.mid === null) t.mid = String(this.#nextMid++)
      t.negotiatedIntent = t.direction
    }
    const media = this.transceivers.map((t) => this.#line(t, t.direction))
    const data = this.dataChannels.length > 0 || this.#dataNegotiated
    this.#pendingLocal = new FakeDescription('offer', this.#sdp(media, data))
    this.#signalingState = 'have-local-offer'
    this.history.push('SLD offer')
    this.#startGathering()
  }

  #createAnswer(): void {
    const offer = this.#pendingRemote!.parsed
    const media = offer.media.map((line) => {
      const t = this.transceivers.find((candidate) => candidate.mid === line.mid)!
      t.negotiatedIntent = t.direction
      return this.#line(t, answerDirection(t.direction, line.direction))
    })
    // Browsers accept an offered data section even without a channel of their own (one may be announced later).
    const data = offer.data === true
    if (data) this.#dataNegotiated = true
    this.#currentLocal = new FakeDescription('answer', this.#sdp(media, data))
    this.#currentRemote = this.#pendingRemote
    this.#pendingRemote = null
    this.#pendingLocal = null
    this.#enterStable()
    this.history.push('SLD answer')
    this.#startGathering()
  }

  #rollback(): void {
    if (this.#signalingState === 'have-local-offer') {
      const offered = this.#pendingLocal!.parsed
      const previous = this.#currentLocal?.parsed.media.map((line) => line.mid) ?? []
      // Transceivers whose mid came from the rolled-back offer lose it again, and their negotiation.
      for (const line of offered.media) {
        if (previous.includes(line.mid)) continue
        const t = this.transceivers.find((candidate) => candidate.mid === line.mid)
        if (t) {
          t.mid = null
          t.negotiatedIntent = null
        }
      }
      this.#pendingLocal = null
    } else if (this.#signalingState === 'have-remote-offer') {
      this.#pendingRemote = null
    } else {
      throw namedError('InvalidStateError', `rollback in wrong state: ${this.#signalingState}`)
    }
    this.#enterStable()
    this.history.push('rollback')
  }

  #associateRemoteLine(line: FakeMLine): void {
    let t = this.transceivers.find((candidate) => candidate.mid === line.mid)
    if (!t) {
      t = this.transceivers.find((candidate) => candidate.mid === null && candidate.kind === line.kind && candidate.createdBy === 'addTrack')
      if (t) t.mid = line.mid
    }
    if (!t) {
      t = this.#newTransceiver(line.kind, 'recvonly', 'remote-offer')
      t.mid = line.mid
    }
  }

  #announceRemoteTracks(sdp: FakeSdp): void {
    for (const line of sdp.media) {
      if (line.direction !== 'sendrecv' && line.direction !== 'sendonly') continue
      if (line.trackId === null || line.streamId === null) continue
      const t = this.transceivers.find((candidate) => candidate.mid === line.mid)
      if (!t || t.announcedRemoteTrack === line.trackId) continue
      t.announcedRemoteTrack = line.trackId
      let stream = this.#remoteStreams.get(line.streamId)
      if (!stream) this.#remoteStreams.set(line.streamId, (stream = new FakeMediaStream([], line.streamId)))
      const track = new FakeTrack(line.kind)
      stream.addTrack(track)
      const remoteStream = stream
      setTimeout(() => this.#dispatch('track', { track, streams: [remoteStream] }), 0)
    }
  }

  #startGathering(): void {
    if (this.#gatheredGeneration === this.#iceGeneration) return
    this.#gatheredGeneration = this.#iceGeneration
    const ufrag = this.#ufrag()
    const sdpMid = this.transceivers.find((t) => t.mid !== null)?.mid ?? '0'
    const emit = (candidate: IceCandidate | null): void => {
      setTimeout(() => this.#dispatch('icecandidate', { candidate }), 0)
    }
    for (const port of [50000, 50001]) {
      emit({ candidate: `candidate:${port} 1 udp 2122260223 127.0.0.1 ${port} typ host`, sdpMid, sdpMLineIndex: 0, usernameFragment: ufrag })
    }
    // Chromium ends a generation with an empty candidate string, then signals the end with `null`.
    emit({ candidate: '', sdpMid, sdpMLineIndex: 0, usernameFragment: ufrag })
    emit(null)
  }

  /** Back in stable, the negotiation-needed flag is worked out afresh (spec "update the negotiation-needed flag"). */
  #enterStable(): void {
    this.#signalingState = 'stable'
    this.#negotiationNeeded = false
  }

  #updateNegotiationNeeded(): void {
    if (this.closed || this.#signalingState !== 'stable' || this.#pendingOperations > 0) return
    const needed = this.#restartIcePending || this.transceivers.some((t) => t.mid === null || t.negotiatedIntent !== t.direction)
    if (!needed) {
      this.#negotiationNeeded = false
      return
    }
    if (this.#negotiationNeeded) return
    this.#negotiationNeeded = true
    // The real event is queued as a task, and only fired if negotiation is still needed then.
    setTimeout(() => {
      if (!this.#negotiationNeeded || this.closed || this.#signalingState !== 'stable') return
      this.history.push('negotiationneeded')
      this.#dispatch('negotiationneeded', undefined)
    }, 0)
  }

  #chain<T>(operation: () => T): Promise<T> {
    this.#pendingOperations += 1
    const result = this.#operations.then(async () => {
      await Promise.resolve()
      return operation()
    })
    this.#operations = result.catch(() => undefined)
    return result.finally(() => {
      this.#pendingOperations -= 1
      // Changes made while the chain was busy are looked at once it is empty.
      if (this.#pendingOperations === 0) this.#updateNegotiationNeeded()
    })
  }

  #newTransceiver(kind: MediaKind, direction: Direction, createdBy: FakeTransceiver['createdBy']): FakeTransceiver {
    const transceiver: FakeTransceiver = {
      mid: null,
      kind,
      direction,
      senderTrack: null,
      senderStream: null,
      createdBy,
      negotiatedIntent: null,
      announcedRemoteTrack: null,
    }
    this.transceivers.push(transceiver)
    return transceiver
  }

  #line(t: FakeTransceiver, direction: Direction): FakeMLine {
    const sends = direction === 'sendrecv' || direction === 'sendonly'
    return {
      mid: t.mid!,
      kind: t.kind,
      direction,
      streamId: sends ? (t.senderStream?.id ?? null) : null,
      trackId: sends ? (t.senderTrack?.id ?? null) : null,
    }
  }

  #sdp(media: FakeMLine[], data = false): string {
    const sdp: FakeSdp = { origin: this.name, iceUfrag: this.#ufrag(), media, ...(data ? { data: true as const } : {}) }
    return JSON.stringify(sdp)
  }

  #ufrag(): string {
    return `${this.name}-ice${this.#iceGeneration}`
  }

  #assertOpen(): void {
    if (this.closed) throw namedError('InvalidStateError', 'The RTCPeerConnection is closed')
  }
}

function answerDirection(local: Direction, offered: Direction): Direction {
  const send = (local === 'sendrecv' || local === 'sendonly') && (offered === 'sendrecv' || offered === 'recvonly')
  const receive = (local === 'sendrecv' || local === 'recvonly') && (offered === 'sendrecv' || offered === 'sendonly')
  return send && receive ? 'sendrecv' : send ? 'sendonly' : receive ? 'recvonly' : 'inactive'
}

export function namedError(name: string, message: string): Error {
  const error = new Error(message)
  error.name = name
  return error
}

/**
 * A factory for `CallSession` that keeps every connection it made, newest last. `make` builds each one (a
 * subclass with more of the API, for instance); by default a plain `FakePeerConnection`.
 */
export function createFakePeerConnectionFactory<P extends FakePeerConnection = FakePeerConnection>(
  make: (config: RtcConfigurationLike) => P = (config) => new FakePeerConnection(config) as P,
): {
  create: (config: RtcConfigurationLike) => P
  made: P[]
  latest: () => P
} {
  const made: P[] = []
  return {
    made,
    create: (config) => {
      const pc = make(config)
      made.push(pc)
      return pc
    },
    latest: () => {
      const pc = made.at(-1)
      if (!pc) throw new Error('no peer connection was made')
      return pc
    },
  }
}
