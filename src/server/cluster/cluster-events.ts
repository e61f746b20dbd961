/**
 * Events one signaling process hands another (through `Backplane.send`): frames for a room member, and the
 * steps of a call between a caller and a callee connected to different processes. Every event names its
 * target precisely (a peer id, or a connection's address and a call id), so an event that arrives after its
 * target moved on (left the room, hung up, disconnected) matches nothing and is dropped.
 *
 * In cluster mode events travel through Redis as JSON, so `parseClusterEvent` checks them like any frame from
 * outside: a process of another version, or anything else publishing on the channel, cannot inject junk.
 */
import { CALL_CANCEL_REASONS, isCallId, type CallCancelReason, type CallId, type CallState } from '../../shared/calls'
import { isPeerId, parseServerMessage, type PeerId, type ServerMessage } from '../../shared/protocol'
import { isRoomCode, type RoomCode } from '../../shared/room-code'
import { SignalingErrorCode } from '../../shared/signaling-errors'
import { isAddress, type Address } from './backplane'

/** What the callee's process says about a `ring`. */
export type RingResult =
  | 'ringing'
  | 'unreachable'
  | typeof SignalingErrorCode.CallIdInUse
  | typeof SignalingErrorCode.TooManyCalls
  | typeof SignalingErrorCode.AlreadyRinging
  | typeof SignalingErrorCode.RingingTooSoon
/** How a call ended at the callee's end. */
export type AnswerState = Extract<CallState, 'accepted' | 'declined' | 'busy' | 'unreachable'>

export type ClusterEvent =
  /** Send `message` to the room member `peerId` (relayed signal, peer-joined, peer-left). */
  | { t: 'peer'; peerId: PeerId; message: ServerMessage }
  /** To the callee's process: ring `callee` if it is still registered on `to`. */
  | { t: 'ring'; callId: CallId; caller: Address; callee: Address; to: RoomCode; from: RoomCode; room: RoomCode }
  /** To the caller's process: what became of a `ring` (`retryAfterMs` with `SIG_ERR_RINGING_TOO_SOON`). */
  | { t: 'ring-result'; callId: CallId; caller: Address; callee: Address; result: RingResult; retryAfterMs?: number }
  /** To the callee's process: the caller hung up, gave up, or went away. */
  | { t: 'cancel'; callId: CallId; caller: Address; callee: Address; reason: CallCancelReason }
  /** To the caller's process: the callee answered, or went away (`unreachable`). */
  | { t: 'answer'; callId: CallId; caller: Address; callee: Address; state: AnswerState }
  /** To the process of `address`: another connection registered `code`, which no longer reaches `address`. */
  | { t: 'replaced'; address: Address; code: RoomCode }
  /**
   * To the process of `address`: a resume claim gave `peerId` to another connection; the connection at `address`
   * no longer holds it and is to be closed, without a word to its room (room-membership.ts).
   */
  | { t: 'taken-over'; peerId: PeerId; address: Address }

/** The events about room members (`peer`, `taken-over`), which the members' connections handle. */
export type MemberEvent = Extract<ClusterEvent, { t: 'peer' | 'taken-over' }>
/** The events about calls and registrations (all but the members'), which the switchboard handles. */
export type CallEvent = Exclude<ClusterEvent, MemberEvent>

const RING_RESULTS: readonly string[] = [
  'ringing',
  'unreachable',
  SignalingErrorCode.CallIdInUse,
  SignalingErrorCode.TooManyCalls,
  SignalingErrorCode.AlreadyRinging,
  SignalingErrorCode.RingingTooSoon,
]
const ANSWER_STATES: readonly string[] = ['accepted', 'declined', 'busy', 'unreachable']

/** Validates an event read from the cluster channel; `undefined` for anything malformed. Never throws. */
export function parseClusterEvent(text: string): ClusterEvent | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const e = value as Record<string, unknown>
  switch (e.t) {
    case 'peer': {
      const message = parseServerMessage(e.message)
      return isPeerId(e.peerId) && message.ok ? { t: 'peer', peerId: e.peerId, message: message.message } : undefined
    }
    case 'ring':
      return isCall(e) && isRoomCode(e.to) && isRoomCode(e.from) && isRoomCode(e.room)
        ? { t: 'ring', callId: e.callId, caller: e.caller, callee: e.callee, to: e.to, from: e.from, room: e.room }
        : undefined
    case 'ring-result': {
      if (!isCall(e) || !isOneOf(e.result, RING_RESULTS)) return undefined
      const event = { t: 'ring-result', callId: e.callId, caller: e.caller, callee: e.callee, result: e.result as RingResult } as const
      if (e.retryAfterMs === undefined) return event
      return Number.isSafeInteger(e.retryAfterMs) && (e.retryAfterMs as number) >= 0 ? { ...event, retryAfterMs: e.retryAfterMs as number } : undefined
    }
    case 'cancel':
      return isCall(e) && isOneOf(e.reason, CALL_CANCEL_REASONS)
        ? { t: 'cancel', callId: e.callId, caller: e.caller, callee: e.callee, reason: e.reason as CallCancelReason }
        : undefined
    case 'answer':
      return isCall(e) && isOneOf(e.state, ANSWER_STATES)
        ? { t: 'answer', callId: e.callId, caller: e.caller, callee: e.callee, state: e.state as AnswerState }
        : undefined
    case 'replaced':
      return isAddress(e.address) && isRoomCode(e.code) ? { t: 'replaced', address: e.address, code: e.code } : undefined
    case 'taken-over':
      return isPeerId(e.peerId) && isAddress(e.address) ? { t: 'taken-over', peerId: e.peerId, address: e.address } : undefined
    default:
      return undefined
  }
}

function isCall(e: Record<string, unknown>): e is Record<string, unknown> & { callId: CallId; caller: Address; callee: Address } {
  return isCallId(e.callId) && isAddress(e.caller) && isAddress(e.callee)
}

function isOneOf(value: unknown, options: readonly string[]): value is string {
  return typeof value === 'string' && options.includes(value)
}
