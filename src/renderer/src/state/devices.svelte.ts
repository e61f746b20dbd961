/**
 * The devices a person can choose from and the ones in use, shared by the window's pickers and the native
 * Devices menu (which main builds from what this reports). Loads the remembered choices through the bridge at
 * start, saves each explicit choice (never an automatic fallback: what is remembered stays the person's), and
 * follows the devices as they come and go: when the one in use goes, the default takes over and the person
 * is told; when the remembered one comes back, it is used again.
 *
 * Putting a device to use is the caller's `apply` (re-opening the camera or microphone); the speaker is only
 * `speakerSinkId`, which the remote video applies itself. Every change runs one at a time, in order.
 */
import {
  DEVICE_KINDS,
  isDeviceKind,
  SYSTEM_DEFAULT_DEVICE_ID,
  type CaptureKind,
  type DeviceKind,
  type DeviceSummary,
} from '../../../shared/devices'
import { assertNever } from '../../../shared/assert-never'
import type { TonghwaBridge, Unsubscribe } from '../../../shared/ipc-contract'
import { MediaErrorCode } from '../call/media'
import {
  defaultDevice,
  deviceLists,
  EMPTY_DEVICE_LISTS,
  findDevice,
  NO_ACTIVE_DEVICES,
  resolveDevice,
  type ActiveDevices,
  type DeviceInfoLike,
  type DeviceLists,
} from '../devices/device-choice'
import { followDevices } from '../devices/device-follow'
import {
  fallbackNotice,
  nextCallNotice,
  restoredNotice,
  switchFailedNotice,
  type ApplyOutcome,
  type DeviceNotice,
} from '../devices/device-notices'
import { DeviceReporter } from '../devices/device-reporter'
import { RememberedDevices } from '../devices/remembered-devices'

/** `navigator.mediaDevices` as far as it is used here. */
export interface MediaDevicesLike {
  enumerateDevices(): Promise<readonly DeviceInfoLike[]>
  addEventListener(type: 'devicechange', listener: () => void): void
  removeEventListener(type: 'devicechange', listener: () => void): void
}

export type DevicesBridge = Pick<
  TonghwaBridge,
  'reportDevices' | 'getDevicePreferences' | 'saveDevicePreference' | 'onDeviceChosenFromMenu'
>

export interface DevicesStateOptions {
  bridge: DevicesBridge
  /** Absent outside a secure context: then there is nothing to list. */
  mediaDevices: MediaDevicesLike | null
  /** Whether the page can choose where sound plays (`HTMLMediaElement.setSinkId` exists). */
  canChooseSpeaker: boolean
  /** Puts a camera or microphone to use (`null`: none of that kind is left). */
  apply: (kind: CaptureKind, deviceId: string | null) => Promise<ApplyOutcome>
  onError?: (error: unknown) => void
}

export class DevicesState {
  readonly #bridge: DevicesBridge
  readonly #remembered: RememberedDevices
  readonly #reporter: DeviceReporter
  readonly #mediaDevices: MediaDevicesLike | null
  readonly #canChooseSpeaker: boolean
  readonly #apply: (kind: CaptureKind, deviceId: string | null) => Promise<ApplyOutcome>
  readonly #onError: (error: unknown) => void

  #lists = $state.raw<DeviceLists>(EMPTY_DEVICE_LISTS)
  #active = $state.raw<ActiveDevices>(NO_ACTIVE_DEVICES)
  #notice = $state.raw<DeviceNotice | null>(null)
  #listed = $state(false)
  #queue: Promise<void> = Promise.resolve()
  #ready: Promise<void> | null = null
  #unsubscribe: Unsubscribe | null = null
  #disposed = false

  constructor(options: DevicesStateOptions) {
    this.#bridge = options.bridge
    this.#mediaDevices = options.mediaDevices
    this.#canChooseSpeaker = options.canChooseSpeaker
    this.#apply = options.apply
    this.#onError = options.onError ?? ((error) => console.warn('[devices]', error))
    this.#remembered = new RememberedDevices(options.bridge, this.#onError)
    this.#reporter = new DeviceReporter((report) => options.bridge.reportDevices(report), this.#onError)
  }

  get lists(): DeviceLists {
    return this.#lists
  }
  /**
   * Whether the devices have been listed since the camera and microphone were first opened: before that,
   * browsers hide names (and often ids), so the lists are not worth showing yet.
   */
  get listed(): boolean {
    return this.#listed
  }
  /** The device in use (or to be used) for each kind: what the pickers show and the menu checks. */
  get active(): ActiveDevices {
    return this.#active
  }
  get canChooseSpeaker(): boolean {
    return this.#canChooseSpeaker
  }
  /** What to pass to `setSinkId` on the remote video, or null to leave it alone. */
  get speakerSinkId(): string | null {
    return this.#canChooseSpeaker ? this.#active.speaker : null
  }
  /** The latest fallback, restore or failed switch to tell the person about. */
  get notice(): DeviceNotice | null {
    return this.#notice
  }

  /** Loads the remembered choices, lists the devices, and starts following changes and the menu. */
  start(): Promise<void> {
    if (this.#ready) return this.#ready
    this.#unsubscribe = this.#bridge.onDeviceChosenFromMenu((event) => {
      if (isDeviceKind(event.kind) && typeof event.deviceId === 'string') void this.choose(event.kind, event.deviceId)
    })
    this.#mediaDevices?.addEventListener('devicechange', this.#handleDeviceChange)
    this.#ready = this.#enqueue(async () => {
      await this.#remembered.load()
      await this.#enumerate()
      this.#setActive(this.#resolveAll())
    })
    return this.#ready
  }

  /** Resolves once the remembered choices are loaded and the devices listed. */
  ready(): Promise<void> {
    return this.#ready ?? this.start()
  }

  /** The devices to open the camera and microphone with: the ones in use, else the remembered ones. */
  captureDevices(): Record<CaptureKind, string | null> {
    return {
      camera: this.#active.camera ?? this.#remembered.get('camera')?.deviceId ?? null,
      microphone: this.#active.microphone ?? this.#remembered.get('microphone')?.deviceId ?? null,
    }
  }

  /** A device's label for messages (null id: the device used by default), if it is known. */
  labelOf(kind: DeviceKind, deviceId: string | null): string | null {
    const id = deviceId ?? this.#active[kind]
    const listed = findDevice(this.#lists, kind, id) ?? (deviceId === null ? defaultDevice(kind, this.#lists[kind]) : null)
    if (listed) return listed.label
    const remembered = this.#remembered.get(kind)
    return remembered && remembered.deviceId === id ? remembered.label : null
  }

  /**
   * The camera and microphone were opened (`inUse`: the device of each live track). Now that labels can be
   * read, the devices are listed again and the remembered ones found: by label if the OS changed their id
   * (then the camera or microphone is switched to it), or else the person is told which one is missing.
   */
  captured(inUse: Record<CaptureKind, string | null>): Promise<void> {
    return this.#enqueue(async () => {
      await this.#enumerate()
      const active = { ...this.#active }
      for (const kind of DEVICE_KINDS) {
        const resolution = resolveDevice(kind, this.#remembered.get(kind), this.#lists[kind])
        const target = resolution.device
        // Same device, new id: remember the id it has now, so it is found by id from here on.
        if (!resolution.fallback && resolution.matchedBy === 'label' && target) await this.#remembered.remember(kind, target)
        if (kind === 'speaker') {
          active.speaker = target?.deviceId ?? null
          if (resolution.fallback && target) this.#notice = fallbackNotice(kind, resolution.missing, target)
          continue
        }
        const current = inUse[kind]
        // A kind that could not be opened has its own message; what is checked is what would be used.
        if (current === null) {
          active[kind] = target?.deviceId ?? null
          continue
        }
        active[kind] = current
        // Only a remembered device is worth re-opening for (opening asked for it by an id that may be stale).
        if (!resolution.fallback && resolution.matchedBy !== 'default' && target && target.deviceId !== current) {
          if ((await this.#apply(kind, target.deviceId)).status === 'applied') active[kind] = target.deviceId
        }
        const using = findDevice(this.#lists, kind, active[kind])
        if (resolution.fallback && using) this.#notice = fallbackNotice(kind, resolution.missing, using)
      }
      this.#listed = true
      this.#setActive(active)
    })
  }

  /** A choice in the window or the native menu: remembered, put to use, and reported. */
  choose(kind: DeviceKind, deviceId: string): Promise<void> {
    return this.#enqueue(async () => {
      const device = findDevice(this.#lists, kind, deviceId)
      if (!device) {
        // The menu can lag a change by a moment: a device that is gone is not chosen.
        this.#onError(new Error(`DEVICE_ERR_UNKNOWN_DEVICE: no ${kind} with id ${deviceId}`))
        return
      }
      await this.#remembered.remember(kind, deviceId === SYSTEM_DEFAULT_DEVICE_ID ? null : device)
      if (this.#notice?.kind === kind) this.#notice = null
      const previous = this.#active[kind]
      this.#setActive({ ...this.#active, [kind]: deviceId })
      if (kind === 'speaker') return
      const outcome = await this.#apply(kind, deviceId)
      this.#afterExplicitApply(kind, device, previous, outcome)
    })
  }

  /** The remote video could not play through the chosen speaker: back to the default, and say so. */
  speakerFailed(deviceId: string, error: unknown): void {
    void this.#enqueue(async () => {
      this.#onError(error)
      const device = findDevice(this.#lists, 'speaker', deviceId) ?? { deviceId, label: deviceId }
      this.#notice = switchFailedNotice('speaker', device, MediaErrorCode.Unknown)
      this.#setActive({ ...this.#active, speaker: resolveDevice('speaker', null, this.#lists.speaker).device?.deviceId ?? null })
    })
  }

  /** The camera or microphone track stopped by itself: use another device now. */
  trackEnded(kind: CaptureKind): Promise<void> {
    return this.#enqueue(async () => {
      const before = this.#lists
      await this.#enumerate()
      await this.#follow(kind, before, true)
      this.#report()
    })
  }

  dismissNotice(): void {
    this.#notice = null
  }

  dispose(): void {
    if (this.#disposed) return
    this.#disposed = true
    this.#unsubscribe?.()
    this.#unsubscribe = null
    this.#mediaDevices?.removeEventListener('devicechange', this.#handleDeviceChange)
  }

  readonly #handleDeviceChange = (): void => {
    void this.#enqueue(async () => {
      const before = this.#lists
      await this.#enumerate()
      for (const kind of DEVICE_KINDS) await this.#follow(kind, before, false)
      this.#report()
    })
  }

  async #follow(kind: DeviceKind, before: DeviceLists, currentEnded: boolean): Promise<void> {
    const currentId = this.#active[kind]
    const current = findDevice(before, kind, currentId) ?? findDevice(this.#lists, kind, currentId)
    const decision = followDevices({ kind, remembered: this.#remembered.get(kind), current, available: this.#lists[kind], currentEnded })
    if (decision.type === 'keep') return
    const to = decision.to
    const outcome: ApplyOutcome = kind === 'speaker' ? { status: 'applied' } : await this.#apply(kind, to?.deviceId ?? null)
    // `next-call`: this call has no sender for the kind; the device is picked up when the next one starts.
    if (outcome.status === 'superseded' || outcome.status === 'next-call') return
    if (outcome.status === 'failed') {
      if (to) this.#notice = switchFailedNotice(kind, to, outcome.code)
      // The device in use is gone either way: what is checked is the one that would be used.
      if (decision.type === 'fallback') this.#setActive({ ...this.#active, [kind]: to?.deviceId ?? null })
      return
    }
    this.#setActive({ ...this.#active, [kind]: to?.deviceId ?? null })
    if (decision.type === 'fallback') this.#notice = fallbackNotice(kind, decision.missing, to)
    else if (decision.type === 'restore') this.#notice = restoredNotice(kind, decision.to)
  }

  #afterExplicitApply(kind: CaptureKind, device: DeviceSummary, previous: string | null, outcome: ApplyOutcome): void {
    switch (outcome.status) {
      case 'applied':
      case 'superseded':
        return
      case 'next-call':
        this.#notice = nextCallNotice(kind, device)
        return
      case 'failed':
        // The device the track still comes from stays checked; the choice stays remembered for next time.
        this.#notice = switchFailedNotice(kind, device, outcome.code)
        if (this.#active[kind] === device.deviceId) this.#setActive({ ...this.#active, [kind]: previous })
        return
      default:
        assertNever(outcome, 'apply outcome')
    }
  }

  #resolveAll(): ActiveDevices {
    const active = { ...this.#active }
    for (const kind of DEVICE_KINDS) {
      if (findDevice(this.#lists, kind, active[kind])) continue
      active[kind] = resolveDevice(kind, this.#remembered.get(kind), this.#lists[kind]).device?.deviceId ?? null
    }
    return active
  }

  async #enumerate(): Promise<void> {
    if (!this.#mediaDevices) return
    try {
      this.#lists = deviceLists(await this.#mediaDevices.enumerateDevices())
    } catch (error) {
      this.#onError(error)
    }
  }

  #setActive(active: ActiveDevices): void {
    const same = DEVICE_KINDS.every((kind) => active[kind] === this.#active[kind])
    if (!same) this.#active = active
    this.#report()
  }

  #report(): void {
    if (!this.#disposed) this.#reporter.report(this.#lists, this.#active, this.#canChooseSpeaker)
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(async () => {
      if (this.#disposed) return
      try {
        await task()
      } catch (error) {
        this.#onError(error)
      }
    })
    this.#queue = run
    return run
  }
}
