/**
 * Which joins, registrations and invites a signaling connection sent and has not had an answer for, oldest
 * first. The server handles one connection's frames in order and answers each attempt (`joined`, `registered`,
 * a `call-update`, or an error), so a "not now" answer (`SIG_ERR_TOO_MANY_ATTEMPTS`, or `SIG_ERR_RATE_LIMITED`,
 * which drops any frame) is taken to refuse the oldest attempt still waiting.
 */
import { REGISTER_LATER_CODES, RING_LATER_CODES, SignalingErrorCode, THROTTLED_CODES } from './signaling-errors'

/** A message the server may refuse as an attempt that missed (docs/protocol.md, "Limits"). */
export type PendingAttempt = 'join' | 'register' | 'invite'

/** Which attempt an error answers (the rest, e.g. `SIG_ERR_UNKNOWN_PEER`, answer none). */
const ANSWERED_BY_ERROR = new Map<SignalingErrorCode, PendingAttempt>([
  [SignalingErrorCode.RoomFull, 'join'],
  [SignalingErrorCode.BadRoomCode, 'join'],
  [SignalingErrorCode.AlreadyInRoom, 'join'],
  [SignalingErrorCode.BadSecret, 'register'],
  [SignalingErrorCode.CodeTaken, 'register'],
  [SignalingErrorCode.AlreadyRegistered, 'register'],
  [SignalingErrorCode.BadPersonalCode, 'invite'],
  [SignalingErrorCode.NotRegistered, 'invite'],
  [SignalingErrorCode.CallSelf, 'invite'],
  [SignalingErrorCode.TooManyCalls, 'invite'],
  [SignalingErrorCode.CallIdInUse, 'invite'],
  ...[...REGISTER_LATER_CODES].map((code) => [code, 'register'] as const),
  ...[...RING_LATER_CODES].map((code) => [code, 'invite'] as const),
])

export class PendingAttempts {
  #waiting: PendingAttempt[] = []

  sent(kind: PendingAttempt): void {
    this.#waiting.push(kind)
  }

  /** The oldest waiting attempt of `kind` was answered. */
  answered(kind: PendingAttempt): void {
    const index = this.#waiting.indexOf(kind)
    if (index >= 0) this.#waiting.splice(index, 1)
  }

  /** An error arrived: returns the attempt it refused for now (throttled), or null. */
  error(code: SignalingErrorCode): PendingAttempt | null {
    if (THROTTLED_CODES.has(code)) return this.#waiting.shift() ?? null
    const kind = ANSWERED_BY_ERROR.get(code)
    if (kind === undefined) return null
    this.answered(kind)
    // "Not now" answers that only one kind of attempt gets: that attempt, and no other, was refused for now.
    return REGISTER_LATER_CODES.has(code) || RING_LATER_CODES.has(code) ? kind : null
  }

  /** The socket closed: nothing sent on it will be answered. */
  clear(): void {
    this.#waiting = []
  }
}
