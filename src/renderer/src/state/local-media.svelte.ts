/**
 * This side's camera and microphone as the screens see them: the stream, what is missing and why, mute and
 * camera-off, and the pre-join microphone level. Owns a `LocalMedia` (plain TS: opening, switching, `ended`)
 * and mirrors what it reports into runes. Mute and camera-off flip `track.enabled`, so the same tracks keep
 * flowing to the other person as silence and black frames, with no renegotiation.
 */
import type { CaptureKind, MediaAccess } from '../../../shared/devices'
import type { HostOs } from '../../../shared/ipc-contract'
import { MicLevelMeter, type LevelSource, type ScheduleFrame } from '../audio/mic-level'
import type { TrackReplacement } from '../call/call-session'
import { LocalMedia, type DeviceRequest, type LocalMediaStatus } from '../call/local-media'
import { DEFAULT_MEDIA_CONSTRAINTS, type GetUserMedia, type MediaConstraintsLike, type MediaFailure } from '../call/media'
import { describeMediaFailures, type MediaWarning } from '../call/media-messages'
import { mediaText } from '../i18n/messages/media'
import { MicActivity } from './mic-activity.svelte'
import type { MediaKind } from '../call/rtc-types'
import type { ApplyOutcome } from '../devices/device-notices'

export type { LocalMediaStatus }

export interface LocalMediaStateOptions {
  getUserMedia: GetUserMedia<MediaStream, MediaTrackConstraints>
  /** Default: audio, and video at up to 1280×720. */
  constraints?: MediaConstraintsLike<MediaTrackConstraints>
  requestAccess: (kinds: CaptureKind[]) => Promise<MediaAccess>
  /** Where access is given, for the messages. */
  os: HostOs
  replaceInCall: (kind: MediaKind, track: MediaStreamTrack) => Promise<TrackReplacement>
  onTrackEnded: (kind: CaptureKind) => void
  /** Names the device a failure was about (null id: the default one). */
  labelOf: (kind: CaptureKind, deviceId: string | null) => string | null
  /** The microphone level's audio graph; without it there is no meter. */
  openLevelSource?: (stream: MediaStream) => LevelSource
  scheduleFrame?: ScheduleFrame
  /** The clock of the meter's readings, in ms, for "You're muted". Default `performance.now`. */
  now?: () => number
  onError: (error: unknown) => void
}

export class LocalMediaState {
  readonly #options: LocalMediaStateOptions
  readonly #media: LocalMedia<MediaStream, MediaStreamTrack, MediaTrackConstraints>

  #stream = $state.raw<MediaStream | null>(null)
  /** Bumped whenever the stream's tracks change in place (a switch), so getters about them re-run. */
  #tracksVersion = $state(0)
  #status = $state<LocalMediaStatus>('off')
  #failures = $state.raw<readonly MediaFailure[]>([])
  #micMuted = $state(false)
  #cameraOff = $state(false)
  /** The meter's level and "You're muted". */
  readonly #activity = new MicActivity()
  readonly #warning = $derived.by(() =>
    describeMediaFailures(this.#failures, {
      os: this.#options.os,
      labelOf: (kind, deviceId) => this.#options.labelOf(kind === 'video' ? 'camera' : 'microphone', deviceId),
    }),
  )

  #meterWanted = false
  #meter: MicLevelMeter | null = null
  #meterTrack: MediaStreamTrack | null = null

  constructor(options: LocalMediaStateOptions) {
    this.#options = options
    this.#media = new LocalMedia<MediaStream, MediaStreamTrack, MediaTrackConstraints>({
      getUserMedia: options.getUserMedia,
      constraints: options.constraints ?? DEFAULT_MEDIA_CONSTRAINTS,
      requestAccess: options.requestAccess,
      replaceInCall: options.replaceInCall,
      onChange: () => this.#sync(),
      onTrackEnded: options.onTrackEnded,
      onError: options.onError,
    })
  }

  get stream(): MediaStream | null {
    return this.#stream
  }
  get status(): LocalMediaStatus {
    return this.#status
  }
  /** What went wrong opening the devices and what the call goes ahead without; `null` when all is well. */
  get warning(): MediaWarning | null {
    return this.#warning
  }
  get micMuted(): boolean {
    return this.#micMuted
  }
  get cameraOff(): boolean {
    return this.#cameraOff
  }
  get hasAudio(): boolean {
    void this.#tracksVersion
    return (this.#stream?.getAudioTracks().length ?? 0) > 0
  }
  get hasVideo(): boolean {
    void this.#tracksVersion
    return (this.#stream?.getVideoTracks().length ?? 0) > 0
  }
  /**
   * The microphone's loudness, 0..1, as the other person hears it, while the level meter runs: 0 while muted
   * (the meter listens to a clone of the track, which keeps sounding, for `speakingWhileMuted`).
   */
  get micLevel(): number {
    return this.#activity.level
  }
  /** The person seems to be talking while muted: "You're muted". Only while the level meter runs. */
  get speakingWhileMuted(): boolean {
    return this.#activity.speakingWhileMuted
  }
  /** Whether there is a meter to show: a microphone, and a way to measure it. */
  get hasMicLevel(): boolean {
    return this.hasAudio && this.#options.openLevelSource !== undefined
  }

  /** A short note to show over the self-view instead of a picture, or `null` when there is a picture. */
  get videoNote(): string | null {
    if (this.#status === 'off') return null
    const text = mediaText()
    if (this.#status === 'opening') return text.startingCamera
    if (!this.hasVideo) return text.noCamera
    return this.#cameraOff ? text.cameraIsOff : null
  }

  /** Opens the devices (each the given one if it is there) unless they are open or opening. */
  open(devices: DeviceRequest): Promise<MediaStream | null> {
    return this.#media.open(devices)
  }

  /** The device each live track comes from. */
  deviceIds(): Record<CaptureKind, string | null> {
    return this.#media.deviceIds()
  }

  /** Switches the camera or microphone (in a call too); `null`: none of that kind is left. */
  useDevice(kind: CaptureKind, deviceId: string | null): Promise<ApplyOutcome> {
    return this.#media.useDevice(kind, deviceId)
  }

  toggleMic(): void {
    this.#micMuted = !this.#micMuted
    this.#media.setEnabled('audio', !this.#micMuted)
    this.#activity.setMuted(this.#micMuted)
  }

  toggleCamera(): void {
    this.#cameraOff = !this.#cameraOff
    this.#media.setEnabled('video', !this.#cameraOff)
  }

  /** Runs the microphone level meter (on the pre-join screen and in a call) or stops it. */
  setLevelMeter(wanted: boolean): void {
    this.#meterWanted = wanted
    this.#syncMeter()
  }

  /** Stops every track and forgets the stream; a pending open is stopped when it resolves. */
  release(): void {
    this.#media.release()
    this.#micMuted = false
    this.#cameraOff = false
    this.#activity.setMuted(false)
  }

  #sync(): void {
    this.#status = this.#media.status
    this.#stream = this.#media.stream
    this.#failures = this.#media.failures
    this.#tracksVersion += 1
    this.#syncMeter()
  }

  /** The meter follows the live microphone track: a new one (a switch) needs a new audio graph. */
  #syncMeter(): void {
    const { openLevelSource, scheduleFrame } = this.#options
    const stream = this.#media.stream
    const track = this.#meterWanted ? (this.#media.track('audio') ?? null) : null
    const live = track && track.readyState === 'live' ? track : null
    if (live === this.#meterTrack) return
    this.#meter?.stop()
    this.#meter = null
    this.#meterTrack = live
    this.#activity.restart()
    if (!live || !stream || !openLevelSource || !scheduleFrame) return
    const now = this.#options.now ?? (() => performance.now())
    try {
      this.#meter = new MicLevelMeter({
        source: openLevelSource(stream),
        schedule: scheduleFrame,
        onLevel: (level) => this.#activity.showLevel(level),
        onReading: (level) => this.#activity.reading(level, now()),
      })
    } catch (error) {
      // A meter is a nicety: the call works without one.
      this.#options.onError(error)
    }
  }
}
