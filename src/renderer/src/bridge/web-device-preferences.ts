/**
 * Web mode's remembered devices, in `localStorage` (in the app, main keeps them in its settings file). What is
 * read back is checked like any input from outside: a value that is not valid preferences (edited by hand,
 * written by another version) is thrown away with a warning, and the defaults are used.
 */
import { isDeviceKind, isDevicePreferences, isDeviceSummary, type DeviceChoice, type DeviceKind, type DevicePreferences } from '../../../shared/devices'

/** The part of the DOM's `Storage` used here. */
export interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export const DEVICE_PREFERENCES_KEY = 'tonghwa.devicePreferences'

export function loadDevicePreferences(storage: StorageLike | null, warn: (message: string) => void): DevicePreferences {
  if (!storage) return {}
  const raw = storage.getItem(DEVICE_PREFERENCES_KEY)
  if (raw === null) return {}
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    value = undefined
  }
  if (isDevicePreferences(value)) return value
  warn(`DEVICE_ERR_BAD_PREFERENCES: the remembered devices in localStorage["${DEVICE_PREFERENCES_KEY}"] are not valid; using the defaults`)
  storage.removeItem(DEVICE_PREFERENCES_KEY)
  return {}
}

/** Remembers one kind's choice (`null`: back to the system default). Throws on a malformed choice. */
export function saveDevicePreference(
  storage: StorageLike | null,
  kind: DeviceKind,
  choice: DeviceChoice | null,
  warn: (message: string) => void,
): void {
  if (!isDeviceKind(kind) || (choice !== null && !isDeviceSummary(choice))) {
    throw new Error('DEVICE_ERR_BAD_CHOICE: expected a device kind and a choice or null')
  }
  if (!storage) return
  const preferences: DevicePreferences = { ...loadDevicePreferences(storage, warn) }
  if (choice) preferences[kind] = { deviceId: choice.deviceId, label: choice.label }
  else delete preferences[kind]
  storage.setItem(DEVICE_PREFERENCES_KEY, JSON.stringify(preferences))
}

