/**
 * What the call screen says about the call, as a pure reducer `(phase, event) => phase`. Every phase carries
 * the key of the sentence shown to the person (`PhaseNote`); errors say what happened and what to do.
 */
import type { ConnectionState } from '../../../shared/ipc-contract'
import type { PeerLeftReason } from '../../../shared/protocol'
import { SignalingErrorCode, SignalingRefusal } from '../../../shared/signaling-errors'
import { assertNever } from '../../../shared/assert-never'
import type { PeerConnectionStateLike } from './rtc-types'

export type CallPhaseName =
  | 'idle'
  | 'joining'
  | 'waiting'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'peer-left'
  | 'room-full'
  | 'failed'
  | 'ended'

export type CallPhase =
  /** `retryAfterMs`: with the note `tooManyAttempts`, when the server takes a join again, if it said. */
  | { readonly name: Exclude<CallPhaseName, 'reconnecting'>; readonly note: PhaseNote; readonly retryAfterMs?: number }
  /** `server`: the link to the signaling server dropped; `media`: the link to the other person did. */
  | { readonly name: 'reconnecting'; readonly cause: 'server' | 'media'; readonly note: PhaseNote }

export type CallEvent =
  | { readonly type: 'join-started' }
  /** `refusal`: the `X-Tonghwa-Error` code of an upgrade the server refused over HTTP (app only; see connection-refusal.ts). */
  | { readonly type: 'server-connection'; readonly status: ConnectionState['status']; readonly refusal?: string }
  | { readonly type: 'joined'; readonly peerPresent: boolean }
  | { readonly type: 'peer-joined' }
  | { readonly type: 'peer-left'; readonly reason: PeerLeftReason }
  | { readonly type: 'media-connection'; readonly state: PeerConnectionStateLike }
  /**
   * Back in the room under the same peer id, with the connection to the other person kept through the server's
   * absence: the phase follows that connection's `state` again.
   */
  | { readonly type: 'resumed'; readonly state: PeerConnectionStateLike }
  /** The connection failed and an ICE restart is under way. */
  | { readonly type: 'media-restarting' }
  | { readonly type: 'signaling-error'; readonly code: SignalingErrorCode; readonly retryAfterMs?: number }
  /** Something on this side failed; `note` says what. */
  | { readonly type: 'failed'; readonly note: PhaseNote }
  | { readonly type: 'hung-up' }

/**
 * What the status line says in each phase, as a stable key; the words for it, in the person's language, are
 * `callText().phase[note]` (i18n/messages/call.ts), so a phase stays the same when the language changes.
 */
export const PHASE_NOTES = [
  'idle',
  'joining',
  'waiting',
  'connecting',
  'connected',
  'reconnectingServer',
  'reconnectingServerInCall',
  'reconnectingMedia',
  'peerLeft',
  'peerDisconnected',
  'roomFull',
  'ended',
  'badRoomCode',
  'unsupportedVersion',
  'joinRefused',
  'roomClosed',
  'joinFailed',
  'tooManyAttempts',
  'originNotAllowed',
  'mediaFailed',
  'serverClosed',
  'mediaLost',
  'noRelayServer',
  'relayUnreachable',
] as const
export type PhaseNote = (typeof PHASE_NOTES)[number]

export const IDLE_PHASE: CallPhase = phase('idle', 'idle')

/** Phases after which nothing but hanging up changes what is shown. */
export function isFinalPhase(phase: CallPhase): boolean {
  return phase.name === 'room-full' || phase.name === 'failed' || phase.name === 'ended'
}

/** Whether the person can only go back to the start screen from here (the call is over or never began). */
export function offersBackToStart(phase: CallPhase): boolean {
  return isFinalPhase(phase) || phase.name === 'peer-left'
}

/** Returns `current` itself when nothing changes, so callers can compare by identity. */
export function reduceCallPhase(current: CallPhase, event: CallEvent): CallPhase {
  const next = nextPhase(current, event)
  return samePhase(next, current) ? current : next
}

function samePhase(a: CallPhase, b: CallPhase): boolean {
  return a.name === b.name && a.note === b.note && retryAfterOf(a) === retryAfterOf(b) && (a.name !== 'reconnecting' || b.name !== 'reconnecting' || a.cause === b.cause)
}

function nextPhase(current: CallPhase, event: CallEvent): CallPhase {
  if (event.type === 'hung-up') return current.name === 'ended' ? current : phase('ended', 'ended')
  if (isFinalPhase(current)) return current
  if (current.name === 'idle') {
    return event.type === 'join-started' ? phase('joining', 'joining') : current
  }
  // From here on: joining, waiting, connecting, connected, reconnecting or peer-left.
  switch (event.type) {
    case 'join-started':
      return current
    case 'server-connection':
      // The server refuses this app as such: retrying (which the client still does, slowly) will not get the
      // person into the room, so they are told why rather than shown "Reconnecting…" for ever.
      if (event.refusal === SignalingRefusal.OriginNotAllowed && !(current.name === 'connected' || callContinues(current))) {
        return phase('failed', 'originNotAllowed')
      }
      return onServerConnection(current, event.status)
    case 'joined':
      return event.peerPresent ? phase('connecting', 'connecting') : phase('waiting', 'waiting')
    case 'peer-joined':
      return phase('connecting', 'connecting')
    case 'peer-left':
      return phase('peer-left', event.reason === 'left' ? 'peerLeft' : 'peerDisconnected')
    case 'media-connection':
      return onMediaConnection(current, event.state)
    case 'resumed':
      return onMediaConnection(phase('connecting', 'connecting'), event.state)
    case 'media-restarting':
      return isMediaPhase(current) ? reconnecting('media') : current
    case 'signaling-error':
      return onSignalingError(current, event.code, event.retryAfterMs)
    case 'failed':
      return phase('failed', event.note)
    default:
      return assertNever(event, 'call event')
  }
}

function onServerConnection(current: CallPhase, status: ConnectionState['status']): CallPhase {
  switch (status) {
    case 'connecting':
      return current
    case 'reconnecting':
      // Media goes peer to peer: a call that is up keeps going while the server is away.
      return current.name === 'connected' || callContinues(current) ? reconnectingInCall() : reconnecting('server')
    case 'open':
      // The signaling client joins the room again by itself once the link is back; `joined` follows. A call
      // that went on meanwhile keeps saying so until `resumed`.
      return isReconnecting(current, 'server') && !callContinues(current) ? phase('joining', 'joining') : current
    case 'closed':
      return phase('failed', 'serverClosed')
    default:
      return assertNever(status, 'connection status')
  }
}

/** Only the phases in which a connection to the other person exists follow its state. */
function onMediaConnection(current: CallPhase, state: PeerConnectionStateLike): CallPhase {
  if (!isMediaPhase(current)) return current
  switch (state) {
    case 'new':
    case 'connecting':
      // While an ICE restart runs the connection passes through these again: keep saying "Reconnecting…".
      return isReconnecting(current, 'media') ? current : phase('connecting', 'connecting')
    case 'connected':
      return phase('connected', 'connected')
    case 'disconnected':
      return reconnecting('media')
    case 'failed':
      return phase('failed', 'mediaFailed')
    case 'closed':
      return current
    default:
      return assertNever(state, 'peer connection state')
  }
}

function onSignalingError(current: CallPhase, code: SignalingErrorCode, retryAfterMs: number | undefined): CallPhase {
  switch (code) {
    case SignalingErrorCode.RoomFull:
      return phase('room-full', 'roomFull')
    case SignalingErrorCode.BadRoomCode:
      return phase('failed', 'badRoomCode')
    case SignalingErrorCode.UnsupportedVersion:
      return phase('failed', 'unsupportedVersion')
    case SignalingErrorCode.BadMessage:
    case SignalingErrorCode.UnknownType:
    case SignalingErrorCode.MessageTooLarge:
    case SignalingErrorCode.RateLimited:
      // Before `joined` the refused frame can only be the join itself; later it is one signal among many
      // (the call goes on, and negotiation recovers or the connection state says otherwise).
      return current.name === 'joining' ? phase('failed', 'joinRefused') : current
    case SignalingErrorCode.TooManyAttempts:
      // Joining rooms that nobody is in, too often, looks like guessing codes: the server waits before the next.
      if (current.name !== 'joining') return current
      return retryAfterMs === undefined ? phase('failed', 'tooManyAttempts') : { name: 'failed', note: 'tooManyAttempts', retryAfterMs }
    case SignalingErrorCode.LocalOnly:
      // On the local network the room lives in the app of someone in it; they left before this join arrived.
      return current.name === 'joining' ? phase('failed', 'roomClosed') : current
    case SignalingErrorCode.AlreadyInRoom:
    case SignalingErrorCode.NotInRoom:
    case SignalingErrorCode.UnknownPeer:
    case SignalingErrorCode.ServerShuttingDown:
      // Races with a reconnect or with the other person leaving; the connection-state and peer-left events
      // that follow say what the person needs to know.
      return current
    case SignalingErrorCode.BadSecret:
    case SignalingErrorCode.BadPersonalCode:
    case SignalingErrorCode.AlreadyRegistered:
    case SignalingErrorCode.NotRegistered:
    case SignalingErrorCode.Replaced:
    case SignalingErrorCode.CodeTaken:
    case SignalingErrorCode.CallSelf:
    case SignalingErrorCode.TooManyCalls:
    case SignalingErrorCode.CallIdInUse:
    case SignalingErrorCode.UnknownCall:
    case SignalingErrorCode.AlreadyRinging:
    case SignalingErrorCode.RingingTooSoon:
    case SignalingErrorCode.TooManyNewCodes:
    case SignalingErrorCode.NewCodesThrottled:
    case SignalingErrorCode.CodeTableFull:
    case SignalingErrorCode.CallerUnknown:
      // About presence and calling a person by personal code, not about the room this call is in.
      return current
    default:
      return assertNever(code, 'signaling error code')
  }
}

function retryAfterOf(current: CallPhase): number | undefined {
  return current.name === 'reconnecting' ? undefined : current.retryAfterMs
}

function isMediaPhase(current: CallPhase): boolean {
  return current.name === 'connecting' || current.name === 'connected' || isReconnecting(current, 'media')
}

function isReconnecting(current: CallPhase, cause: 'server' | 'media'): boolean {
  return current.name === 'reconnecting' && current.cause === cause
}

/** Reconnecting to the server while the connection to the other person is kept. */
function callContinues(current: CallPhase): boolean {
  return isReconnecting(current, 'server') && current.note === 'reconnectingServerInCall'
}

function reconnectingInCall(): CallPhase {
  return { name: 'reconnecting', cause: 'server', note: 'reconnectingServerInCall' }
}

function reconnecting(cause: 'server' | 'media'): CallPhase {
  return {
    name: 'reconnecting',
    cause,
    note: cause === 'server' ? 'reconnectingServer' : 'reconnectingMedia',
  }
}

function phase(name: Exclude<CallPhaseName, 'reconnecting'>, note: PhaseNote): CallPhase {
  return { name, note }
}
