/**
 * The phone: what the window and the app's phone logic say to each other about being reachable on a personal
 * code, placing calls and answering them. (The wire messages are in protocol.ts and calls.ts.)
 */
import type { CallCancelReason, CallId, CallState } from './calls'
import type { RoomCode } from './room-code'

/** Whether this app can be called right now: registered with the server (`online`) or not yet / not now. */
export type PresenceStatus = 'online' | 'connecting' | 'offline'

export interface PhoneIdentity {
  /** This installation's personal code. */
  code: RoomCode
  status: PresenceStatus
}

/** A call this app is placing: it rings at `to`, and both meet in `room` once it is accepted. */
export interface OutgoingCall {
  callId: CallId
  to: RoomCode
  room: RoomCode
  /** How long it rings before it counts as unanswered (the ring-timeout setting), in ms. */
  ringTimeoutMs: number
}

/** Someone is calling this app. `contactName` is their name from contacts, or null when not a contact. */
export interface IncomingCall {
  callId: CallId
  from: RoomCode
  room: RoomCode
  contactName: string | null
}

export interface CallUpdate {
  callId: CallId
  /** `no-answer` here also covers the app's own ring timeout. */
  state: CallState
}

export interface CallCancelled {
  callId: CallId
  reason: CallCancelReason
}

/** What a `tonghwa://` link asks for: call a person by personal code, or join a room. */
export type DeepLink = { kind: 'call'; code: RoomCode } | { kind: 'join'; room: RoomCode }

/** Something the person must be told that is not about a call, e.g. a damaged file that was set aside. */
export interface AppNotice {
  code: string
  message: string
}

/** Stable codes a phone command can fail with; the error message starts with the code. */
export const PhoneErrorCode = {
  /** Not registered with the server right now, so nobody can be called (or call back). */
  NotOnline: 'PHONE_ERR_NOT_ONLINE',
  CallingSelf: 'PHONE_ERR_CALLING_SELF',
  /** A call is already ringing out; hang it up first. */
  AlreadyCalling: 'PHONE_ERR_ALREADY_CALLING',
  UnknownCall: 'PHONE_ERR_UNKNOWN_CALL',
} as const
export type PhoneErrorCode = (typeof PhoneErrorCode)[keyof typeof PhoneErrorCode]

export const RING_TIMEOUT = { defaultMs: 30_000, minMs: 2_000, maxMs: 120_000 } as const
