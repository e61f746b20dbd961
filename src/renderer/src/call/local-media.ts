/**
 * This side's camera and microphone, as plain TS given its collaborators: opening them (after asking the OS
 * where it has its own gate), switching one to another device, and noticing when one stops by itself.
 *
 * A switch opens just that kind with `deviceId: { exact }`, hands the new track to the call (which puts it on
 * the existing sender with `replaceTrack`: no renegotiation), then stops the old track and swaps it in the one
 * local stream, in place. The call session holds that same stream, so a connection made later takes the
 * current tracks. Mute and camera-off carry over to the new track. Switches of one kind run one at a time,
 * and only the latest request still waiting is carried out.
 */
import type { CaptureKind, MediaAccess, MediaAccessStatus } from '../../../shared/devices'
import type { ApplyOutcome } from '../devices/device-notices'
import type { TrackReplacement } from './call-session'
import {
  captureKindOf,
  MEDIA_KINDS,
  MediaErrorCode,
  mediaErrorCode,
  mediaKindOf,
  openLocalMedia,
  withDevice,
  type GetUserMedia,
  type MediaConstraintsLike,
  type MediaFailure,
} from './media'
import type { CaptureStreamLike, CaptureTrackLike, MediaKind } from './rtc-types'

export type LocalMediaStatus = 'off' | 'opening' | 'ready'

/** Which device to open for each kind (null: the default). */
export type DeviceRequest = Readonly<Record<CaptureKind, string | null>>

export interface LocalMediaOptions<Stream, Track, TrackConstraints> {
  getUserMedia: GetUserMedia<Stream, TrackConstraints>
  /** What to ask for; a device id is added per kind. `false` for a kind never asks for it. */
  constraints: MediaConstraintsLike<TrackConstraints>
  /** The OS's answer about access (the bridge's `requestMediaAccess`), asked before every open. */
  requestAccess: (kinds: CaptureKind[]) => Promise<MediaAccess>
  /** Puts a new track on the call in place of the one of its kind. */
  replaceInCall: (kind: MediaKind, track: Track) => Promise<TrackReplacement>
  /** The status, the stream, its tracks or the failures changed. */
  onChange: () => void
  /** A track in use stopped by itself (device unplugged, access revoked). */
  onTrackEnded: (kind: CaptureKind) => void
  onError: (error: unknown) => void
}

const NO_ACCESS: ReadonlySet<MediaAccessStatus> = new Set(['denied', 'restricted'])

export class LocalMedia<Stream extends CaptureStreamLike<Track>, Track extends CaptureTrackLike, TrackConstraints> {
  readonly #options: LocalMediaOptions<Stream, Track, TrackConstraints>
  #status: LocalMediaStatus = 'off'
  #stream: Stream | null = null
  #failures: readonly MediaFailure[] = []
  #enabled: Record<MediaKind, boolean> = { audio: true, video: true }
  readonly #endedListeners = new Map<Track, () => void>()
  /** Bumped by `release()`: anything still opening for an older generation is stopped when it arrives. */
  #generation = 0
  #opening: Promise<Stream | null> | null = null
  #switchQueue: Record<MediaKind, Promise<unknown>> = { audio: Promise.resolve(), video: Promise.resolve() }
  #latestRequest: Record<MediaKind, number> = { audio: 0, video: 0 }

  constructor(options: LocalMediaOptions<Stream, Track, TrackConstraints>) {
    this.#options = options
  }

  get stream(): Stream | null {
    return this.#stream
  }
  /** The kinds the call goes without, and why. */
  get failures(): readonly MediaFailure[] {
    return this.#failures
  }
  get status(): LocalMediaStatus {
    return this.#status
  }

  track(kind: MediaKind): Track | null {
    return this.#stream?.getTracks().find((track) => track.kind === kind) ?? null
  }

  /** The device each live track comes from (Chromium reports `default` for the system-default microphone). */
  deviceIds(): Record<CaptureKind, string | null> {
    return { camera: this.#liveDeviceId('video'), microphone: this.#liveDeviceId('audio') }
  }

  /** Opens the devices unless they are open or opening. Resolves with the stream (`null`: receive-only). */
  open(devices: DeviceRequest): Promise<Stream | null> {
    if (this.#opening) return this.#opening
    this.#status = 'opening'
    this.#opening = this.#open(devices, this.#generation)
    this.#options.onChange()
    return this.#opening
  }

  /** Muting and camera-off flip `enabled`: the same track goes on flowing as silence or black frames. */
  setEnabled(kind: MediaKind, enabled: boolean): void {
    this.#enabled[kind] = enabled
    const track = this.track(kind)
    if (track) track.enabled = enabled
  }

  /** Switches one kind to `deviceId`; `null` lets go of that kind (no device of it is left). */
  useDevice(kind: CaptureKind, deviceId: string | null): Promise<ApplyOutcome> {
    const media = mediaKindOf(kind)
    const request = ++this.#latestRequest[media]
    const run = this.#switchQueue[media].then(async (): Promise<ApplyOutcome> => {
      if (request !== this.#latestRequest[media]) return { status: 'superseded' }
      // Before the devices are opened, a choice takes effect when they are; while opening, it waits for them.
      if (!this.#opening) return { status: 'applied' }
      await this.#opening
      return deviceId === null ? this.#drop(media) : this.#switch(media, deviceId)
    })
    this.#switchQueue[media] = run.catch(() => undefined)
    return run
  }

  /** Stops every track and forgets the stream; whatever is still opening is stopped when it arrives. */
  release(): void {
    this.#generation += 1
    for (const track of this.#stream?.getTracks() ?? []) {
      this.#unwatch(track)
      track.stop()
    }
    this.#status = 'off'
    this.#stream = null
    this.#failures = []
    this.#opening = null
    this.#enabled = { audio: true, video: true }
    this.#options.onChange()
  }

  async #open(devices: DeviceRequest, generation: number): Promise<Stream | null> {
    const { constraints } = this.#options
    const wanted = MEDIA_KINDS.filter((kind) => constraints[kind] !== false)
    const access = await this.#requestAccess(wanted.map(captureKindOf))
    if (generation !== this.#generation) return null

    const blocked: MediaFailure[] = []
    const ask = { ...constraints }
    const deviceIds: Record<MediaKind, string | null> = { audio: devices.microphone, video: devices.camera }
    for (const kind of wanted) {
      const status = access[captureKindOf(kind)]
      if (NO_ACCESS.has(status)) {
        // The OS said no: asking anyway would fail the same way, or hang on a prompt that never shows.
        blocked.push({ kind, code: MediaErrorCode.PermissionDenied, errorName: `media-access:${status}`, deviceId: deviceIds[kind] })
        ask[kind] = false
      } else {
        ask[kind] = withDevice(constraints[kind], deviceIds[kind], 'ideal')
      }
    }

    const opened = await openLocalMedia(this.#options.getUserMedia, ask, deviceIds)
    if (generation !== this.#generation) {
      for (const track of opened.stream?.getTracks() ?? []) track.stop()
      return null
    }
    this.#status = 'ready'
    this.#stream = opened.stream
    this.#failures = [...blocked, ...opened.failures]
    for (const track of opened.stream?.getTracks() ?? []) {
      track.enabled = this.#enabled[mediaKindOfTrack(track)]
      this.#watch(track)
    }
    this.#options.onChange()
    return opened.stream
  }

  async #requestAccess(kinds: CaptureKind[]): Promise<MediaAccess> {
    if (kinds.length === 0) return { camera: 'unknown', microphone: 'unknown' }
    try {
      return await this.#options.requestAccess(kinds)
    } catch (error) {
      // Not knowing is not a refusal: getUserMedia will say if access is missing.
      this.#options.onError(error)
      return { camera: 'unknown', microphone: 'unknown' }
    }
  }

  async #switch(kind: MediaKind, deviceId: string): Promise<ApplyOutcome> {
    const generation = this.#generation
    if (this.#liveDeviceId(kind) === deviceId) return { status: 'applied' }

    const { constraints, getUserMedia } = this.#options
    let opened: Stream
    try {
      opened = await getUserMedia({
        audio: kind === 'audio' ? withDevice(constraints.audio, deviceId, 'exact') : false,
        video: kind === 'video' ? withDevice(constraints.video, deviceId, 'exact') : false,
      })
    } catch (error) {
      return generation === this.#generation ? { status: 'failed', code: mediaErrorCode(error) } : { status: 'superseded' }
    }
    const track = opened.getTracks().find((candidate) => candidate.kind === kind) ?? null
    for (const other of opened.getTracks()) if (other !== track) other.stop()
    if (!track) return { status: 'failed', code: MediaErrorCode.Unknown }
    if (generation !== this.#generation) {
      track.stop()
      return { status: 'superseded' }
    }
    track.enabled = this.#enabled[kind]

    let replacement: TrackReplacement
    try {
      replacement = await this.#options.replaceInCall(kind, track)
    } catch (error) {
      track.stop()
      this.#options.onError(error)
      return { status: 'failed', code: MediaErrorCode.Unknown }
    }
    if (generation !== this.#generation) {
      track.stop()
      return { status: 'superseded' }
    }

    const old = this.track(kind)
    const stream = this.#stream
    if (!old && (replacement === 'not-sending' || (!stream && replacement !== 'no-call'))) {
      // The call has no sender for this kind: only a renegotiation could add one, and a switch never does.
      track.stop()
      return { status: 'next-call' }
    }
    if (stream) {
      if (old) {
        this.#unwatch(old)
        stream.removeTrack(old)
        old.stop()
      }
      stream.addTrack(track)
    } else {
      this.#stream = opened
    }
    this.#watch(track)
    this.#failures = this.#failures.filter((failure) => failure.kind !== kind)
    this.#options.onChange()
    return { status: 'applied' }
  }

  /** No device of this kind is left: the ended track goes, and the kind is reported missing. */
  #drop(kind: MediaKind): ApplyOutcome {
    const old = this.track(kind)
    if (old && this.#stream) {
      this.#unwatch(old)
      this.#stream.removeTrack(old)
      old.stop()
    }
    this.#failures = [
      ...this.#failures.filter((failure) => failure.kind !== kind),
      { kind, code: MediaErrorCode.NotFound, errorName: 'NotFoundError', deviceId: null },
    ]
    this.#options.onChange()
    return { status: 'applied' }
  }

  #liveDeviceId(kind: MediaKind): string | null {
    const track = this.track(kind)
    return track && track.readyState === 'live' ? (track.getSettings().deviceId ?? null) : null
  }

  #watch(track: Track): void {
    const listener = (): void => {
      if (this.#endedListeners.get(track) !== listener) return
      this.#options.onChange()
      this.#options.onTrackEnded(captureKindOf(mediaKindOfTrack(track)))
    }
    this.#endedListeners.set(track, listener)
    track.addEventListener('ended', listener)
  }

  #unwatch(track: Track): void {
    const listener = this.#endedListeners.get(track)
    if (!listener) return
    this.#endedListeners.delete(track)
    track.removeEventListener('ended', listener)
  }
}

function mediaKindOfTrack(track: CaptureTrackLike): MediaKind {
  return track.kind === 'video' ? 'video' : 'audio'
}
