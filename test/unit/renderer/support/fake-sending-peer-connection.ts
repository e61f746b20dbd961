/**
 * `FakePeerConnection` with what a call uses beyond negotiation: `getSenders()`, one sender per transceiver,
 * whose `replaceTrack` swaps the track on the same transceiver. As in browsers, that changes neither the
 * direction nor the mid, so it never makes negotiation needed. Each replace is logged in `history`.
 *
 * Also `setConfiguration` (recorded; `configuration` is the one in force) and `iceTransportPolicy: 'relay'`:
 * then the gathered candidates are relayed ones, one for each host candidate, when the configuration has a
 * TURN server, and there are none without one (only the end-of-candidates markers), as when the relay is
 * missing or refuses the credentials.
 *
 * For the call's tuning: each sender's `getParameters`/`setParameters` (one encoding, as Chromium has before
 * negotiation; every `setParameters` is kept in the sender's `parametersSet`, not in `history`, which lists what
 * touches negotiation), and `getTransceivers()`
 * whose `setCodecPreferences` keeps the list it was given.
 */
import type {
  CodecLike,
  IceCandidateEventLike,
  PeerConnectionEventMapLike,
  PeerConnectionEventName,
  RtcConfigurationLike,
  RtpSendParametersLike,
} from '../../../../src/renderer/src/call/rtc-types'
import type { FakeMediaStream, FakeTrack } from '../../../support/fake-media'
import { createFakePeerConnectionFactory, FakePeerConnection, namedError, type FakeTransceiver } from '../../../support/fake-peer-connection'

export class FakeSender {
  readonly replacedWith: (FakeTrack | null)[] = []
  /** Every parameter set given to `setParameters`, in order. */
  readonly parametersSet: RtpSendParametersLike[] = []
  #parameters: RtpSendParametersLike = { encodings: [{ active: true }] }

  constructor(
    readonly transceiver: FakeTransceiver,
    readonly pc: FakeSendingPeerConnection,
  ) {}

  get track(): FakeTrack | null {
    return this.transceiver.senderTrack
  }

  async replaceTrack(track: FakeTrack | null): Promise<void> {
    await Promise.resolve()
    if (this.pc.closed) throw namedError('InvalidStateError', 'The RTCPeerConnection is closed')
    if (track && track.kind !== this.transceiver.kind) throw new TypeError(`cannot send a ${track.kind} track on a ${this.transceiver.kind} sender`)
    this.transceiver.senderTrack = track
    this.replacedWith.push(track)
    this.pc.history.push(`replaceTrack ${this.transceiver.kind}`)
  }

  getParameters(): RtpSendParametersLike {
    return structuredClone(this.#parameters)
  }

  async setParameters(parameters: RtpSendParametersLike): Promise<void> {
    await Promise.resolve()
    if (this.pc.closed) throw namedError('InvalidStateError', 'The RTCPeerConnection is closed')
    this.#parameters = structuredClone(parameters)
    this.parametersSet.push(structuredClone(parameters))
  }
}

/** What `getTransceivers()` hands out: the receiver's track kind, and the codec order it was given. */
export class FakeRtpTransceiver {
  codecPreferences: CodecLike[] | null = null
  /** The connection's `history` when the preferences were set: an offer or answer made before misses them. */
  historyWhenPreferred: string[] | null = null

  constructor(
    readonly transceiver: FakeTransceiver,
    readonly pc: FakeSendingPeerConnection,
  ) {}

  get receiver(): { track: { kind: string; enabled: boolean; stop(): void } } {
    return { track: { kind: this.transceiver.kind, enabled: true, stop: () => undefined } }
  }

  setCodecPreferences(codecs: CodecLike[]): void {
    if (this.pc.closed) throw namedError('InvalidStateError', 'The RTCPeerConnection is closed')
    this.codecPreferences = [...codecs]
    this.historyWhenPreferred = [...this.pc.history]
  }
}

type CandidateListener = (event: IceCandidateEventLike) => void

export class FakeSendingPeerConnection extends FakePeerConnection {
  readonly #senders = new WeakMap<FakeTransceiver, FakeSender>()
  /** Every configuration given with `setConfiguration`, in order. */
  readonly configurations: RtcConfigurationLike[] = []
  #configuration: RtcConfigurationLike | undefined
  readonly #candidateListeners = new Map<unknown, CandidateListener>()

  constructor(config?: RtcConfigurationLike, name?: string) {
    super(config, name)
    this.#configuration = config
  }

  /** The configuration in force: the one made with, or the last one set. */
  get configuration(): RtcConfigurationLike | undefined {
    return this.#configuration
  }

  getConfiguration(): RtcConfigurationLike {
    return { ...(this.#configuration ?? { iceServers: [], iceTransportPolicy: 'all' }) }
  }

  setConfiguration(configuration: RtcConfigurationLike): void {
    if (this.closed) throw namedError('InvalidStateError', 'The RTCPeerConnection is closed')
    this.#configuration = configuration
    this.configurations.push(configuration)
    this.history.push('setConfiguration')
  }

  override addEventListener<K extends PeerConnectionEventName>(
    type: K,
    listener: (event: PeerConnectionEventMapLike<FakeMediaStream>[K]) => void,
  ): void {
    if (type !== 'icecandidate') return super.addEventListener(type, listener)
    const deliver = listener as unknown as CandidateListener
    const filtered: CandidateListener = (event) => {
      const gathered = this.#asGathered(event)
      if (gathered) deliver(gathered)
    }
    this.#candidateListeners.set(listener, filtered)
    super.addEventListener('icecandidate', filtered)
  }

  override removeEventListener<K extends PeerConnectionEventName>(
    type: K,
    listener: (event: PeerConnectionEventMapLike<FakeMediaStream>[K]) => void,
  ): void {
    if (type !== 'icecandidate') return super.removeEventListener(type, listener)
    const filtered = this.#candidateListeners.get(listener)
    if (!filtered) return
    this.#candidateListeners.delete(listener)
    super.removeEventListener('icecandidate', filtered)
  }

  /** What the base fake gathered, as relay-only would gather it; null when nothing is gathered. */
  #asGathered(event: IceCandidateEventLike): IceCandidateEventLike | null {
    const candidate = event.candidate
    if (this.#configuration?.iceTransportPolicy !== 'relay' || candidate === null || candidate.candidate === '') return event
    const hasTurn = this.#configuration.iceServers.some((server) => server.urls.some((url) => /^turns?:/.test(url)))
    if (!hasTurn) return null
    return { candidate: { ...candidate, candidate: candidate.candidate.replace(/ typ host$/, ' typ relay raddr 0.0.0.0 rport 0') } }
  }

  readonly #rtpTransceivers = new WeakMap<FakeTransceiver, FakeRtpTransceiver>()

  getTransceivers(): FakeRtpTransceiver[] {
    return this.transceivers.map((transceiver) => {
      let wrapper = this.#rtpTransceivers.get(transceiver)
      if (!wrapper) this.#rtpTransceivers.set(transceiver, (wrapper = new FakeRtpTransceiver(transceiver, this)))
      return wrapper
    })
  }

  getSenders(): FakeSender[] {
    return this.transceivers.map((transceiver) => {
      let sender = this.#senders.get(transceiver)
      if (!sender) this.#senders.set(transceiver, (sender = new FakeSender(transceiver, this)))
      return sender
    })
  }
}

/** A factory for `CallSession` that keeps every `FakeSendingPeerConnection` it made, newest last. */
export function createFakeSendingPeerConnectionFactory() {
  return createFakePeerConnectionFactory((config) => new FakeSendingPeerConnection(config))
}

