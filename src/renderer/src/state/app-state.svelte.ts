/**
 * The whole app's state: which screen is shown, the room, and the intents the screens forward. Components
 * read getters and call methods; everything with side effects (devices, clipboard, the bridge) comes in
 * through the constructor. Devices, local media and the call are wired to each other here: a chosen device
 * is put to use by local media, which hands a switched track to the call.
 */
import type { CaptureKind, DeviceKind } from '../../../shared/devices'
import type { TonghwaBridge } from '../../../shared/ipc-contract'
import { formatRoomCode, generateRoomCode, type RoomCode } from '../../../shared/room-code'
import type { LevelSource, ScheduleFrame } from '../audio/mic-level'
import type { GetUserMedia, MediaConstraintsLike } from '../call/media'
import type { CreatePeerConnection } from '../call/rtc-types'
import type { ApplyOutcome } from '../devices/device-notices'
import { CallState } from './call-state.svelte'
import { DevicesState, type MediaDevicesLike } from './devices.svelte'
import { LocalMediaState } from './local-media.svelte'
import { RoomEntryState } from './room-entry.svelte'

export type Screen = 'start' | 'prejoin' | 'call'
export type CopyStatus = 'idle' | 'copied' | 'failed'

export interface AppStateOptions {
  bridge: TonghwaBridge
  getUserMedia: GetUserMedia<MediaStream, MediaTrackConstraints>
  createPeerConnection: CreatePeerConnection<MediaStream>
  writeClipboard: (text: string) => Promise<void>
  /** `navigator.mediaDevices`; null where the page has none (not a secure context). */
  mediaDevices: MediaDevicesLike | null
  /** Whether `HTMLMediaElement.setSinkId` exists, so the speaker can be chosen. */
  canChooseSpeaker: boolean
  /** The microphone meter's audio graph and frame clock; without them the pre-join screen has no meter. */
  openLevelSource?: (stream: MediaStream) => LevelSource
  scheduleFrame?: ScheduleFrame
  /** What to put in the room-code field at first (the web page's `?room=`). */
  initialRoomInput?: string
  /** Default: audio, and video at up to 1280×720. */
  mediaConstraints?: MediaConstraintsLike<MediaTrackConstraints>
  /** How long "Copied" stays up, in ms. Default 2000. */
  copiedForMs?: number
  onError?: (error: unknown) => void
}

export class AppState {
  readonly entry: RoomEntryState
  readonly devices: DevicesState
  readonly media: LocalMediaState
  readonly call: CallState
  readonly #bridge: TonghwaBridge
  readonly #onError: (error: unknown) => void
  readonly #writeClipboard: (text: string) => Promise<void>
  readonly #copiedForMs: number

  #screen = $state<Screen>('start')
  #room = $state<RoomCode | null>(null)
  #copyStatus = $state<CopyStatus>('idle')
  #copyTimer: ReturnType<typeof setTimeout> | null = null
  /** Bumped whenever the call is abandoned, so a join still waiting for the devices does not start. */
  #joinAttempt = 0
  /** Opening the camera and microphone for the pre-join screen, with the remembered devices. */
  #mediaOpening: Promise<void> | null = null

  constructor(options: AppStateOptions) {
    const onError = options.onError ?? ((error: unknown) => console.warn('[tonghwa]', error))
    this.#bridge = options.bridge
    this.#onError = onError
    this.entry = new RoomEntryState(options.initialRoomInput ?? '')
    this.devices = new DevicesState({
      bridge: options.bridge,
      mediaDevices: options.mediaDevices,
      canChooseSpeaker: options.canChooseSpeaker,
      apply: (kind, deviceId) => this.#applyDevice(kind, deviceId),
      onError,
    })
    this.media = new LocalMediaState({
      getUserMedia: options.getUserMedia,
      constraints: options.mediaConstraints,
      requestAccess: (kinds) => options.bridge.requestMediaAccess(kinds),
      os: options.bridge.os,
      replaceInCall: (kind, track) => this.call.replaceTrack(kind, track),
      onTrackEnded: (kind) => void this.devices.trackEnded(kind),
      labelOf: (kind, deviceId) => this.devices.labelOf(kind, deviceId),
      openLevelSource: options.openLevelSource,
      scheduleFrame: options.scheduleFrame,
      onError,
    })
    this.call = new CallState({
      bridge: options.bridge,
      createPeerConnection: options.createPeerConnection,
      onError,
      // The session stopped the tracks; let go of the stream so the self-view clears too.
      onOver: () => this.#releaseMedia(),
    })
    this.#writeClipboard = options.writeClipboard
    this.#copiedForMs = options.copiedForMs ?? 2000
    void this.devices.start()
  }

  get screen(): Screen {
    return this.#screen
  }
  get room(): RoomCode | null {
    return this.#room
  }
  /** `7KD-93QF-XZ5`, or an empty string with no room. */
  get formattedRoom(): string {
    return this.#room ? formatRoomCode(this.#room) : ''
  }
  get copyStatus(): CopyStatus {
    return this.#copyStatus
  }

  /** "New room": a fresh code, straight to the pre-join screen. */
  createRoom(): void {
    this.#enterPreJoin(generateRoomCode())
  }

  /** "Join": the typed code, if it is one; otherwise the field shows why not. */
  joinTypedRoom(): void {
    const code = this.entry.submit()
    if (code) this.#enterPreJoin(code)
  }

  async copyRoomCode(): Promise<void> {
    if (!this.#room) return
    try {
      await this.#writeClipboard(formatRoomCode(this.#room))
      this.#setCopyStatus('copied')
    } catch {
      this.#setCopyStatus('failed')
    }
  }

  /** "Join call": to the call screen at once; the call starts as soon as the devices are open. */
  async joinCall(): Promise<void> {
    const room = this.#room
    if (this.#screen !== 'prejoin' || !room) return
    const attempt = ++this.#joinAttempt
    this.#screen = 'call'
    this.media.setLevelMeter(false)
    this.call.prepare()
    await (this.#mediaOpening ?? this.#openMedia())
    if (attempt !== this.#joinAttempt) return
    // The stream as it is now: a device chosen while it opened is already in it.
    this.call.start(room, this.media.stream)
  }

  /** A device picked in the window: the same as a pick in the native menu. */
  chooseDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    return this.devices.choose(kind, deviceId)
  }

  /** "Open System Settings": the OS pane where camera or microphone access is given. */
  async openPrivacySettings(kind: CaptureKind): Promise<void> {
    try {
      await this.#bridge.openPrivacySettings(kind)
    } catch (error) {
      this.#onError(error)
    }
  }

  async hangUp(): Promise<void> {
    this.#joinAttempt += 1
    const leaving = this.call.hangUp()
    this.#releaseMedia()
    await leaving
  }

  /** From the pre-join screen, or after a call: back to the start, devices released. */
  async backToStart(): Promise<void> {
    const leaving = this.#screen === 'call' && !this.call.ended ? this.hangUp() : Promise.resolve()
    this.#joinAttempt += 1
    this.#releaseMedia()
    this.call.reset()
    this.#room = null
    this.#setCopyStatus('idle')
    this.#screen = 'start'
    await leaving
  }

  /** The window is going away: leave the room so the other side hears of it at once. */
  async dispose(): Promise<void> {
    if (this.#copyTimer !== null) clearTimeout(this.#copyTimer)
    this.devices.dispose()
    await this.hangUp()
  }

  #enterPreJoin(code: RoomCode): void {
    this.#room = code
    this.#setCopyStatus('idle')
    this.#screen = 'prejoin'
    this.media.setLevelMeter(true)
    this.#mediaOpening = this.#openMedia()
  }

  /** Opens the camera and microphone on the remembered devices, then lets devices see what it got. */
  async #openMedia(): Promise<void> {
    await this.devices.ready()
    const stream = await this.media.open(this.devices.captureDevices())
    if (this.media.status !== 'ready' || this.media.stream !== stream) return
    await this.devices.captured(this.media.deviceIds())
  }

  #releaseMedia(): void {
    this.#mediaOpening = null
    this.media.setLevelMeter(false)
    this.media.release()
  }

  /** Puts a chosen (or fallback) camera or microphone to use; closed devices just open on it next time. */
  #applyDevice(kind: CaptureKind, deviceId: string | null): Promise<ApplyOutcome> {
    if (this.media.status === 'off') return Promise.resolve({ status: 'applied' })
    return this.media.useDevice(kind, deviceId)
  }

  #setCopyStatus(status: CopyStatus): void {
    if (this.#copyTimer !== null) clearTimeout(this.#copyTimer)
    this.#copyTimer = null
    this.#copyStatus = status
    if (status === 'copied') {
      this.#copyTimer = setTimeout(() => {
        this.#copyTimer = null
        this.#copyStatus = 'idle'
      }, this.#copiedForMs)
    }
  }
}
