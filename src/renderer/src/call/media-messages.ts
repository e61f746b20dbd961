/**
 * What the person reads when the camera or microphone could not be had: what happened, in their system's own
 * words where it matters (where to allow access differs between macOS, Windows, Linux and a browser), the
 * device by name when it is known, and what the call goes ahead with. The words are read from the catalog in
 * the current language when this runs (inside a `$derived`, so they follow a change of language).
 */
import { assertNever } from '../../../shared/assert-never'
import type { CaptureKind } from '../../../shared/devices'
import type { HostOs } from '../../../shared/ipc-contract'
import { captureKindOf, MediaErrorCode, type MediaFailure } from './media'
import type { MediaKind } from './rtc-types'
import { mediaText, type DeviceSubject } from '../i18n/messages/media'

/** A button that opens the OS pane where access is given (only where the app can open one). */
export interface PrivacySettingsOffer {
  readonly kind: CaptureKind
  readonly label: string
}

export interface MediaWarning {
  /** The code of the first failure, the camera's before the microphone's. */
  readonly code: MediaErrorCode
  readonly errorName: string
  /** The kinds the call goes ahead without, `audio` before `video`. */
  readonly missing: readonly MediaKind[]
  /** What happened and what to do, in plain words. */
  readonly message: string
  readonly privacySettings: PrivacySettingsOffer | null
}

export interface WarningContext {
  os: HostOs
  /** The label of the device a failure was about (`deviceId` null: the default one), if it is known. */
  labelOf?: (kind: MediaKind, deviceId: string | null) => string | null
}

export function describeMediaFailures(failures: readonly MediaFailure[], context: WarningContext): MediaWarning | null {
  // The camera first: it is the one people notice missing, and its failure is the usual one.
  const ordered = [...failures].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'video' ? -1 : 1))
  const [first, second] = ordered
  if (!first) return null
  const missing: MediaKind[] = (['audio', 'video'] as const).filter((kind) => ordered.some((failure) => failure.kind === kind))

  const problems: string[] = []
  if (second && second.code === first.code && !namesTheDevice(first.code)) {
    problems.push(problemSentence(first.code, 'both', null, context.os))
  } else {
    for (const failure of ordered) {
      const label = context.labelOf?.(failure.kind, failure.deviceId) ?? null
      problems.push(problemSentence(failure.code, failure.kind, label, context.os))
    }
  }
  const denied = ordered.find((failure) => failure.code === MediaErrorCode.PermissionDenied)
  return {
    code: first.code,
    errorName: first.errorName,
    missing,
    message: [...problems, consequenceSentence(missing)].join(' '),
    privacySettings: denied ? privacySettingsOffer(captureKindOf(denied.kind), context.os) : null,
  }
}

function privacySettingsOffer(kind: CaptureKind, os: HostOs): PrivacySettingsOffer | null {
  switch (os) {
    case 'mac':
    case 'windows':
      return { kind, label: mediaText().openSettings[os] }
    case 'linux':
    case 'web':
      // No pane the app can open: the message says where to look.
      return null
    default:
      return assertNever(os, 'host OS')
  }
}

/** Busy and overconstrained are about one device, so each gets its own sentence with its name. */
function namesTheDevice(code: MediaErrorCode): boolean {
  return code === MediaErrorCode.DeviceBusy || code === MediaErrorCode.Overconstrained
}

function problemSentence(code: MediaErrorCode, which: DeviceSubject, label: string | null, os: HostOs): string {
  const text = mediaText()
  switch (code) {
    case MediaErrorCode.PermissionDenied:
      return text.denied[os](which)
    case MediaErrorCode.NotFound:
      return text.problem.notFound(which)
    case MediaErrorCode.DeviceBusy:
      return text.problem.busy(which, label)
    case MediaErrorCode.Overconstrained:
      return text.problem.overconstrained(which, label)
    case MediaErrorCode.Unknown:
      return text.problem.unknown(which, label)
    default:
      return assertNever(code, 'media error code')
  }
}

function consequenceSentence(missing: readonly MediaKind[]): string {
  const consequence = mediaText().consequence
  if (missing.length === 2) return consequence.both
  return missing[0] === 'video' ? consequence.video : consequence.audio
}
