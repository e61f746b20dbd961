/**
 * What to do for one kind of device when the set of devices changes (`devicechange`) or the device in use
 * stops by itself (its track's `ended`: unplugged, or taken away by the OS). Pure: the caller switches.
 *
 * - The device in use went away → the remembered device if it is (still or again) there, else the default.
 * - The remembered device is back while another one is in use → go back to it.
 * - Nothing was in use (there was none) and a device appears → use it.
 * - Anything else (a device that is not in use came or went) → keep what is in use.
 */
import { SYSTEM_DEFAULT_DEVICE_ID, type DeviceChoice, type DeviceKind, type DeviceSummary } from '../../../shared/devices'
import { isRememberedDevice, resolveDevice } from './device-choice'

export type DeviceFollow =
  | { readonly type: 'keep' }
  /** The device in use is gone: use `to` instead (null: none of this kind is left). */
  | { readonly type: 'fallback'; readonly to: DeviceSummary | null; readonly missing: DeviceSummary }
  /** The remembered device is available again: go back to it. */
  | { readonly type: 'restore'; readonly to: DeviceSummary }
  /** Nothing of this kind was in use and now a device is there: use it (nobody needs telling). */
  | { readonly type: 'adopt'; readonly to: DeviceSummary }

export interface FollowInput {
  kind: DeviceKind
  /** The person's remembered choice, if any. */
  remembered: DeviceChoice | null | undefined
  /** The device in use before the change (as it was listed then), or null for none. */
  current: DeviceSummary | null
  /** The devices listed now. */
  available: readonly DeviceSummary[]
  /** The device in use stopped by itself: it counts as gone even if the list still shows it (the list lags). */
  currentEnded?: boolean
}

const KEEP: DeviceFollow = { type: 'keep' }

export function followDevices(input: FollowInput): DeviceFollow {
  const { kind, remembered, current, available } = input
  if (current === null) {
    const resolution = resolveDevice(kind, remembered, available)
    if (!resolution.device) return KEEP
    return remembered && !resolution.fallback ? { type: 'restore', to: resolution.device } : { type: 'adopt', to: resolution.device }
  }

  const listed = available.some((device) => device.deviceId === current.deviceId)
  if (listed && !input.currentEnded) {
    if (!remembered || isRememberedDevice(current, remembered)) return KEEP
    const resolution = resolveDevice(kind, remembered, available)
    return resolution.fallback || !resolution.device ? KEEP : { type: 'restore', to: resolution.device }
  }

  // Gone. The system-default entry stays listed when the device behind it goes: opening it again gets
  // whatever the system uses now, so it remains a candidate; any other ended device does not.
  const candidates =
    input.currentEnded && current.deviceId !== SYSTEM_DEFAULT_DEVICE_ID
      ? available.filter((device) => device.deviceId !== current.deviceId)
      : available
  const resolution = resolveDevice(kind, remembered, candidates)
  const wasRemembered = remembered ? isRememberedDevice(current, remembered) : false
  if (remembered && !resolution.fallback && resolution.device && !wasRemembered) return { type: 'restore', to: resolution.device }
  return { type: 'fallback', to: resolution.device, missing: current }
}
