/**
 * The errors the switchboard answers with (switchboard.ts, callee-half.ts), each with the words a developer reads;
 * apps show their own words for the code.
 */
import { LIMITS, type ServerMessage } from '../shared/protocol'
import { SignalingErrorCode } from '../shared/signaling-errors'

const ERROR_MESSAGES = {
  [SignalingErrorCode.AlreadyRegistered]: 'this connection is registered on another code: send unregister first',
  [SignalingErrorCode.NotRegistered]: 'this connection is not registered: send register first',
  [SignalingErrorCode.Replaced]: 'another connection registered your personal code: this one is no longer reachable on it',
  [SignalingErrorCode.CodeTaken]: 'this personal code belongs to another secret: generate a new secret (a new code)',
  [SignalingErrorCode.CallSelf]: 'invite.to is your own personal code',
  [SignalingErrorCode.TooManyCalls]: 'too many of your calls are ringing: cancel one first',
  [SignalingErrorCode.CallIdInUse]: 'a call with this id is already ringing: use a fresh id',
  [SignalingErrorCode.UnknownCall]: 'no call with this id is ringing for you',
  [SignalingErrorCode.AlreadyRinging]: 'your call already rings there: hang up or wait for the answer first',
  [SignalingErrorCode.RingingTooSoon]: 'this call was dropped: you rang too soon after your last call, or after calls that were not answered',
  [SignalingErrorCode.TooManyNewCodes]: 'your network has registered too many new personal codes for now',
  [SignalingErrorCode.NewCodesThrottled]: 'this server takes no more new personal codes for now',
  [SignalingErrorCode.CodeTableFull]: 'this server holds as many personal codes as it can for now',
  [SignalingErrorCode.CallerUnknown]: 'invite.from is for calls from another app on the local network, and they must give it',
} as const

export type SwitchboardError = keyof typeof ERROR_MESSAGES

/** Whoever an error goes to: a `CallParty`. */
interface Recipient {
  send(message: ServerMessage): void
}

export function sendError(party: Recipient, code: SwitchboardError, retryAfterMs?: number): void {
  const message = ERROR_MESSAGES[code].slice(0, LIMITS.errorMessageChars)
  party.send(retryAfterMs === undefined ? { v: 1, type: 'error', code, message } : { v: 1, type: 'error', code, message, retryAfterMs })
}

/** Sends the error for a refusal that is not a miss (the caller's own mistake, not a guess). */
export function refuse(party: Recipient, code: SwitchboardError): false {
  sendError(party, code)
  return false
}

/** Sends the error for a ring that was dropped; it counts as a miss. */
export function drop(party: Recipient, code: typeof SignalingErrorCode.AlreadyRinging | typeof SignalingErrorCode.RingingTooSoon, retryAfterMs?: number): true {
  sendError(party, code, retryAfterMs)
  return true
}
