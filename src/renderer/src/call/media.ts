/**
 * Opening the camera and microphone. A call can always go ahead: when both cannot be had, one is tried, then
 * the other, and with neither the person joins receive-only and still sees and hears the other side. What
 * went wrong is mapped from the DOMException name to a stable code and a message that says what to do.
 */
import { assertNever } from '../../../shared/assert-never'
import type { MediaKind, MediaStreamLike } from './rtc-types'

export const MediaErrorCode = {
  /** The person, the browser or the operating system refused access. */
  PermissionDenied: 'MEDIA_ERR_PERMISSION_DENIED',
  /** No device of the requested kind exists. */
  NotFound: 'MEDIA_ERR_NOT_FOUND',
  /** The device exists but could not be started, usually because another app holds it. */
  DeviceBusy: 'MEDIA_ERR_DEVICE_BUSY',
  /** No device can satisfy the requested constraints. */
  Overconstrained: 'MEDIA_ERR_OVERCONSTRAINED',
  Unknown: 'MEDIA_ERR_UNKNOWN',
} as const
export type MediaErrorCode = (typeof MediaErrorCode)[keyof typeof MediaErrorCode]

/** Constraints for one kind: `true`, `false`, or track constraints (whose shape is the caller's business). */
export type KindConstraint<TrackConstraints> = boolean | TrackConstraints

export interface MediaConstraintsLike<TrackConstraints> {
  audio: KindConstraint<TrackConstraints>
  video: KindConstraint<TrackConstraints>
}

export type GetUserMedia<Stream, TrackConstraints> = (
  constraints: MediaConstraintsLike<TrackConstraints>,
) => Promise<Stream>

export interface MediaWarning {
  code: MediaErrorCode
  /** The DOMException name it came from (`NotAllowedError`, …), for logs. */
  errorName: string
  /** The kinds the call goes ahead without. */
  missing: MediaKind[]
  /** What happened and what to do, in plain words. */
  message: string
}

export interface LocalMedia<Stream> {
  /** `null`: receive-only, the other person neither sees nor hears this side. */
  stream: Stream | null
  warning: MediaWarning | null
}

export const DEFAULT_MEDIA_CONSTRAINTS: MediaConstraintsLike<{ width: { ideal: number }; height: { ideal: number } }> = {
  audio: true,
  video: { width: { ideal: 1280 }, height: { ideal: 720 } },
}

/**
 * Asks for audio and video together; on failure for audio alone, then video alone. The warning explains
 * the kinds that are missing, using the error from the attempt that showed they cannot be had.
 */
export async function openLocalMedia<Stream extends MediaStreamLike, TrackConstraints>(
  getUserMedia: GetUserMedia<Stream, TrackConstraints>,
  constraints: MediaConstraintsLike<TrackConstraints>,
): Promise<LocalMedia<Stream>> {
  let bothError: unknown
  try {
    return { stream: await getUserMedia(constraints), warning: null }
  } catch (error) {
    bothError = error
  }
  const audioOnly = await attempt(getUserMedia, { audio: constraints.audio, video: false })
  if (audioOnly.ok) return { stream: audioOnly.stream, warning: describeMediaError(bothError, ['video']) }
  const videoOnly = await attempt(getUserMedia, { audio: false, video: constraints.video })
  if (videoOnly.ok) return { stream: videoOnly.stream, warning: describeMediaError(audioOnly.error, ['audio']) }
  return { stream: null, warning: describeMediaError(bothError, ['audio', 'video']) }
}

/** The stable code for a `getUserMedia` failure, from its DOMException name (legacy Chrome names included). */
export function mediaErrorCode(error: unknown): MediaErrorCode {
  switch (errorName(error)) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return MediaErrorCode.PermissionDenied
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return MediaErrorCode.NotFound
    case 'NotReadableError':
    case 'TrackStartError':
      return MediaErrorCode.DeviceBusy
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      return MediaErrorCode.Overconstrained
    default:
      return MediaErrorCode.Unknown
  }
}

export function describeMediaError(error: unknown, missing: MediaKind[]): MediaWarning {
  const code = mediaErrorCode(error)
  const device = deviceWords(missing)
  return {
    code,
    errorName: errorName(error),
    missing,
    message: `${problemSentence(code, device)} ${consequenceSentence(missing)}`,
  }
}

function problemSentence(code: MediaErrorCode, device: string): string {
  switch (code) {
    case MediaErrorCode.PermissionDenied:
      return (
        `Tonghwa is not allowed to use your ${device}. To allow it, give Tonghwa ${device} access in your ` +
        `system's privacy settings (in a browser: in the site settings next to the address), then go back and join again.`
      )
    case MediaErrorCode.NotFound:
      return `No ${device.replace(' and ', ' or ')} was found. Connect one, then go back and join again.`
    case MediaErrorCode.DeviceBusy:
      return `Your ${device} could not be started: another app may be using it. Close that app, then go back and join again.`
    case MediaErrorCode.Overconstrained:
      return `Your ${device} cannot provide the picture or sound settings Tonghwa asked for.`
    case MediaErrorCode.Unknown:
      return `Your ${device} could not be started.`
    default:
      return assertNever(code, 'media error code')
  }
}

function consequenceSentence(missing: MediaKind[]): string {
  if (missing.length === 2) return 'You can still join: you will see and hear the other person, but they will not see or hear you.'
  return missing[0] === 'video'
    ? 'You can still join with sound only: the other person will hear you but not see you.'
    : 'You can still join with video only: the other person will see you but not hear you.'
}

function deviceWords(missing: MediaKind[]): string {
  if (missing.length === 2) return 'camera and microphone'
  return missing[0] === 'video' ? 'camera' : 'microphone'
}

function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string') return error.name
  return 'Error'
}

async function attempt<Stream, TrackConstraints>(
  getUserMedia: GetUserMedia<Stream, TrackConstraints>,
  constraints: MediaConstraintsLike<TrackConstraints>,
): Promise<{ ok: true; stream: Stream } | { ok: false; error: unknown }> {
  try {
    return { ok: true, stream: await getUserMedia(constraints) }
  } catch (error) {
    return { ok: false, error }
  }
}
