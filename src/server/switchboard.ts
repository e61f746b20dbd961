/**
 * Calling a person: registrations (personal code → connection) and the calls ringing between them. It sees
 * connections only as something to send frames to, so the same rules hold for any transport, and it keeps
 * one timer: for the next call to expire.
 *
 * A call ends, and is forgotten, when it is answered, cancelled, expires, or when the registration of either
 * end ends (its connection closes, it unregisters, or another connection takes its code). The other end is
 * then told: the caller with `call-update`, the callee with `call-cancelled`.
 *
 * Secrets and personal codes are never logged: a code is as good as an address.
 */
import type { CallCancelReason, CallId, CallState } from '../shared/calls'
import {
  LIMITS,
  type AnswerCallMessage,
  type CancelCallMessage,
  type InviteMessage,
  type RegisterMessage,
  type ServerMessage,
} from '../shared/protocol'
import { SignalingErrorCode } from '../shared/signaling-errors'
import { CallInviteRegistry, type PendingInvite } from './call-invites'
import { derivePersonalCode, secretFingerprint } from './derive-personal-code'
import type { Logger } from './log'
import { PresenceRegistry } from './presence'
import { CodeBindings } from './code-bindings'

/** One end of a call: a connection the switchboard can send frames to. */
export interface CallParty {
  send(message: ServerMessage): void
}

export interface SwitchboardOptions {
  /** Most calls one connection may have ringing at once. */
  maxPendingInvitesPerConnection: number
  /** How long an unanswered call is kept before both ends are told `no-answer`, in ms. */
  inviteTtlMs: number
  /** How long a personal code stays bound to its first secret after its owner was last seen, in ms. */
  codeBindingTtlMs: number
  maxCodeBindings: number
  logger: Logger
  /** The clock, in ms; must never go backwards. Default `performance.now`. */
  now?: () => number
}

const ERROR_MESSAGES = {
  [SignalingErrorCode.AlreadyRegistered]: 'this connection is registered on another code: send unregister first',
  [SignalingErrorCode.NotRegistered]: 'this connection is not registered: send register first',
  [SignalingErrorCode.Replaced]: 'another connection registered your personal code: this one is no longer reachable on it',
  [SignalingErrorCode.CodeTaken]: 'this personal code belongs to another secret: generate a new secret (a new code)',
  [SignalingErrorCode.CallSelf]: 'invite.to is your own personal code',
  [SignalingErrorCode.TooManyCalls]: 'too many of your calls are ringing: cancel one first',
  [SignalingErrorCode.CallIdInUse]: 'a call with this id is already ringing: use a fresh id',
  [SignalingErrorCode.UnknownCall]: 'no call with this id is ringing for you',
} as const

export class Switchboard {
  readonly #presence = new PresenceRegistry<CallParty>()
  readonly #bindings: CodeBindings
  readonly #invites: CallInviteRegistry<CallParty>
  readonly #logger: Logger
  readonly #now: () => number
  #expiryTimer: NodeJS.Timeout | undefined

  constructor(options: SwitchboardOptions) {
    this.#now = options.now ?? (() => performance.now())
    this.#invites = new CallInviteRegistry({ maxPendingPerCaller: options.maxPendingInvitesPerConnection, ttlMs: options.inviteTtlMs, now: this.#now })
    this.#logger = options.logger
    this.#bindings = new CodeBindings({ ttlMs: options.codeBindingTtlMs, maxBindings: options.maxCodeBindings, now: this.#now })
  }

  register(party: CallParty, message: RegisterMessage): void {
    const code = derivePersonalCode(message.secret)
    // Checked before anything else: a colliding secret must not even learn whether the owner is online.
    if (!this.#bindings.claim(code, secretFingerprint(message.secret))) {
      this.#logger.info('registration refused: code bound to another secret')
      return sendError(party, SignalingErrorCode.CodeTaken)
    }
    const result = this.#presence.register(code, party)
    if (!result.ok) return sendError(party, result.code)
    const replaced = result.replaced
    if (replaced !== undefined) {
      this.#endCalls(replaced)
      sendError(replaced, SignalingErrorCode.Replaced)
      this.#logger.info('registration replaced by another connection')
    }
    party.send({ v: 1, type: 'registered', code })
    this.#logger.debug('registered', { registered: this.#presence.size })
  }

  unregister(party: CallParty): void {
    const code = this.#presence.unregister(party)
    if (code === undefined) return sendError(party, SignalingErrorCode.NotRegistered)
    this.#bindings.touch(code)
    this.#endCalls(party)
    this.#logger.debug('unregistered', { registered: this.#presence.size })
  }

  invite(caller: CallParty, message: InviteMessage): void {
    const { callId, to, room } = message
    // The callee decides by who calls, so the caller must prove its code first.
    const from = this.#presence.codeOf(caller)
    if (from === undefined) return sendError(caller, SignalingErrorCode.NotRegistered)
    if (to === from) return sendError(caller, SignalingErrorCode.CallSelf)
    const callee = this.#presence.connectionOf(to)
    if (callee === undefined) return updateCaller(caller, callId, 'unreachable')
    const added = this.#invites.add({ callId, caller, callee, from, room })
    if (!added.ok) return sendError(caller, added.code)
    callee.send({ v: 1, type: 'incoming-call', callId, from, room })
    updateCaller(caller, callId, 'ringing')
    this.#logger.debug('call ringing', { callId, ringing: this.#invites.size })
    this.#scheduleExpiry()
  }

  answer(callee: CallParty, message: AnswerCallMessage): void {
    const invite = this.#invites.takeByCallee(callee, message.callId)
    if (invite === undefined) return sendError(callee, SignalingErrorCode.UnknownCall)
    const state: CallState = message.accept ? 'accepted' : (message.reason ?? 'declined')
    updateCaller(invite.caller, invite.callId, state)
    this.#logger.debug('call answered', { callId: invite.callId, state })
  }

  cancel(caller: CallParty, message: CancelCallMessage): void {
    const invite = this.#invites.takeByCaller(caller, message.callId)
    if (invite === undefined) return sendError(caller, SignalingErrorCode.UnknownCall)
    cancelAtCallee(invite, message.reason)
    this.#logger.debug('call cancelled', { callId: invite.callId, reason: message.reason })
  }

  /** The party's connection closed: it is no longer reachable and its calls end. */
  disconnected(party: CallParty): void {
    const code = this.#presence.unregister(party)
    if (code !== undefined) this.#bindings.touch(code)
    this.#endCalls(party)
  }

  /** Stops the expiry timer (server shutdown). */
  stop(): void {
    clearTimeout(this.#expiryTimer)
    this.#expiryTimer = undefined
  }

  get registeredCount(): number {
    return this.#presence.size
  }

  get ringingCount(): number {
    return this.#invites.size
  }

  /** Ends every call `party` makes or receives, telling the other end as if `party` had gone away. */
  #endCalls(party: CallParty): void {
    for (const invite of this.#invites.takeInvolving(party)) {
      if (invite.caller === party) cancelAtCallee(invite, 'hung-up')
      else updateCaller(invite.caller, invite.callId, 'unreachable')
    }
  }

  /**
   * Keeps one timer, for the oldest call. Calls are added in expiry order, so a new call never needs an earlier
   * timer than the one already set; after firing, the timer is set again for the next one.
   */
  #scheduleExpiry(): void {
    if (this.#expiryTimer !== undefined) return
    const next = this.#invites.nextExpiry()
    if (next === undefined) return
    // At least 1 ms: a timer may fire a fraction of a millisecond before the clock says the call is due.
    this.#expiryTimer = setTimeout(() => this.#expire(), Math.max(1, Math.ceil(next - this.#now())))
    // The HTTP server keeps the process alive while it listens; this timer alone must not.
    this.#expiryTimer.unref()
  }

  #expire(): void {
    this.#expiryTimer = undefined
    for (const invite of this.#invites.takeExpired()) {
      cancelAtCallee(invite, 'no-answer')
      updateCaller(invite.caller, invite.callId, 'no-answer')
      this.#logger.debug('call expired', { callId: invite.callId })
    }
    this.#scheduleExpiry()
  }
}

function updateCaller(caller: CallParty, callId: CallId, state: CallState): void {
  caller.send({ v: 1, type: 'call-update', callId, state })
}

function cancelAtCallee(invite: PendingInvite<CallParty>, reason: CallCancelReason): void {
  invite.callee.send({ v: 1, type: 'call-cancelled', callId: invite.callId, reason })
}

function sendError(party: CallParty, code: keyof typeof ERROR_MESSAGES): void {
  party.send({ v: 1, type: 'error', code, message: ERROR_MESSAGES[code].slice(0, LIMITS.errorMessageChars) })
}
