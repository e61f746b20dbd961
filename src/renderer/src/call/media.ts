/**
 * Opening the camera and microphone. A call can always go ahead: when both cannot be had, one is tried, then
 * the other, and with neither the person joins receive-only and still sees and hears the other side. Each
 * kind that could not be had is reported as a failure with a stable code from its DOMException name;
 * `media-messages.ts` turns failures into what the person reads.
 */
import type { CaptureKind } from '../../../shared/devices'
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

/** One kind of media the person goes without, and why. */
export interface MediaFailure {
  readonly kind: MediaKind
  readonly code: MediaErrorCode
  /** The DOMException name it came from (`NotAllowedError`, …), or `media-access:denied` when the OS said no. */
  readonly errorName: string
  /** The device that was asked for (null: the default), so the message can name it. */
  readonly deviceId: string | null
}

export interface OpenedMedia<Stream> {
  /** `null`: receive-only, the other person neither sees nor hears this side. */
  stream: Stream | null
  failures: MediaFailure[]
}

export const DEFAULT_MEDIA_CONSTRAINTS: MediaConstraintsLike<{ width: { ideal: number }; height: { ideal: number } }> = {
  audio: true,
  video: { width: { ideal: 1280 }, height: { ideal: 720 } },
}

export const MEDIA_KINDS: readonly MediaKind[] = ['audio', 'video']

export function mediaKindOf(kind: CaptureKind): MediaKind {
  return kind === 'camera' ? 'video' : 'audio'
}

export function captureKindOf(kind: MediaKind): CaptureKind {
  return kind === 'video' ? 'camera' : 'microphone'
}

/**
 * Asks for every kind not set to `false` together; on failure for audio alone, then video alone. A kind's
 * failure is the error from the attempt that showed it cannot be had. `deviceIds` only labels failures.
 */
export async function openLocalMedia<Stream extends MediaStreamLike, TrackConstraints>(
  getUserMedia: GetUserMedia<Stream, TrackConstraints>,
  constraints: MediaConstraintsLike<TrackConstraints>,
  deviceIds: Partial<Record<MediaKind, string | null>> = {},
): Promise<OpenedMedia<Stream>> {
  const kinds = MEDIA_KINDS.filter((kind) => constraints[kind] !== false)
  const failure = (kind: MediaKind, error: unknown): MediaFailure => ({
    kind,
    code: mediaErrorCode(error),
    errorName: errorName(error),
    deviceId: deviceIds[kind] ?? null,
  })
  const [onlyKind] = kinds
  if (onlyKind === undefined) return { stream: null, failures: [] }

  const together = await attempt(getUserMedia, constraints)
  if (together.ok) return { stream: together.stream, failures: [] }
  if (kinds.length === 1) return { stream: null, failures: [failure(onlyKind, together.error)] }

  const audioOnly = await attempt(getUserMedia, { audio: constraints.audio, video: false })
  if (audioOnly.ok) return { stream: audioOnly.stream, failures: [failure('video', together.error)] }
  const videoOnly = await attempt(getUserMedia, { audio: false, video: constraints.video })
  if (videoOnly.ok) return { stream: videoOnly.stream, failures: [failure('audio', audioOnly.error)] }
  return { stream: null, failures: [failure('audio', audioOnly.error), failure('video', videoOnly.error)] }
}

/**
 * The same constraints aimed at one device. `ideal` when opening (the remembered device if it is there,
 * never a failure if not); `exact` when switching (a device that cannot be had is an error, not another one).
 */
export function withDevice<TrackConstraints>(
  constraint: KindConstraint<TrackConstraints>,
  deviceId: string | null,
  mode: 'ideal' | 'exact',
): KindConstraint<TrackConstraints> {
  if (deviceId === null || constraint === false) return constraint
  const base = typeof constraint === 'object' ? constraint : {}
  // `deviceId` is a member of every track-constraints dictionary (MediaTrackConstraintSet); the rest of the
  // shape stays the caller's.
  return { ...base, deviceId: mode === 'exact' ? { exact: deviceId } : { ideal: deviceId } } as TrackConstraints
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

export function errorName(error: unknown): string {
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
