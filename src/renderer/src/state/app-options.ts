/** What the app state is given: the bridge and the browser's collaborators (main.ts passes the real ones). */
import type { TonghwaBridge } from '../../../shared/ipc-contract'
import type { LevelSource, ScheduleFrame } from '../audio/mic-level'
import type { StartRinger } from '../audio/ring-tone'
import type { GetUserMedia, MediaConstraintsLike } from '../call/media'
import type { CodecLike, CreatePeerConnection } from '../call/rtc-types'
import type { MediaDevicesLike } from './devices.svelte'
import type { LocalKeyState } from './local-key.svelte'
import type { ThemePreference } from '../../../shared/theme'

export const AppNoticeCode = {
  /** A link arrived during a call: it is not followed, so the call is not cut off. */
  InCall: 'LINK_NOTICE_IN_CALL',
} as const

export interface AppStateOptions {
  bridge: TonghwaBridge
  getUserMedia: GetUserMedia<MediaStream, MediaTrackConstraints>
  createPeerConnection: CreatePeerConnection<MediaStream>
  /** `RTCRtpReceiver.getCapabilities('audio').codecs`, so a call can put audio RED first. Default: none. */
  audioCodecs?: () => readonly CodecLike[] | null
  writeClipboard: (text: string) => Promise<void>
  /** `navigator.mediaDevices`; null where the page has none (not a secure context). */
  mediaDevices: MediaDevicesLike | null
  /** Whether `HTMLMediaElement.setSinkId` exists, so the speaker can be chosen. */
  canChooseSpeaker: boolean
  /** The ring of an incoming call. Default: silence. */
  startRinger?: StartRinger
  /** The microphone meter's audio graph and frame clock; without them the pre-join screen has no meter. */
  openLevelSource?: (stream: MediaStream) => LevelSource
  scheduleFrame?: ScheduleFrame
  /** The browser's preferred languages (`navigator.languages`), followed until the saved choice is read. */
  systemLanguages?: readonly string[]
  /** Shows the colour theme (main.ts: `data-theme` on `<html>`). Default: nothing shows it (unit tests). */
  applyTheme?: (preference: ThemePreference) => void
  /** The web page's `?room=`: a room code opens that room's pre-join screen; anything else is left in the room-code field, with why it is not one. */
  initialRoomInput?: string
  /** Default: audio, and video at up to 1280×720. */
  mediaConstraints?: MediaConstraintsLike<MediaTrackConstraints>
  /** `getDisplayMedia` for sharing the screen; without it there is no Share screen. */
  getDisplayMedia?: () => Promise<MediaStream>
  /** How long "Copied" stays up, in ms. Default 2000. */
  copiedForMs?: number
  /** This app's long-lived DTLS certificate (main.ts loads it before the app starts); absent in unit tests. */
  localKey?: LocalKeyState<RTCCertificate>
  onError?: (error: unknown) => void
}
