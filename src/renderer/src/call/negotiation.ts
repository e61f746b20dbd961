/**
 * Perfect negotiation (W3C webrtc-pc §10.7, MDN "Establishing a connection: the perfect negotiation
 * pattern"): either side may renegotiate at any time; when both offer at once, the polite side yields (its
 * `setRemoteDescription(offer)` rolls its own offer back implicitly) and the impolite side ignores the
 * colliding offer. Descriptions are created with the implicit `setLocalDescription()`, which makes an offer
 * or an answer as the signaling state requires.
 *
 * Trickle ICE on top: candidates that arrive before there is a remote description to attach them to are held
 * and applied, in order, once one is set.
 */
import type { IceCandidate, SessionDescription, SignalData } from '../../../shared/protocol'
import type {
  IceCandidateEventLike,
  IceCandidateLike,
  MediaKind,
  MediaStreamLike,
  PeerConnectionLike,
  SessionDescriptionLike,
} from './rtc-types'

export interface NegotiationOptions<Stream extends MediaStreamLike> {
  pc: PeerConnectionLike<Stream>
  /** The polite side yields when offers collide. Exactly one side of a call is polite. */
  polite: boolean
  /** Sends a description or candidate to the other side. End-of-candidates is never sent. */
  send: (data: SignalData) => void
  /** Errors that are not part of the pattern's expected glare handling. */
  onError: (error: unknown) => void
  /**
   * Runs after a remote offer is applied and before the answer is made. The polite side attaches its local
   * tracks here, so `addTrack` reuses the transceivers the offer created and the answer carries them: no
   * second round trip.
   */
  beforeAnswer?: () => void
  /**
   * The text of each description as it is sent (not as it is set locally): what this side asks of the other's
   * sending, e.g. Opus FEC and DTX (sdp-tuning.ts). Default: sent as it is.
   */
  outgoingSdp?: (sdp: string) => string
}

interface HeldCandidate {
  candidate: IceCandidate
  /** Whether it arrived while an offer was being ignored, so failing to apply it is expected. */
  ignorable: boolean
}

export class Negotiation<Stream extends MediaStreamLike = MediaStreamLike> {
  readonly #pc: PeerConnectionLike<Stream>
  readonly #polite: boolean
  readonly #send: (data: SignalData) => void
  readonly #onError: (error: unknown) => void
  readonly #beforeAnswer: (() => void) | undefined
  readonly #outgoingSdp: (sdp: string) => string

  #makingOffer = false
  #ignoreOffer = false
  #isSettingRemoteAnswerPending = false
  #heldCandidates: HeldCandidate[] = []
  /** Incoming signals are handled one at a time, in arrival order, so a candidate never overtakes its offer. */
  #inbox: Promise<void> = Promise.resolve()
  #disposed = false

  constructor(options: NegotiationOptions<Stream>) {
    this.#pc = options.pc
    this.#polite = options.polite
    this.#send = options.send
    this.#onError = options.onError
    this.#beforeAnswer = options.beforeAnswer
    this.#outgoingSdp = options.outgoingSdp ?? ((sdp) => sdp)
    this.#pc.addEventListener('negotiationneeded', this.#handleNegotiationNeeded)
    this.#pc.addEventListener('icecandidate', this.#handleIceCandidate)
  }

  get polite(): boolean {
    return this.#polite
  }

  /** Feeds a description from the other side. Resolves once it (and everything before it) is handled. */
  handleDescription(description: SessionDescription): Promise<void> {
    return this.#enqueue(() => this.#applyDescription(description))
  }

  /** Feeds a candidate from the other side. */
  handleCandidate(candidate: IceCandidate): Promise<void> {
    return this.#enqueue(() => this.#applyCandidate(candidate))
  }

  /** Detaches from the peer connection; nothing is sent or applied afterwards. Does not close it. */
  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    this.#heldCandidates = []
    this.#pc.removeEventListener('negotiationneeded', this.#handleNegotiationNeeded)
    this.#pc.removeEventListener('icecandidate', this.#handleIceCandidate)
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#inbox.then(async () => {
      if (this.#disposed) return
      try {
        await task()
      } catch (error) {
        if (!this.#disposed) this.#onError(error)
      }
    })
    this.#inbox = run
    return run
  }

  readonly #handleNegotiationNeeded = async (): Promise<void> => {
    if (this.#disposed) return
    try {
      this.#makingOffer = true
      await this.#pc.setLocalDescription()
      this.#sendLocalDescription()
    } catch (error) {
      if (!this.#disposed) this.#onError(error)
    } finally {
      this.#makingOffer = false
    }
  }

  readonly #handleIceCandidate = (event: IceCandidateEventLike): void => {
    // `null` means gathering finished and an empty string is the end-of-candidates marker of one generation:
    // neither is sent, the other side does not need them to connect.
    if (this.#disposed || !event.candidate || event.candidate.candidate === '') return
    this.#send({ kind: 'candidate', candidate: toIceCandidate(event.candidate) })
  }

  async #applyDescription(description: SessionDescription): Promise<void> {
    const pc = this.#pc
    // An answer whose setRemoteDescription is still in flight already puts us back in "stable" as far as the
    // pattern is concerned, so an offer arriving meanwhile is not a collision.
    const readyForOffer = !this.#makingOffer && (pc.signalingState === 'stable' || this.#isSettingRemoteAnswerPending)
    const offerCollision = description.type === 'offer' && !readyForOffer
    this.#ignoreOffer = !this.#polite && offerCollision
    if (this.#ignoreOffer) return

    this.#isSettingRemoteAnswerPending = description.type === 'answer'
    try {
      // On the polite side a colliding offer rolls our own offer back implicitly (spec: SRD step "rollback").
      await pc.setRemoteDescription(description)
    } finally {
      this.#isSettingRemoteAnswerPending = false
    }
    if (this.#disposed) return
    await this.#applyHeldCandidates()
    if (description.type === 'offer') {
      this.#beforeAnswer?.()
      await pc.setLocalDescription()
      this.#sendLocalDescription()
    }
  }

  async #applyCandidate(candidate: IceCandidate): Promise<void> {
    if (this.#pc.remoteDescription === null) {
      this.#heldCandidates.push({ candidate, ignorable: this.#ignoreOffer })
      return
    }
    await this.#addCandidate(candidate, this.#ignoreOffer)
  }

  async #applyHeldCandidates(): Promise<void> {
    const held = this.#heldCandidates
    this.#heldCandidates = []
    for (const { candidate, ignorable } of held) {
      if (this.#disposed) return
      await this.#addCandidate(candidate, ignorable || this.#ignoreOffer)
    }
  }

  async #addCandidate(candidate: IceCandidate, ignorable: boolean): Promise<void> {
    try {
      await this.#pc.addIceCandidate(candidate)
    } catch (error) {
      // Candidates for an offer we ignored belong to a session that never existed here: failing is expected.
      if (!ignorable && !this.#disposed) this.#onError(error)
    }
  }

  #sendLocalDescription(): void {
    if (this.#disposed) return
    const description = toSessionDescription(this.#pc.localDescription)
    if (description) this.#send({ kind: 'description', description: { ...description, sdp: this.#outgoingSdp(description.sdp) } })
  }
}

/**
 * Attaches local media to a connection: each track of `stream`, and, when `receiveMissingKinds` is set, a
 * receive-only transceiver for each kind of media the stream lacks. The side that offers first sets it, so
 * that its offer always has an audio and a video section and it can hear and see the other side even without
 * a camera or microphone of its own (and an offer is made even with no tracks at all).
 */
export function attachLocalMedia<Stream extends MediaStreamLike>(
  pc: PeerConnectionLike<Stream>,
  stream: Stream | null,
  options: { receiveMissingKinds: boolean },
): void {
  const kinds = new Set<string>()
  if (stream) {
    for (const track of stream.getTracks()) {
      pc.addTrack(track, stream)
      kinds.add(track.kind)
    }
  }
  if (!options.receiveMissingKinds) return
  for (const kind of MEDIA_KINDS) {
    if (!kinds.has(kind)) pc.addTransceiver(kind, { direction: 'recvonly' })
  }
}

const MEDIA_KINDS: readonly MediaKind[] = ['audio', 'video']

/** A plain object: real `RTCIceCandidate`s cannot cross IPC (structured clone) and carry more than is sent. */
function toIceCandidate(candidate: IceCandidateLike): IceCandidate {
  return {
    candidate: candidate.candidate,
    sdpMid: candidate.sdpMid ?? null,
    sdpMLineIndex: candidate.sdpMLineIndex ?? null,
    usernameFragment: candidate.usernameFragment ?? null,
  }
}

function toSessionDescription(description: SessionDescriptionLike | null): SessionDescription | null {
  if (!description || (description.type !== 'offer' && description.type !== 'answer')) return null
  return { type: description.type, sdp: description.sdp }
}
