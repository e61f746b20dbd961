/**
 * A call this app places, as the outgoing-call screen shows it: whom it rings, how it is going, and the words
 * for that. Pure: `(view, event) => view`, so every outcome is tested without a server.
 */
import type { CallId, CallState } from '../../../shared/calls'
import { PhoneErrorCode, type CallUpdate, type OutgoingCall } from '../../../shared/phone'
import type { RoomCode } from '../../../shared/room-code'
import { assertNever } from '../../../shared/assert-never'
import { errorCodeOf } from './bridge-errors'
import { phoneText } from '../i18n/messages/phone'

/**
 * `calling`: the call is being placed (waiting for the server, or for this app to be reachable); then the
 * server's states; `cancelled`: you hung up while it rang; `failed`: it could not be placed at all.
 */
export type OutgoingStatus = 'calling' | CallState | 'cancelled' | 'failed'

export interface OutgoingView {
  /** The personal code called. */
  readonly code: RoomCode
  /** How the person is named on screen: their contact name, or their formatted code. */
  readonly label: string
  /** Set once the call has been placed. */
  readonly call: OutgoingCall | null
  readonly status: OutgoingStatus
  /** Why it could not be placed (`failed` only). */
  readonly failure: PlaceCallFailure | null
  /** With the failures `tooManyAttempts` and `ringingTooSoon`: when the server takes the call, if it said. */
  readonly retryAfterMs: number | null
}

export type OutgoingEvent =
  | { readonly type: 'placed'; readonly call: OutgoingCall }
  | { readonly type: 'update'; readonly update: CallUpdate }
  | { readonly type: 'cancelled' }
  | { readonly type: 'failed'; readonly failure: PlaceCallFailure }

export function startOutgoing(code: RoomCode, label: string): OutgoingView {
  return { code, label, call: null, status: 'calling', failure: null, retryAfterMs: null }
}

/** Whether the call can still change: being placed or ringing. */
export function isOutgoingLive(status: OutgoingStatus): boolean {
  return status === 'calling' || status === 'ringing'
}

/** Returns `view` itself when nothing changes. Nothing but `placed` for the same call changes a final view. */
export function reduceOutgoing(view: OutgoingView, event: OutgoingEvent): OutgoingView {
  switch (event.type) {
    case 'placed':
      if (view.status !== 'calling' || view.call !== null || event.call.to !== view.code) return view
      return { ...view, call: event.call }
    case 'update':
      if (!isOutgoingLive(view.status) || view.call?.callId !== event.update.callId) return view
      // The server is refusing calls from this network for now: the call never rang, and saying "can't be
      // reached" would blame the other person.
      if (event.update.throttled) {
        const failure = event.update.throttled.reason === 'ringing' ? 'ringingTooSoon' : 'tooManyAttempts'
        return { ...view, status: 'failed', failure, retryAfterMs: event.update.throttled.retryAfterMs }
      }
      if (event.update.state === view.status) return view
      return { ...view, status: event.update.state }
    case 'cancelled':
      return isOutgoingLive(view.status) ? { ...view, status: 'cancelled' } : view
    case 'failed':
      return isOutgoingLive(view.status) ? { ...view, status: 'failed', failure: event.failure } : view
    default:
      return assertNever(event, 'outgoing call event')
  }
}

/** The call id, once the call has been placed. */
export function outgoingCallId(view: OutgoingView): CallId | null {
  return view.call?.callId ?? null
}

export interface OutgoingWords {
  /** The big line: "Calling Minji…", "Minji declined the call". */
  readonly title: string
  /** The smaller line under it. */
  readonly detail: string
}

/** What the outgoing-call screen says, in plain words of the current language. */
export function describeOutgoing(view: OutgoingView): OutgoingWords {
  const who = view.label
  const text = phoneText()
  switch (view.status) {
    case 'calling':
      return { title: text.calling(who), detail: text.connecting }
    case 'ringing':
      return { title: text.calling(who), detail: text.ringing }
    case 'accepted':
      return { title: text.answered(who), detail: text.starting }
    case 'declined':
      return { title: text.declined(who), detail: text.declinedDetail }
    case 'busy':
      return { title: text.busy(who), detail: text.busyDetail }
    case 'unreachable':
      return { title: text.unreachable(who), detail: text.unreachableDetail }
    case 'no-answer':
      return { title: text.noAnswer(who), detail: text.noAnswerDetail }
    case 'cancelled':
      return { title: text.cancelled, detail: text.cancelledDetail(who) }
    case 'failed': {
      const failure = view.failure ?? 'unknown'
      const detail =
        failure === 'tooManyAttempts'
          ? text.tooManyAttempts(secondsToWait(view.retryAfterMs))
          : failure === 'ringingTooSoon'
            ? text.ringingTooSoon(who, secondsToWait(view.retryAfterMs))
            : text.failure[failure]
      return { title: text.failed(who), detail }
    }
    default:
      return assertNever(view.status, 'outgoing status')
  }
}

/**
 * Why a call could not be placed, as the key of its words (`phoneText().failure`); `tooManyAttempts` (the
 * server refuses calls from this network for now) and `ringingTooSoon` (this app rang the person too soon
 * after its last call, or after calls they did not take) are worded with the wait.
 */
export type PlaceCallFailure = 'notOnline' | 'callingSelf' | 'alreadyCalling' | 'tooManyAttempts' | 'ringingTooSoon' | 'unknown'

/** Whole seconds to wait, never 0 while there is any wait left; null when the server did not say. */
export function secondsToWait(retryAfterMs: number | null): number | null {
  return retryAfterMs === null ? null : Math.max(1, Math.ceil(retryAfterMs / 1000))
}

/** Why a `callPerson` failed, by the error's stable code. */
export function placeCallFailure(error: unknown): PlaceCallFailure {
  switch (errorCodeOf(error)) {
    case PhoneErrorCode.NotOnline:
      return 'notOnline'
    case PhoneErrorCode.CallingSelf:
      return 'callingSelf'
    case PhoneErrorCode.AlreadyCalling:
      return 'alreadyCalling'
    default:
      return 'unknown'
  }
}
