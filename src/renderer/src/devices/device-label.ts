/**
 * How a device's label is shown. The labels in the device lists are data: they are reported to main, saved
 * with the person's choice and matched by name when a device's id changes, so they stay in one language
 * ("System default (USB Mic)", "Camera 2"). Only the two kinds of label the app makes up itself are reworded
 * on screen, in the current language; a device's own name is shown as the system gives it.
 */
import { SYSTEM_DEFAULT_DEVICE_ID, type DeviceKind } from '../../../shared/devices'
import { mediaText } from '../i18n/messages/media'
import { PLACEHOLDER_NAME, SYSTEM_DEFAULT_LABEL } from './device-choice'

export type DeviceLabel =
  | { readonly kind: 'system-default'; readonly behind: string | null }
  | { readonly kind: 'unnamed'; readonly number: number }
  | { readonly kind: 'named'; readonly name: string }

/** What a label in the device lists stands for. */
export function parseDeviceLabel(kind: DeviceKind, device: { readonly deviceId: string; readonly label: string }): DeviceLabel {
  if (kind !== 'camera' && device.deviceId === SYSTEM_DEFAULT_DEVICE_ID && device.label.startsWith(SYSTEM_DEFAULT_LABEL)) {
    const behind = /^\((.+)\)$/.exec(device.label.slice(SYSTEM_DEFAULT_LABEL.length).trim())?.[1]
    return { kind: 'system-default', behind: behind ?? null }
  }
  const unnamed = new RegExp(`^${PLACEHOLDER_NAME[kind]} (\\d+)$`).exec(device.label)
  if (unnamed?.[1]) return { kind: 'unnamed', number: Number(unnamed[1]) }
  return { kind: 'named', name: device.label }
}

/** The label to show for a device, in the current language. */
export function deviceDisplayName(kind: DeviceKind, device: { readonly deviceId: string; readonly label: string }): string {
  const parsed = parseDeviceLabel(kind, device)
  const text = mediaText().deviceName
  switch (parsed.kind) {
    case 'system-default':
      return parsed.behind === null ? text.systemDefault : text.systemDefaultNamed(parsed.behind)
    case 'unnamed':
      return text.unnamed(kind, parsed.number)
    case 'named':
      return parsed.name
  }
}
