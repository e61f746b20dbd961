/**
 * The call as the call screen sees it: the phase with its sentence, and the other person's stream. Owns the
 * `CallSession` (plain TS) and mirrors what it reports into runes.
 */
import type { TonghwaBridge } from '../../../shared/ipc-contract'
import type { RoomCode } from '../../../shared/room-code'
import { IDLE_PHASE, isFinalPhase, offersBackToStart, reduceCallPhase, type CallPhase } from '../call/call-phase'
import { CallSession, type TrackReplacement } from '../call/call-session'
import { callText } from '../i18n/messages/call'
import { phaseWords } from '../call/phase-words'
import type { CodecLike, CreatePeerConnection, DataChannelLike, MediaKind, StatsReportLike } from '../call/rtc-types'
import { CallQualityState, type RepeatEvery } from './call-quality.svelte'
import { ChatState } from './chat.svelte'
import { OtherPersonState } from './other-person.svelte'

export interface CallStateOptions {
  bridge: TonghwaBridge
  createPeerConnection: CreatePeerConnection<MediaStream>
  /** "Always use a relay", read when a call starts. Default: off. */
  relayOnly?: () => boolean
  /** "Low data", read when a call starts. Default: off. */
  lowData?: () => boolean
  /** The browser's audio codecs, for audio RED (`RTCRtpReceiver.getCapabilities('audio')`). Default: none. */
  audioCodecs?: () => readonly CodecLike[] | null
  onError?: (error: unknown) => void
  /** The call is over (hung up, room full, failed): the session has stopped the local tracks. */
  onOver?: () => void
  /** Every phase the session reports (after `phase` has changed). */
  onPhase?: (phase: CallPhase) => void
  /** The quality panel's timer. Default: `setInterval`. */
  qualityEvery?: RepeatEvery
  /** Each new connection's safety-check channel (the safety numbers run their check on it). */
  onSafetyChannel?: (channel: DataChannelLike) => void
  /** The saved contact's name when the call is with one (their tile shows it rather than the name they send). */
  contactName?: () => string | null
  /** The clock for `connectedAt`. Default: `Date.now`. */
  now?: () => number
}

export class CallState {
  /** The call's chat, peer to peer on the call's data channel. */
  readonly chat: ChatState
  /** The connection's figures, read once a second while connected. */
  readonly quality: CallQualityState
  /** The other person's name, camera, microphone and voice on their tile; told peer to peer on the peer-state channel. */
  readonly other: OtherPersonState
  readonly #options: CallStateOptions
  #phase = $state.raw<CallPhase>(IDLE_PHASE)
  #remoteStream = $state.raw<MediaStream | null>(null)
  #remoteHasVideo = $state(false)
  #connectedAt = $state<number | null>(null)
  #session: CallSession<MediaStream> | null = null
  /** Whether the call now running started with Low data. */
  #lowData = false

  constructor(options: CallStateOptions) {
    this.#options = options
    this.chat = new ChatState({ send: (frame) => this.#session?.sendChat(frame) ?? false })
    this.quality = new CallQualityState({
      getStats: () => this.getStats(),
      ...(options.qualityEvery ? { every: options.qualityEvery } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
      lowData: () => this.#lowData,
    })
    this.other = new OtherPersonState({
      send: (frame) => this.#session?.sendPeerState(frame) ?? false,
      getStats: () => this.#session?.getReceivedAudioStats() ?? null,
      ...(options.contactName ? { contactName: options.contactName } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    })
  }

  /** The connection's statistics now, or null when there is no connection. */
  getStats(): Promise<StatsReportLike> | null {
    return this.#session?.getStats() ?? null
  }

  /** The connection's session descriptions now, or null when there is no connection. */
  getDescriptions(): { local: string | null; remote: string | null } | null {
    return this.#session?.getDescriptions() ?? null
  }

  get phase(): CallPhase {
    return this.#phase
  }
  /** When media first connected in this call (ms since the epoch), for the call timer; null before. */
  get connectedAt(): number | null {
    return this.#connectedAt
  }
  get remoteStream(): MediaStream | null {
    return this.#remoteStream
  }
  /** A note to show in place of the other person's picture, or `null` while there is a picture. */
  get stageNote(): string | null {
    if (!this.#remoteStream) return phaseWords(this.#phase)
    return this.#remoteHasVideo ? null : callText().remoteNoCamera
  }
  /** The call is over, never began, or the other person left: show "Back to start". */
  get offersBackToStart(): boolean {
    return offersBackToStart(this.#phase)
  }
  /** Nothing more can happen in this call (ended, room full, failed): only "Back to start" is offered. */
  get isOver(): boolean {
    return isFinalPhase(this.#phase)
  }
  get ended(): boolean {
    return this.#phase.name === 'ended'
  }

  /** Shows "Joining the room…" while the camera and microphone are still opening. */
  prepare(): void {
    this.#phase = reduceCallPhase(IDLE_PHASE, { type: 'join-started' })
  }

  start(room: RoomCode, localStream: MediaStream | null): void {
    void this.#session?.hangUp()
    this.chat.reset()
    this.quality.reset()
    this.other.reset()
    this.#connectedAt = null
    this.#lowData = this.#options.lowData?.() ?? false
    const session = new CallSession<MediaStream>({
      bridge: this.#options.bridge,
      createPeerConnection: this.#options.createPeerConnection,
      localStream,
      room,
      relayOnly: this.#options.relayOnly?.() ?? false,
      lowData: this.#lowData,
      ...(this.#options.audioCodecs ? { audioCodecs: this.#options.audioCodecs } : {}),
      onPhase: (phase) => {
        if (this.#session !== session) return
        this.#phase = phase
        this.quality.follow(phase.name === 'connected')
        this.other.follow(phase.name === 'connected')
        // A reconnection keeps the call's time: the timer counts from the first connection.
        if (phase.name === 'connected' && this.#connectedAt === null) this.#connectedAt = (this.#options.now ?? Date.now)()
        if (isFinalPhase(phase)) this.#options.onOver?.()
        this.#options.onPhase?.(phase)
      },
      onRemoteStream: (stream, kinds) => {
        if (this.#session !== session) return
        this.#remoteStream = stream
        this.#remoteHasVideo = kinds.includes('video')
        this.other.watchStream(stream)
      },
      onChat: (event) => {
        if (this.#session === session) this.chat.handle(event)
      },
      onPeerState: (event) => {
        if (this.#session === session) this.other.handle(event)
      },
      onSafetyChannel: (channel) => {
        if (this.#session === session) this.#options.onSafetyChannel?.(channel)
      },
      onError: this.#options.onError,
    })
    this.#session = session
    session.start()
  }

  /** A switched camera or microphone: sent in place of the old track, without renegotiation. */
  replaceTrack(kind: MediaKind, track: MediaStreamTrack): Promise<TrackReplacement> {
    return this.#session ? this.#session.replaceLocalTrack(kind, track) : Promise.resolve('no-call')
  }

  /** Ends the call (or the wait before it). Resolves once the room has been left. */
  async hangUp(): Promise<void> {
    const session = this.#session
    if (!session) {
      this.#phase = reduceCallPhase(this.#phase, { type: 'hung-up' })
      return
    }
    // The session reports 'ended' synchronously; the leave round trip finishes in the background.
    const leaving = session.hangUp()
    this.quality.follow(false)
    this.other.reset()
    this.#remoteStream = null
    this.#remoteHasVideo = false
    await leaving
  }

  /** Back to no call at all (after hanging up). */
  reset(): void {
    this.#session = null
    this.chat.reset()
    this.quality.reset()
    this.other.reset()
    this.#phase = IDLE_PHASE
    this.#remoteStream = null
    this.#remoteHasVideo = false
  }
}
