/**
 * What the person reads when the camera or microphone could not be had: what happened, in their system's own
 * words where it matters (where to allow access differs between macOS, Windows, Linux and a browser), the
 * device by name when it is known, and what the call goes ahead with.
 */
import { assertNever } from '../../../shared/assert-never'
import type { CaptureKind } from '../../../shared/devices'
import type { HostOs } from '../../../shared/ipc-contract'
import { captureKindOf, MediaErrorCode, type MediaFailure } from './media'
import type { MediaKind } from './rtc-types'

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
      return { kind, label: 'Open System Settings' }
    case 'windows':
      return { kind, label: 'Open Settings' }
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

type Which = MediaKind | 'both'

function problemSentence(code: MediaErrorCode, which: Which, label: string | null, os: HostOs): string {
  const device = which === 'both' ? 'camera and microphone' : which === 'video' ? 'camera' : 'microphone'
  const named = label ? `Your ${device} "${label}"` : `Your ${device}`
  switch (code) {
    case MediaErrorCode.PermissionDenied:
      return permissionSentence(which, device, os)
    case MediaErrorCode.NotFound:
      return `No ${device.replace(' and ', ' or ')} found.`
    case MediaErrorCode.DeviceBusy:
      return `${named} is in use by another app. Close that app, or choose another ${device}.`
    case MediaErrorCode.Overconstrained:
      return `${named} cannot provide the ${which === 'audio' ? 'sound' : 'picture'} Tonghwa asked for. Choose another ${device}.`
    case MediaErrorCode.Unknown:
      return `${named} could not be started.`
    default:
      return assertNever(code, 'media error code')
  }
}

function permissionSentence(which: Which, device: string, os: HostOs): string {
  const it = which === 'both' ? 'them' : 'it'
  const again = 'then go back and join again.'
  switch (os) {
    case 'mac':
      return which === 'both'
        ? `Tonghwa is not allowed to use your ${device}. To allow ${it}, open System Settings › Privacy & Security and turn on Tonghwa under Camera and under Microphone, ${again}`
        : `Tonghwa is not allowed to use your ${device}. To allow ${it}, open System Settings › Privacy & Security › ${pane(which)} and turn on Tonghwa, ${again}`
    case 'windows':
      return which === 'both'
        ? `Tonghwa is not allowed to use your ${device}. To allow ${it}, open Settings › Privacy & security and, under Camera and under Microphone, let desktop apps use them, ${again}`
        : `Tonghwa is not allowed to use your ${device}. To allow ${it}, open Settings › Privacy & security › ${pane(which)} and let desktop apps use your ${device}, ${again}`
    case 'linux':
      return `Tonghwa is not allowed to use your ${device}. Check your system's privacy settings (and, for a Flatpak or Snap install, its permissions), ${again}`
    case 'web':
      return `This page is not allowed to use your ${device}. To allow ${it}, click the icon next to the address (a camera or a lock), allow the ${device}, ${again}`
    default:
      return assertNever(os, 'host OS')
  }
}

function pane(which: MediaKind): string {
  return which === 'video' ? 'Camera' : 'Microphone'
}

function consequenceSentence(missing: readonly MediaKind[]): string {
  if (missing.length === 2) return 'You can still join: you will see and hear the other person, but they will not see or hear you.'
  return missing[0] === 'video'
    ? 'You can still talk: the call will be audio-only.'
    : 'You can still join: the other person will see you but not hear you.'
}
