/**
 * Which device to use, as pure functions: the lists a person chooses from (from `enumerateDevices()`), and
 * which entry a remembered choice means today. A remembered device is found by its id, else by its label (the
 * OS gave it a new id after a restart or an update), else the default is used and the caller is told which
 * device is missing. The same function finds the remembered device again when it comes back: that is the
 * restore.
 */
import {
  DEVICE_LIMITS,
  SYSTEM_DEFAULT_DEVICE_ID,
  type DeviceChoice,
  type DeviceKind,
  type DeviceReport,
  type DeviceSummary,
} from '../../../shared/devices'

/** `MediaDeviceInfo` as far as it is read here. */
export interface DeviceInfoLike {
  readonly kind: string
  readonly deviceId: string
  readonly label: string
}

export type DeviceLists = Readonly<Record<DeviceKind, readonly DeviceSummary[]>>
export type ActiveDevices = Readonly<Record<DeviceKind, string | null>>

export const EMPTY_DEVICE_LISTS: DeviceLists = { camera: [], microphone: [], speaker: [] }
export const NO_ACTIVE_DEVICES: ActiveDevices = { camera: null, microphone: null, speaker: null }

/** How the system-default audio entry is shown (Chromium's own label names the device behind it, or nothing). */
export const SYSTEM_DEFAULT_LABEL = 'System default'

const KIND_OF_INFO: Readonly<Record<string, DeviceKind>> = {
  videoinput: 'camera',
  audioinput: 'microphone',
  audiooutput: 'speaker',
}

/** The name of a device the browser gives no label (before capture is allowed), numbered: "Camera 1". */
export const PLACEHOLDER_NAME: Readonly<Record<DeviceKind, string>> = {
  camera: 'Camera',
  microphone: 'Microphone',
  speaker: 'Speaker',
}

/**
 * Chromium on Windows lists the device of the "communications" role a second time under this id. Choosing it
 * is choosing a device that is already in the list, so it is left out.
 */
const COMMUNICATIONS_DEVICE_ID = 'communications'

/**
 * The three lists, in the order the browser gives (the system default first for audio). Entries without an id
 * (Chromium lists one per kind before the page may capture) are left out; empty labels become "Camera 1",
 * "Microphone 2"…; ids and labels are held to the contract's limits so the report always passes main's check.
 */
export function deviceLists(infos: readonly DeviceInfoLike[]): DeviceLists {
  const lists: Record<DeviceKind, DeviceSummary[]> = { camera: [], microphone: [], speaker: [] }
  const unnamed: Record<DeviceKind, number> = { camera: 0, microphone: 0, speaker: 0 }
  for (const info of infos) {
    const kind = KIND_OF_INFO[info.kind]
    if (!kind) continue
    const { deviceId } = info
    if (deviceId === '' || deviceId.length > DEVICE_LIMITS.idChars || deviceId === COMMUNICATIONS_DEVICE_ID) continue
    const list = lists[kind]
    if (list.length >= DEVICE_LIMITS.devicesPerKind || list.some((device) => device.deviceId === deviceId)) continue
    if (kind !== 'camera' && deviceId === SYSTEM_DEFAULT_DEVICE_ID) {
      list.unshift({ deviceId, label: systemDefaultLabel(info.label) })
      continue
    }
    const label = clip(info.label.trim())
    list.push({ deviceId, label: label !== '' ? label : `${PLACEHOLDER_NAME[kind]} ${++unnamed[kind]}` })
  }
  return lists
}

/**
 * Chromium labels the default entry "Default - <device>" on macOS and Windows; the name of the device behind
 * it is worth keeping, since it changes with the system setting.
 */
function systemDefaultLabel(raw: string): string {
  const behind = /^default\s+-\s+(.+)$/i.exec(raw.trim())?.[1]
  return clip(behind ? `${SYSTEM_DEFAULT_LABEL} (${behind})` : SYSTEM_DEFAULT_LABEL)
}

function clip(label: string): string {
  return label.length > DEVICE_LIMITS.labelChars ? label.slice(0, DEVICE_LIMITS.labelChars) : label
}

/** The device used when none is chosen: for audio the system-default entry if listed, else the first one. */
export function defaultDevice(kind: DeviceKind, available: readonly DeviceSummary[]): DeviceSummary | null {
  if (kind !== 'camera') {
    const systemDefault = available.find((device) => device.deviceId === SYSTEM_DEFAULT_DEVICE_ID)
    if (systemDefault) return systemDefault
  }
  return available[0] ?? null
}

export type DeviceResolution =
  /** `device` is what was asked for: the remembered device (found by id or label), or the default when none was. */
  | { readonly fallback: false; readonly device: DeviceSummary | null; readonly matchedBy: 'id' | 'label' | 'default' }
  /** The remembered device is not connected: `device` is the default (null: nothing of this kind at all). */
  | { readonly fallback: true; readonly device: DeviceSummary | null; readonly missing: DeviceChoice }

/** Which device a remembered choice (or none) means among the devices available now. */
export function resolveDevice(
  kind: DeviceKind,
  remembered: DeviceChoice | null | undefined,
  available: readonly DeviceSummary[],
): DeviceResolution {
  if (!remembered) return { fallback: false, device: defaultDevice(kind, available), matchedBy: 'default' }
  const byId = available.find((device) => device.deviceId === remembered.deviceId)
  if (byId) return { fallback: false, device: byId, matchedBy: 'id' }
  const byLabel = findByLabel(available, remembered.label)
  if (byLabel) return { fallback: false, device: byLabel, matchedBy: 'label' }
  return { fallback: true, device: defaultDevice(kind, available), missing: remembered }
}

/** Whether `device` is the one `choice` remembers: the same id, or the same (non-empty) label. */
export function isRememberedDevice(device: DeviceSummary, choice: DeviceChoice): boolean {
  return device.deviceId === choice.deviceId || (choice.label !== '' && device.label === choice.label)
}

/** The system-default entry's label names whichever device is default today, so it never matches by label. */
function findByLabel(available: readonly DeviceSummary[], label: string): DeviceSummary | undefined {
  if (label === '') return undefined
  return available.find((device) => device.deviceId !== SYSTEM_DEFAULT_DEVICE_ID && device.label === label)
}

export function findDevice(lists: DeviceLists, kind: DeviceKind, deviceId: string | null): DeviceSummary | null {
  if (deviceId === null) return null
  return lists[kind].find((device) => device.deviceId === deviceId) ?? null
}

export function buildDeviceReport(lists: DeviceLists, active: ActiveDevices, canChooseSpeaker: boolean): DeviceReport {
  return {
    cameras: [...lists.camera],
    microphones: [...lists.microphone],
    speakers: [...lists.speaker],
    active: { camera: active.camera, microphone: active.microphone, speaker: active.speaker },
    canChooseSpeaker,
  }
}

