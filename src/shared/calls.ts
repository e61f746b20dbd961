/**
 * Calling a person by personal code: the words of the protocol's presence messages (call ids, call states,
 * reasons) and the payloads `SignalingClient` emits for them. Messages and their parsers are in protocol.ts;
 * how a call goes is in docs/protocol.md, "Presence and calling a person".
 */
import type { RoomCode } from './room-code'

/** Call ids are chosen by the caller (`generateCallId`): 12 lower-case base32 characters, like peer ids. */
export type CallId = string & { readonly __callId: true }
const CALL_ID_PATTERN = /^[0-9a-z]{12}$/
export function isCallId(value: unknown): value is CallId {
  return typeof value === 'string' && CALL_ID_PATTERN.test(value)
}

/** Lower-case base32 ("extended hex" order), the symbols peer ids use. */
const CALL_ID_ALPHABET = '0123456789abcdefghijklmnopqrstuv'

/** A fresh call id: 60 random bits, so the ids of one caller's calls never meet. */
export function generateCallId(): CallId {
  const bytes = new Uint8Array(12)
  globalThis.crypto.getRandomValues(bytes)
  // 32 divides 256, so `byte % 32` is uniform: no modulo bias.
  return Array.from(bytes, (byte) => CALL_ID_ALPHABET[byte % CALL_ID_ALPHABET.length]).join('') as CallId
}

/**
 * What the caller learns about a call it made. Every state but `ringing` is final. `no-answer` comes from the
 * server only when a call rang for the server's whole invite lifetime (60 s by default) without the caller
 * cancelling it first; the app's own 30 s timeout normally ends the call before that.
 */
export type CallState = 'ringing' | 'accepted' | 'declined' | 'busy' | 'unreachable' | 'no-answer'
export const CALL_STATES: readonly CallState[] = ['ringing', 'accepted', 'declined', 'busy', 'unreachable', 'no-answer']

/** Why a callee does not take a call: said no, or is already in a call. */
export type DeclineReason = 'declined' | 'busy'
export const DECLINE_REASONS: readonly DeclineReason[] = ['declined', 'busy']

/** Why a call stopped ringing before it was answered: the caller hung up, or nobody answered in time. */
export type CallCancelReason = 'hung-up' | 'no-answer'
export const CALL_CANCEL_REASONS: readonly CallCancelReason[] = ['hung-up', 'no-answer']

// ── SignalingClient events ─────────────────────────────────────────────────────────────────────────────

/** The server confirmed the registration: this app is reachable on `code`. Emitted after every reconnect. */
export interface RegisteredEvent {
  code: RoomCode
}
/** Someone calls. `from` is their personal code as the server derived it, so it cannot be forged. */
export interface IncomingCallEvent {
  callId: CallId
  from: RoomCode
  room: RoomCode
}
/** How a call this app made is going. */
export interface CallUpdateEvent {
  callId: CallId
  state: CallState
}
/** A call that was ringing here is over: stop ringing (and, for `no-answer`, record a missed call). */
export interface CallCancelledEvent {
  callId: CallId
  reason: CallCancelReason
}
