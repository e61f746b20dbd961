/**
 * Media devices as the app talks about them across the bridge: what the renderer found, what the person
 * chose, and how a remembered choice is recognised again when the OS has given the device a new id.
 */

export type DeviceKind = 'camera' | 'microphone' | 'speaker'
export const DEVICE_KINDS: readonly DeviceKind[] = ['camera', 'microphone', 'speaker']

/** The id the app uses for "whatever the system's default is" (Chromium's own id for default audio devices). */
export const SYSTEM_DEFAULT_DEVICE_ID = 'default'

/** One device: its id (stable per origin until the OS changes it) and the label a person recognises. */
export interface DeviceSummary {
  deviceId: string
  label: string
}

/** A remembered choice. The label is kept so the device is found again when its id changes. */
export type DeviceChoice = DeviceSummary

export type DevicePreferences = Partial<Record<DeviceKind, DeviceChoice>>

/** What the renderer sees now, reported to main so the Devices menu matches the window. */
export interface DeviceReport {
  cameras: DeviceSummary[]
  microphones: DeviceSummary[]
  speakers: DeviceSummary[]
  /** The device each kind is using right now (`SYSTEM_DEFAULT_DEVICE_ID` for the default), or null for none. */
  active: Record<DeviceKind, string | null>
  /** False where the page cannot choose an audio output (`setSinkId` missing): the Speaker menu is disabled. */
  canChooseSpeaker: boolean
}

/** What the main process hears back from the OS about camera and microphone access (macOS; elsewhere 'granted'). */
export type MediaAccessStatus = 'granted' | 'denied' | 'restricted' | 'not-determined' | 'unknown'
export type CaptureKind = 'camera' | 'microphone'
export type MediaAccess = Record<CaptureKind, MediaAccessStatus>

export const DEVICE_LIMITS = { idChars: 256, labelChars: 256, devicesPerKind: 64 } as const

export function isDeviceKind(value: unknown): value is DeviceKind {
  return value === 'camera' || value === 'microphone' || value === 'speaker'
}

export function isCaptureKind(value: unknown): value is CaptureKind {
  return value === 'camera' || value === 'microphone'
}

export function isDeviceSummary(value: unknown): value is DeviceSummary {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const { deviceId, label } = value as Record<string, unknown>
  return (
    Object.keys(value).every((key) => key === 'deviceId' || key === 'label') &&
    typeof deviceId === 'string' &&
    deviceId.length > 0 &&
    deviceId.length <= DEVICE_LIMITS.idChars &&
    typeof label === 'string' &&
    label.length <= DEVICE_LIMITS.labelChars
  )
}

export function isDevicePreferences(value: unknown): value is DevicePreferences {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  return Object.entries(value).every(([kind, choice]) => isDeviceKind(kind) && isDeviceSummary(choice))
}

export function isDeviceReport(value: unknown): value is DeviceReport {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const report = value as Record<string, unknown>
  const list = (v: unknown) => Array.isArray(v) && v.length <= DEVICE_LIMITS.devicesPerKind && v.every(isDeviceSummary)
  const active = report.active as Record<string, unknown> | null
  const activeId = (v: unknown) => v === null || (typeof v === 'string' && v.length > 0 && v.length <= DEVICE_LIMITS.idChars)
  return (
    Object.keys(report).every((key) => ['cameras', 'microphones', 'speakers', 'active', 'canChooseSpeaker'].includes(key)) &&
    list(report.cameras) &&
    list(report.microphones) &&
    list(report.speakers) &&
    typeof report.canChooseSpeaker === 'boolean' &&
    typeof active === 'object' &&
    active !== null &&
    Object.keys(active).length === 3 &&
    activeId(active.camera) &&
    activeId(active.microphone) &&
    activeId(active.speaker)
  )
}
