/**
 * A call this app places, as the outgoing-call screen shows it: whom it rings, how it is going, and the words
 * for that. Pure: `(view, event) => view`, so every outcome is tested without a server.
 */
import type { CallId, CallState } from '../../../shared/calls'
import { PhoneErrorCode, type CallUpdate, type OutgoingCall } from '../../../shared/phone'
import type { RoomCode } from '../../../shared/room-code'
import { assertNever } from '../../../shared/assert-never'
import { errorCodeOf } from './bridge-errors'

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
  readonly failure: string | null
}

export type OutgoingEvent =
  | { readonly type: 'placed'; readonly call: OutgoingCall }
  | { readonly type: 'update'; readonly update: CallUpdate }
  | { readonly type: 'cancelled' }
  | { readonly type: 'failed'; readonly message: string }

export function startOutgoing(code: RoomCode, label: string): OutgoingView {
  return { code, label, call: null, status: 'calling', failure: null }
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
      if (event.update.state === view.status) return view
      return { ...view, status: event.update.state }
    case 'cancelled':
      return isOutgoingLive(view.status) ? { ...view, status: 'cancelled' } : view
    case 'failed':
      return isOutgoingLive(view.status) ? { ...view, status: 'failed', failure: event.message } : view
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

/** What the outgoing-call screen says, in plain words. */
export function describeOutgoing(view: OutgoingView): OutgoingWords {
  const who = view.label
  switch (view.status) {
    case 'calling':
      return { title: `Calling ${who}…`, detail: 'Connecting…' }
    case 'ringing':
      return { title: `Calling ${who}…`, detail: 'Ringing' }
    case 'accepted':
      return { title: `${who} answered`, detail: 'Starting the call…' }
    case 'declined':
      return { title: `${who} declined the call`, detail: 'They may call you back, or you can try again later.' }
    case 'busy':
      return { title: `${who} is busy`, detail: 'They are in another call right now. Try again in a little while.' }
    case 'unreachable':
      return { title: `${who} can't be reached`, detail: 'Their app is not running or not online right now.' }
    case 'no-answer':
      return { title: `${who} didn't answer`, detail: 'Nobody picked up. Try again later.' }
    case 'cancelled':
      return { title: 'Call cancelled', detail: `You hung up before ${who} answered.` }
    case 'failed':
      return { title: `Couldn't call ${who}`, detail: view.failure ?? 'The call could not be placed.' }
    default:
      return assertNever(view.status, 'outgoing status')
  }
}

/** Plain words for a `callPerson` that failed, by the error's stable code. */
export function placeCallFailure(error: unknown): string {
  switch (errorCodeOf(error)) {
    case PhoneErrorCode.NotOnline:
      return "You're offline right now, so the call couldn't be placed. Check your connection and try again."
    case PhoneErrorCode.CallingSelf:
      return "That's your own code: you can't call yourself."
    case PhoneErrorCode.AlreadyCalling:
      return 'Another call of yours is still ringing. Hang it up first.'
    default:
      return 'The call could not be placed. Try again in a moment.'
  }
}
