/**
 * Stand-ins for `MediaStreamTrack` and `MediaStream`, for `getUserMedia` failures, and for a machine with
 * cameras, microphones and speakers that come and go (`FakeMediaDevices`), for tests in Node.
 */
import type { DeviceInfoLike } from '../../src/renderer/src/devices/device-choice'
import type { MediaConstraintsLike } from '../../src/renderer/src/call/media'
import type { CaptureStreamLike, MediaKind } from '../../src/renderer/src/call/rtc-types'

let nextId = 1

export class FakeTrack {
  readonly id = `track-${nextId++}`
  enabled = true
  stopped = false
  readyState: 'live' | 'ended' = 'live'
  readonly label: string
  readonly deviceId: string | undefined
  readonly #endedListeners = new Set<() => void>()

  constructor(
    readonly kind: MediaKind,
    source: { deviceId?: string; label?: string } = {},
  ) {
    this.deviceId = source.deviceId
    this.label = source.label ?? ''
  }

  stop(): void {
    // As in browsers: the track ends, but `ended` is not fired for a stop() of one's own.
    this.stopped = true
    this.readyState = 'ended'
  }
  getSettings(): { deviceId?: string } {
    return this.deviceId === undefined ? {} : { deviceId: this.deviceId }
  }
  addEventListener(_type: 'ended', listener: () => void): void {
    this.#endedListeners.add(listener)
  }
  removeEventListener(_type: 'ended', listener: () => void): void {
    this.#endedListeners.delete(listener)
  }
  get endedListenerCount(): number {
    return this.#endedListeners.size
  }

  /** The source stopped by itself (device unplugged): `ended` fires. */
  end(): void {
    if (this.readyState === 'ended') return
    this.readyState = 'ended'
    for (const listener of [...this.#endedListeners]) listener()
  }
}

export class FakeMediaStream implements CaptureStreamLike<FakeTrack> {
  readonly id: string
  readonly #tracks: FakeTrack[]

  constructor(tracks: FakeTrack[] = [], id = `stream-${nextId++}`) {
    this.#tracks = [...tracks]
    this.id = id
  }

  /** A stream with one track of each kind given. */
  static of(...kinds: MediaKind[]): FakeMediaStream {
    return new FakeMediaStream(kinds.map((kind) => new FakeTrack(kind)))
  }

  addTrack(track: FakeTrack): void {
    if (!this.#tracks.includes(track)) this.#tracks.push(track)
  }
  removeTrack(track: FakeTrack): void {
    const index = this.#tracks.indexOf(track)
    if (index >= 0) this.#tracks.splice(index, 1)
  }

  getTracks(): FakeTrack[] {
    return [...this.#tracks]
  }
  getAudioTracks(): FakeTrack[] {
    return this.#tracks.filter((track) => track.kind === 'audio')
  }
  getVideoTracks(): FakeTrack[] {
    return this.#tracks.filter((track) => track.kind === 'video')
  }
}

/** What Chromium rejects `getUserMedia` with: an object whose `name` says what went wrong. */
export function mediaError(name: string, message = `${name} (fake)`): Error {
  const error = new Error(message)
  error.name = name
  return error
}

export interface FakeDevice {
  kind: 'videoinput' | 'audioinput' | 'audiooutput'
  deviceId: string
  label: string
  /** When set, opening this device fails with it (e.g. `NotReadableError`: busy in another app). */
  error?: Error
}

/** Track constraints as the fakes read them: only `deviceId`. */
export interface FakeTrackConstraints {
  deviceId?: { exact: string } | { ideal: string }
}

const INPUT_OF: Record<MediaKind, FakeDevice['kind']> = { audio: 'audioinput', video: 'videoinput' }

/**
 * A machine's devices as `navigator.mediaDevices` sees them: `enumerateDevices`, `devicechange` when the set
 * changes, and `getUserMedia`, which opens the device asked for (`exact` must exist; `ideal` falls back to the
 * first one, as Chromium's default is) and fails for a kind with none, or with a device's own error.
 */
export class FakeMediaDevices {
  devices: FakeDevice[]
  /** Every `getUserMedia` call, in order. */
  readonly requests: MediaConstraintsLike<FakeTrackConstraints>[] = []
  /** Every track handed out, in order. */
  readonly opened: FakeTrack[] = []
  /** When set, `getUserMedia` for that kind fails with it (e.g. `NotAllowedError`). */
  readonly kindErrors: Partial<Record<MediaKind, Error>> = {}
  readonly #listeners = new Set<() => void>()

  constructor(devices: FakeDevice[]) {
    this.devices = devices
  }

  async enumerateDevices(): Promise<DeviceInfoLike[]> {
    return this.devices.map(({ kind, deviceId, label }) => ({ kind, deviceId, label }))
  }

  addEventListener(_type: 'devicechange', listener: () => void): void {
    this.#listeners.add(listener)
  }
  removeEventListener(_type: 'devicechange', listener: () => void): void {
    this.#listeners.delete(listener)
  }
  get listenerCount(): number {
    return this.#listeners.size
  }

  /** Plugs devices in or out, and fires `devicechange`. Tracks from unplugged devices end. */
  setDevices(devices: FakeDevice[]): void {
    this.devices = devices
    for (const track of this.opened) {
      if (track.readyState === 'live' && !devices.some((device) => device.deviceId === track.deviceId)) track.end()
    }
    for (const listener of [...this.#listeners]) listener()
  }

  /** Plugs one device out (its tracks end first, then `devicechange`), as when a USB camera is pulled. */
  unplug(deviceId: string): void {
    this.setDevices(this.devices.filter((device) => device.deviceId !== deviceId))
  }

  readonly getUserMedia = async (constraints: MediaConstraintsLike<FakeTrackConstraints>): Promise<FakeMediaStream> => {
    this.requests.push(constraints)
    const tracks: FakeTrack[] = []
    for (const kind of ['audio', 'video'] as const) {
      const constraint = constraints[kind]
      if (constraint === false) continue
      const kindError = this.kindErrors[kind]
      if (kindError) throw kindError
      const device = this.#pick(kind, constraint === true ? undefined : constraint.deviceId)
      if (device.error) throw device.error
      tracks.push(new FakeTrack(kind, { deviceId: device.deviceId, label: device.label }))
    }
    this.opened.push(...tracks)
    return new FakeMediaStream(tracks)
  }

  #pick(kind: MediaKind, wanted: FakeTrackConstraints['deviceId']): FakeDevice {
    const candidates = this.devices.filter((device) => device.kind === INPUT_OF[kind])
    if (wanted && 'exact' in wanted) {
      const device = candidates.find((candidate) => candidate.deviceId === wanted.exact)
      if (!device) throw mediaError('OverconstrainedError')
      return device
    }
    const device = (wanted && candidates.find((candidate) => candidate.deviceId === wanted.ideal)) ?? candidates[0]
    if (!device) throw mediaError('NotFoundError')
    return device
  }
}

/** Three cameras, the default and two microphones, the default and one speaker: like Chromium's fakes. */
export function threeCameraMachine(): FakeDevice[] {
  return [
    { kind: 'audioinput', deviceId: 'default', label: 'Default - Built-in Microphone' },
    { kind: 'audioinput', deviceId: 'mic-builtin', label: 'Built-in Microphone' },
    { kind: 'audioinput', deviceId: 'mic-usb', label: 'USB Headset' },
    { kind: 'videoinput', deviceId: 'cam-facetime', label: 'FaceTime HD Camera' },
    { kind: 'videoinput', deviceId: 'cam-usb', label: 'USB Camera' },
    { kind: 'videoinput', deviceId: 'cam-desk', label: 'Desk Camera' },
    { kind: 'audiooutput', deviceId: 'default', label: 'Default - Speakers' },
    { kind: 'audiooutput', deviceId: 'spk-usb', label: 'USB Headset' },
  ]
}
