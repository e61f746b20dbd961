/**
 * The phone: what the window and the app's phone logic say to each other about being reachable on a personal
 * code, placing calls and answering them. (The wire messages are in protocol.ts and calls.ts.)
 */
import type { CallCancelReason, CallId, CallState } from './calls'
import type { RoomCode, RoomCodeProblem } from './room-code'

/** Whether this app can be called right now: registered with the server (`online`) or not yet / not now. */
/**
 * `waiting`: connected, but the server asked this app to register its code again later (too many new codes from
 * its network, or from everyone, at once); the client does so by itself.
 */
export type PresenceStatus = 'online' | 'connecting' | 'waiting' | 'offline'

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

/**
 * Someone called while this app was in another call: the call was answered "busy" (and is in recents as
 * missed), and the person in the call is told, quietly, so they can call back. `contactName` as in `IncomingCall`.
 */
export interface CallWhileBusy {
  callId: CallId
  from: RoomCode
  contactName: string | null
}

export interface CallUpdate {
  callId: CallId
  /** `no-answer` here also covers the app's own ring timeout. */
  state: CallState
  /**
   * With `unreachable`: the call never rang, because the server is refusing calls from this network for now
   * (`SIG_ERR_TOO_MANY_ATTEMPTS` or `SIG_ERR_RATE_LIMITED`), or, with `reason: 'ringing'`, because this app rang
   * that person too soon after its last call or after calls they did not take (`SIG_ERR_RINGING_TOO_SOON`,
   * `SIG_ERR_ALREADY_RINGING`). `retryAfterMs` is when to try again (null: not said).
   */
  throttled?: { retryAfterMs: number | null; reason?: 'ringing' }
}

export interface CallCancelled {
  callId: CallId
  reason: CallCancelReason
}

/**
 * What a `tonghwa://` link asks for: call a person by personal code, or join a room. A join link may name the
 * server the room is on (`server`, a checked `wss://` address): the window asks before it joins there.
 */
export type DeepLink = { kind: 'call'; code: RoomCode } | { kind: 'join'; room: RoomCode; server?: string }

/** The person's saved lists, each in its own file in the app (in `localStorage` in web mode). */
export type NoticeList = 'contacts' | 'recents'

/**
 * What is wrong with a `tonghwa://` link, for the person (deep-link.ts logs the exact reason in English):
 * `not-a-link` it is not a well-formed Tonghwa link at all; `unknown-kind` neither a call nor a join link;
 * `no-code` it names no code; `bad-code` the code in it is not a valid code; `bad-server` the server a join link
 * names is not an address the app may use (not `wss://`, or not an address at all).
 */
export type DeepLinkProblem = 'not-a-link' | 'unknown-kind' | 'no-code' | 'bad-code' | 'bad-server'

/**
 * A notice as main, the phone line, or web mode's own bridge raises it: a stable `code` and the values the
 * words need, never a sentence, so the window words it in the language it shows (messages/notices.ts) and
 * rewords it when the language changes. Paths and backup names are values, shown as they are.
 */
export type StructuredNotice =
  /** The settings file was unusable and moved aside to `backupPath`: defaults apply, and with them a new personal code. */
  | { code: 'SETTINGS_NOTICE_RECOVERED'; path: string; backupPath: string }
  /** A list's file was unusable and moved aside to `backupPath`; the app started with an empty list. */
  | { code: 'STORE_NOTICE_RECOVERED'; list: NoticeList; path: string; backupPath: string }
  /** A list's file could not be read or moved aside: the app goes on without it and does not write to it. `error` is the system's words. */
  | { code: 'STORE_NOTICE_UNREADABLE'; list: NoticeList; path: string; error: string }
  /** A change to a list could not be written; it lasts until the app quits. */
  | { code: 'STORE_NOTICE_NOT_SAVED'; list: NoticeList; path: string; error: string }
  /** A `tonghwa://` link was opened that the app cannot use. */
  | { code: 'DEEP_LINK_ERR_INVALID'; problem: DeepLinkProblem }
  /** Another connection registered this app's code (the app running elsewhere with the same secret). */
  | { code: 'PHONE_NOTICE_REPLACED' }
  /** The server refused to register this app's code. */
  | { code: 'PHONE_NOTICE_REGISTRATION_REFUSED' }
  /** Web mode: the page cannot derive a personal code (no `crypto.subtle` outside a secure page), so it cannot be called. */
  | { code: 'PHONE_ERR_NO_CODE' }
  /** Web mode: this browser lets the page keep nothing, so the code and contacts last only as long as the page. */
  | { code: 'STORE_NOTICE_NO_STORAGE' }
  /** Web mode: a saved personal secret could not be read back, so a new one (and with it a new code) was made. */
  | { code: 'STORE_NOTICE_NEW_CODE' }
  /**
   * Web mode: a list kept in the browser was damaged; the entries still valid were kept. `unreadable` is how many
   * of how many entries were dropped (null: what was stored is not a list at all); `backupKey` is the storage key
   * the damaged text was copied to (null: storage was full, so no copy could be kept).
   */
  | { code: 'BROWSER_STORE_NOTICE_RECOVERED'; list: NoticeList; unreadable: { count: number; of: number } | null; backupKey: string | null }
  /** Web mode: the browser refused to save a change to a list (storage full or forbidden). */
  | { code: 'STORE_ERR_WRITE'; list: NoticeList }
  /** Web mode: a page opened at `?call=` with something that is not a valid code. */
  | { code: 'LINK_ERR_BAD_CODE'; problem: RoomCodeProblem }
  /** A link arrived during a call: it is not followed, so the call is not cut off. */
  | { code: 'LINK_NOTICE_IN_CALL' }

/** Something the person must be told that is not about a call, e.g. a damaged file that was set aside. */
export type AppNotice = StructuredNotice

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
