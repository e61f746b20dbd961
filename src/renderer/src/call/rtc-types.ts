/**
 * The parts of WebRTC and Media Capture the call engine uses, as plain structural types.
 *
 * Why not the DOM's own types: the engine is given its collaborators so the same code runs against fakes in
 * Node (where the DOM lib is not loaded and the tests are type-checked without it) and against Chromium's real
 * objects. A real `RTCPeerConnection`, `MediaStream` and `MediaStreamTrack` fit these shapes; `main.ts` and
 * `state/local-media.svelte.ts` pass the real ones, which proves that at compile time.
 */
import type { IceCandidate, IceServer, SessionDescription } from '../../../shared/protocol'

export type MediaKind = 'audio' | 'video'

export interface MediaStreamTrackLike {
  readonly kind: string
  enabled: boolean
  stop(): void
  /** What the source delivers; the call's sender tuning reads the height and whether it is a screen. */
  getSettings?(): TrackSettingsLike
}

/** `MediaTrackSettings`, the members read here: `displaySurface` exists only on screen-capture tracks. */
export interface TrackSettingsLike {
  deviceId?: string
  height?: number
  displaySurface?: string
}

export interface MediaStreamLike {
  getTracks(): MediaStreamTrackLike[]
  getAudioTracks(): MediaStreamTrackLike[]
  getVideoTracks(): MediaStreamTrackLike[]
}

/** A camera or microphone track as local media handles it: which device it comes from, and its `ended`. */
export interface CaptureTrackLike extends MediaStreamTrackLike {
  readonly label: string
  readonly readyState: 'live' | 'ended'
  getSettings(): { deviceId?: string }
  /** `ended` fires when the source stops by itself (unplugged, access revoked), never after `stop()`. */
  addEventListener(type: 'ended', listener: () => void): void
  removeEventListener(type: 'ended', listener: () => void): void
}

/** The local stream: its tracks are swapped in place when a device is switched. */
export interface CaptureStreamLike<Track extends CaptureTrackLike> extends MediaStreamLike {
  getTracks(): Track[]
  getAudioTracks(): Track[]
  getVideoTracks(): Track[]
  addTrack(track: Track): void
  removeTrack(track: Track): void
}

/** `RTCRtpSender`: what is sent on one transceiver, replaceable without renegotiation. */
export interface RtpSenderLike {
  /** Null for a receive-only transceiver, or after `replaceTrack(null)`. */
  readonly track: MediaStreamTrackLike | null
  replaceTrack(track: MediaStreamTrackLike | null): Promise<void>
  /** The encoding parameters now; `setParameters` must get back what the last call returned, changed. */
  getParameters(): RtpSendParametersLike
  setParameters(parameters: RtpSendParametersLike): Promise<void>
}

export type DegradationPreferenceLike = 'balanced' | 'maintain-framerate' | 'maintain-resolution'

/** `RTCRtpEncodingParameters`, the members the call sets. */
export interface RtpEncodingLike {
  active?: boolean
  maxBitrate?: number
  maxFramerate?: number
  scaleResolutionDownBy?: number
}

/** `RTCRtpSendParameters` as the call reads and changes it (the rest is passed back untouched). */
export interface RtpSendParametersLike {
  encodings: RtpEncodingLike[]
  degradationPreference?: DegradationPreferenceLike
}

/** `RTCRtpCodec`: an entry of `RTCRtpReceiver.getCapabilities(kind).codecs`. */
export interface CodecLike {
  readonly mimeType: string
  readonly clockRate: number
  readonly channels?: number
  readonly sdpFmtpLine?: string
}

/** `RTCRtpTransceiver`: its receiver's track (always there, of the transceiver's kind) and its codec order. */
export interface RtpTransceiverLike {
  readonly receiver: { readonly track: MediaStreamTrackLike }
  setCodecPreferences(codecs: CodecLike[]): void
}

export type SignalingStateLike =
  | 'stable'
  | 'have-local-offer'
  | 'have-remote-offer'
  | 'have-local-pranswer'
  | 'have-remote-pranswer'
  | 'closed'

export type PeerConnectionStateLike = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed'

export type IceConnectionStateLike =
  | 'new'
  | 'checking'
  | 'connected'
  | 'completed'
  | 'disconnected'
  | 'failed'
  | 'closed'

/** `RTCSessionDescription` as read back from `localDescription` (its `type` may also be a pranswer). */
export interface SessionDescriptionLike {
  readonly type: string
  readonly sdp: string
}

export interface IceCandidateLike {
  readonly candidate: string
  readonly sdpMid: string | null
  readonly sdpMLineIndex: number | null
  readonly usernameFragment: string | null
}

export interface IceCandidateEventLike {
  readonly candidate: IceCandidateLike | null
}

export interface TrackEventLike<Stream> {
  readonly track: MediaStreamTrackLike
  readonly streams: readonly Stream[]
}

/**
 * What `RTCConfiguration` carries here: the ICE servers the signaling server handed out on `joined` (or pushed
 * later with fresh TURN credentials), and whether only relayed candidates may be used ("Always use a relay").
 */
export interface RtcConfigurationLike {
  iceServers: IceServer[]
  iceTransportPolicy: 'all' | 'relay'
}

/** The events the engine listens to, with the payload each carries. */
export interface PeerConnectionEventMapLike<Stream> {
  negotiationneeded: unknown
  icecandidate: IceCandidateEventLike
  track: TrackEventLike<Stream>
  connectionstatechange: unknown
  iceconnectionstatechange: unknown
}

export type PeerConnectionEventName = keyof PeerConnectionEventMapLike<unknown>

/** The subset of `RTCPeerConnection` that negotiation and the call session use. */
export interface PeerConnectionLike<Stream extends MediaStreamLike = MediaStreamLike> {
  readonly signalingState: SignalingStateLike
  readonly connectionState: PeerConnectionStateLike
  readonly iceConnectionState: IceConnectionStateLike
  readonly localDescription: SessionDescriptionLike | null
  readonly remoteDescription: SessionDescriptionLike | null
  /** Called without arguments only: the implicit form creates the right offer or answer for the state. */
  setLocalDescription(): Promise<void>
  setRemoteDescription(description: SessionDescription): Promise<void>
  addIceCandidate(candidate: IceCandidate): Promise<void>
  addTrack(track: MediaStreamTrackLike, stream: Stream): unknown
  addTransceiver(kind: MediaKind, init: { direction: 'recvonly' }): unknown
  restartIce(): void
  close(): void
  addEventListener<K extends PeerConnectionEventName>(
    type: K,
    listener: (event: PeerConnectionEventMapLike<Stream>[K]) => void,
  ): void
  removeEventListener<K extends PeerConnectionEventName>(
    type: K,
    listener: (event: PeerConnectionEventMapLike<Stream>[K]) => void,
  ): void
}

/**
 * What the call uses beyond negotiation: its senders, to switch a camera or microphone mid-call, and
 * `setConfiguration` for fresh ICE servers (it takes effect from the next gathering, an ICE restart; the
 * running media is not interrupted). Also the chat's data channel and `getStats` for the quality panel.
 */
export interface SendingPeerConnectionLike<Stream extends MediaStreamLike = MediaStreamLike> extends PeerConnectionLike<Stream> {
  getSenders(): RtpSenderLike[]
  /** For the audio codec order (`setCodecPreferences`, RED first). */
  getTransceivers(): RtpTransceiverLike[]
  setConfiguration(configuration: RtcConfigurationLike): void
  /** The configuration in force, with whatever the factory added to the one it was given (a certificate). */
  getConfiguration(): object
  createDataChannel(label: string, init: DataChannelInitLike): DataChannelLike
  /** With a track: only the stats of that track's RTP stream and what they refer to (a much smaller report). */
  getStats(selector?: MediaStreamTrackLike | null): Promise<StatsReportLike>
}

/** Only pre-negotiated channels are made: both sides create the same id, so no `datachannel` event is needed. */
export interface DataChannelInitLike {
  negotiated: true
  id: number
}

export type DataChannelStateLike = 'connecting' | 'open' | 'closing' | 'closed'

export interface DataChannelEventMapLike {
  open: unknown
  close: unknown
  message: { readonly data: unknown }
}

export type DataChannelEventName = keyof DataChannelEventMapLike

/** The subset of `RTCDataChannel` the chat uses. */
export interface DataChannelLike {
  readonly readyState: DataChannelStateLike
  send(data: string): void
  close(): void
  addEventListener<K extends DataChannelEventName>(type: K, listener: (event: DataChannelEventMapLike[K]) => void): void
  removeEventListener<K extends DataChannelEventName>(type: K, listener: (event: DataChannelEventMapLike[K]) => void): void
}

/**
 * One dictionary of an `RTCStatsReport`: every stats type has `id`, `type` and `timestamp`; the rest depends
 * on the type and is read, checked, by `call/call-stats.ts`.
 */
export interface StatsLike {
  readonly id: string
  readonly type: string
  readonly timestamp: number
  readonly [field: string]: unknown
}

/** `RTCStatsReport` as far as reading it goes. */
export interface StatsReportLike {
  forEach(callback: (stat: StatsLike) => void): void
}

export type CreatePeerConnection<Stream extends MediaStreamLike = MediaStreamLike> = (
  config: RtcConfigurationLike,
) => SendingPeerConnectionLike<Stream>
