/**
 * What the person is told when a device changes under them or a switch they asked for did not happen. Each
 * notice has a stable code (shown as `data-code`) and a sentence in plain words that names the devices, read
 * from the catalog in the current language each time `message` is read.
 */
import type { DeviceKind, DeviceSummary } from '../../../shared/devices'
import { assertNever } from '../../../shared/assert-never'
import { MediaErrorCode } from '../call/media'
import { mediaText } from '../i18n/messages/media'
import { deviceDisplayName } from './device-label'

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
  /** Worded in the current language when read. */
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

/** A notice whose `message` is worded when it is read, so a notice on screen follows a change of language. */
function notice(code: DeviceNoticeCode, kind: DeviceKind, words: () => string): DeviceNotice {
  return {
    code,
    kind,
    get message() {
      return words()
    },
  }
}

export function fallbackNotice(kind: DeviceKind, missing: DeviceSummary, using: DeviceSummary | null): DeviceNotice {
  return notice(DeviceNoticeCode.Fallback, kind, () => {
    const text = mediaText().notice
    const missingName = deviceDisplayName(kind, missing)
    if (!using) return text.fallbackNone(kind, missingName)
    if (using.label === missing.label) return text.fallbackSame(kind, deviceDisplayName(kind, using))
    return text.fallbackOther(kind, missingName, deviceDisplayName(kind, using))
  })
}

export function restoredNotice(kind: DeviceKind, device: DeviceSummary): DeviceNotice {
  return notice(DeviceNoticeCode.Restored, kind, () => mediaText().notice.restored(kind, deviceDisplayName(kind, device)))
}

export function nextCallNotice(kind: DeviceKind, device: DeviceSummary): DeviceNotice {
  return notice(DeviceNoticeCode.NextCall, kind, () => mediaText().notice.nextCall(kind, deviceDisplayName(kind, device)))
}

export function switchFailedNotice(kind: DeviceKind, device: DeviceSummary, code: MediaErrorCode): DeviceNotice {
  return notice(DeviceNoticeCode.SwitchFailed, kind, () => mediaText().notice.switchFailed(kind, deviceDisplayName(kind, device)) + switchFailedReason(code))
}

function switchFailedReason(code: MediaErrorCode): string {
  const why = mediaText().notice.why
  switch (code) {
    case MediaErrorCode.PermissionDenied:
      return why.denied
    case MediaErrorCode.NotFound:
      return why.notFound
    case MediaErrorCode.DeviceBusy:
      return why.busy
    case MediaErrorCode.Overconstrained:
      return why.overconstrained
    case MediaErrorCode.Unknown:
      return why.unknown
    default:
      return assertNever(code, 'media error code')
  }
}
