/**
 * What screen sharing asks the browser for, and what its failures mean to the person. Plain TS: tested in Node.
 */
import { assertNever } from '../../../shared/assert-never'
import type { TrackReplacement } from './call-session'

/**
 * Why a share did not start (or stopped short), each with its own sentence on screen. The call goes on with
 * the camera in every case.
 */
export type ScreenShareProblem =
  /** The person closed the picker without choosing. */
  | 'cancelled'
  /** The browser, the OS or the person refused the capture. */
  | 'not-allowed'
  /** There is nothing to capture, or no way to (no `getDisplayMedia`, no source found). */
  | 'unavailable'
  /** The call is not connected yet: there is no video sender to put the screen on. */
  | 'not-connected'
  /** This side joined without a camera, so the call has no video to replace. */
  | 'no-video'
  | 'failed'

/**
 * Video only: the other person already hears this side's microphone. A screen changes slowly, so a lower
 * frame rate leaves the encoder (and the CPU) room for sharper text.
 */
export const DISPLAY_MEDIA_CONSTRAINTS = { video: { frameRate: { ideal: 15, max: 30 } }, audio: false } as const

/** What a rejected `getDisplayMedia` means; Chromium says "cancelled in its own picker" as NotAllowedError too. */
export function problemOfDisplayMediaError(error: unknown): ScreenShareProblem {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : ''
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'not-allowed'
    case 'AbortError':
      return 'cancelled'
    case 'NotFoundError':
    case 'NotReadableError':
    case 'NotSupportedError':
    case 'TypeError':
      return 'unavailable'
    default:
      return 'failed'
  }
}

/** Why the screen track could not go on the call, or null when it did. */
export function problemOfReplacement(replacement: TrackReplacement): ScreenShareProblem | null {
  switch (replacement) {
    case 'replaced':
      return null
    case 'not-sending':
      return 'no-video'
    case 'pending':
    case 'no-call':
      return 'not-connected'
    default:
      return assertNever(replacement, 'track replacement')
  }
}
