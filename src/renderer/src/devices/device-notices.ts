/**
 * What the person is told when a device changes under them or a switch they asked for did not happen. Each
 * notice has a stable code (shown as `data-code`) and a sentence in plain words that names the devices.
 */
import type { DeviceKind, DeviceSummary } from '../../../shared/devices'
import { assertNever } from '../../../shared/assert-never'
import { MediaErrorCode } from '../call/media'

export const DeviceNoticeCode = {
  /** The device in use (or the remembered one) is not connected; another is used. */
  Fallback: 'DEVICE_FALLBACK',
  /** The remembered device is back and in use again. */
  Restored: 'DEVICE_RESTORED',
  /** A device the person chose could not be started; the previous one stays. */
  SwitchFailed: 'DEVICE_SWITCH_FAILED',
  /** The call started without this kind of device; the choice applies from the next call. */
  NextCall: 'DEVICE_NEXT_CALL',
} as const
export type DeviceNoticeCode = (typeof DeviceNoticeCode)[keyof typeof DeviceNoticeCode]

export interface DeviceNotice {
  readonly code: DeviceNoticeCode
  readonly kind: DeviceKind
  readonly message: string
}

/** What became of putting a device to use (see `DevicesState`'s `apply`). */
export type ApplyOutcome =
  /** In use now, or will be when the camera and microphone are next opened. */
  | { readonly status: 'applied' }
  /** A later choice for the same kind came first; this one was dropped. */
  | { readonly status: 'superseded' }
  /** The call started without this kind of device, and adding one would need a new call. */
  | { readonly status: 'next-call' }
  | { readonly status: 'failed'; readonly code: MediaErrorCode }

const NOUN: Readonly<Record<DeviceKind, string>> = { camera: 'camera', microphone: 'microphone', speaker: 'speaker' }

export function fallbackNotice(kind: DeviceKind, missing: DeviceSummary, using: DeviceSummary | null): DeviceNotice {
  const noun = NOUN[kind]
  const gone = missing.label !== '' ? `Your ${noun} "${missing.label}" is not connected` : `Your ${noun} is not connected`
  let message: string
  if (!using) message = `${gone}, and no other ${noun} was found.`
  else if (using.label === missing.label) message = `Your ${noun} was disconnected; using "${using.label}" now.`
  else message = `${gone}; using "${using.label}".`
  return { code: DeviceNoticeCode.Fallback, kind, message }
}

export function restoredNotice(kind: DeviceKind, device: DeviceSummary): DeviceNotice {
  return { code: DeviceNoticeCode.Restored, kind, message: `Your ${NOUN[kind]} "${device.label}" is connected again; using it.` }
}

export function nextCallNotice(kind: DeviceKind, device: DeviceSummary): DeviceNotice {
  return {
    code: DeviceNoticeCode.NextCall,
    kind,
    message: `This call started without a ${NOUN[kind]}, so "${device.label}" will be used from your next call.`,
  }
}

export function switchFailedNotice(kind: DeviceKind, device: DeviceSummary, code: MediaErrorCode): DeviceNotice {
  return { code: DeviceNoticeCode.SwitchFailed, kind, message: `Could not switch to the ${NOUN[kind]} "${device.label}"${switchFailedReason(code)}` }
}

function switchFailedReason(code: MediaErrorCode): string {
  switch (code) {
    case MediaErrorCode.PermissionDenied:
      return ': Tonghwa is not allowed to use it.'
    case MediaErrorCode.NotFound:
      return ': it is not connected.'
    case MediaErrorCode.DeviceBusy:
      return ': it is in use by another app.'
    case MediaErrorCode.Overconstrained:
      return ': it cannot provide the picture or sound Tonghwa asked for.'
    case MediaErrorCode.Unknown:
      return '.'
    default:
      return assertNever(code, 'media error code')
  }
}
