/**
 * Calling a person: registrations (personal code → connection) and the calls ringing between them, for the
 * connections of this process. Caller and callee may be connected to different processes of a cluster, so a
 * call has two halves that talk only through events (cluster/cluster-events.ts):
 *
 * - the caller's process owns the call (`#outgoing`): the per-caller limit, the call id, the expiry, and the
 *   `call-update`s to the caller;
 * - the callee's process rings (`#incoming`): `incoming-call`, `answer`, and `call-cancelled` to the callee.
 *
 * In one process alone both halves are here and events are delivered synchronously, so everything happens in
 * the order it always did. Which connection a code reaches, and which secret a code is bound to, live in the
 * backplane, shared by all processes.
 *
 * A call ends, and is forgotten by both halves, when it is answered, cancelled, expires, or when the
 * registration of either end ends (its connection closes, it unregisters, or another connection takes its
 * code). The other end is then told: the caller with `call-update`, the callee with `call-cancelled`.
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
import type { RoomCode } from '../shared/room-code'
import { SignalingErrorCode } from '../shared/signaling-errors'
import { CallInviteRegistry, type PendingInvite } from './call-invites'
import { nodeOf, type Address, type Backplane } from './cluster/backplane'
import type { ClusterEvent } from './cluster/cluster-events'
import { derivePersonalCode, secretFingerprint } from './derive-personal-code'
import { InviteExpiry } from './invite-expiry'
import type { Logger } from './log'
import { PresenceRegistry } from './presence'

/** One end of a call: a connection of this process the switchboard can send frames to. */
export interface CallParty {
  /** Where the connection is in the cluster; never reused for another connection. */
  readonly address: Address
  send(message: ServerMessage): void
}

export interface SwitchboardOptions {
  backplane: Backplane
  /** Most calls one connection may have ringing at once. */
  maxPendingInvitesPerConnection: number
  /** How long an unanswered call is kept before both ends are told `no-answer`, in ms. */
  inviteTtlMs: number
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

type CallEvent = Exclude<ClusterEvent, { t: 'peer' }>

export class Switchboard {
  readonly #backplane: Backplane
  readonly #logger: Logger
  /** Registrations of this process's connections. */
  readonly #presence = new PresenceRegistry<CallParty>()
  readonly #parties = new Map<Address, CallParty>()
  /** Registrations waiting for the backplane; `replaced` when another connection took the code meanwhile. */
  readonly #pending = new Map<Address, { code: RoomCode; replaced: boolean }>()
  /** Calls made by this process's connections, keyed by addresses. */
  readonly #outgoing: CallInviteRegistry<Address>
  /** Calls ringing at this process's connections. */
  readonly #incoming: CallInviteRegistry<Address>
  readonly #outgoingExpiry: InviteExpiry<Address>
  readonly #incomingExpiry: InviteExpiry<Address>

  constructor(options: SwitchboardOptions) {
    const now = options.now ?? (() => performance.now())
    const registry = () => new CallInviteRegistry<Address>({ maxPendingPerCaller: options.maxPendingInvitesPerConnection, ttlMs: options.inviteTtlMs, now })
    this.#backplane = options.backplane
    this.#logger = options.logger
    this.#outgoing = registry()
    this.#incoming = registry()
    this.#outgoingExpiry = new InviteExpiry(this.#outgoing, now, (invite) => {
      this.#send(invite.callee, { t: 'cancel', callId: invite.callId, caller: invite.caller, callee: invite.callee, reason: 'no-answer' })
      this.#updateCaller(invite, 'no-answer')
      this.#logger.debug('call expired', { callId: invite.callId })
    })
    // The caller's process ends the call at the same time; this half only matters when that process is gone.
    this.#incomingExpiry = new InviteExpiry(this.#incoming, now, (invite) => this.#cancelAtCallee(invite, 'no-answer'))
  }

  /** Resolves true when the registration failed as a guess would: the code belongs to another secret. */
  async register(party: CallParty, message: RegisterMessage): Promise<boolean> {
    const code = derivePersonalCode(message.secret)
    // Checked before anything else: a colliding secret must not even learn whether the owner is online.
    if (!(await this.#backplane.claimCode(code, secretFingerprint(message.secret)))) {
      this.#logger.info('registration refused: code bound to another secret')
      sendError(party, SignalingErrorCode.CodeTaken)
      return true
    }
    const current = this.#presence.codeOf(party)
    if (current !== undefined) {
      if (current === code) party.send({ v: 1, type: 'registered', code })
      else sendError(party, SignalingErrorCode.AlreadyRegistered)
      return false
    }
    const pending = { code, replaced: false }
    this.#pending.set(party.address, pending)
    let previous: Address | undefined
    try {
      previous = await this.#backplane.publishPresence(code, party.address)
    } finally {
      this.#pending.delete(party.address)
    }
    // Delivered at once when the previous holder is on this process, so it hears `SIG_ERR_REPLACED` first.
    if (previous !== undefined) this.#send(previous, { t: 'replaced', address: previous, code })
    const replaced = this.#presence.register(code, party)
    if (replaced.ok && replaced.replaced !== undefined) this.#replace(replaced.replaced)
    this.#parties.set(party.address, party)
    party.send({ v: 1, type: 'registered', code })
    this.#logger.debug('registered', { registered: this.#presence.size })
    if (pending.replaced) this.#replace(party)
    return false
  }

  async unregister(party: CallParty): Promise<void> {
    const code = this.#forget(party)
    if (code === undefined) return sendError(party, SignalingErrorCode.NotRegistered)
    this.#logger.debug('unregistered', { registered: this.#presence.size })
    await this.#backplane.withdrawPresence(code, party.address)
    await this.#backplane.touchCode(code)
  }

  /** The party's connection closed: it is no longer reachable and its calls end. */
  async disconnected(party: CallParty): Promise<void> {
    const code = this.#forget(party)
    if (code === undefined) return
    await this.#backplane.withdrawPresence(code, party.address)
    await this.#backplane.touchCode(code)
  }

  /** Resolves true when the call missed as a guessed code does: nobody is reachable on `to`. */
  async invite(caller: CallParty, message: InviteMessage): Promise<boolean> {
    const { callId, to, room } = message
    // The callee decides by who calls, so the caller must prove its code first.
    const from = this.#presence.codeOf(caller)
    if (from === undefined) return refuse(caller, SignalingErrorCode.NotRegistered)
    if (to === from) return refuse(caller, SignalingErrorCode.CallSelf)
    const callee = await this.#backplane.lookupPresence(to)
    // Replaced while looking: the callee would be shown a code this connection no longer holds.
    if (this.#presence.codeOf(caller) !== from) return refuse(caller, SignalingErrorCode.NotRegistered)
    if (callee === undefined) {
      caller.send({ v: 1, type: 'call-update', callId, state: 'unreachable' })
      return true
    }
    const added = this.#outgoing.add({ callId, caller: caller.address, callee, from, room })
    if (!added.ok) return refuse(caller, added.code)
    this.#outgoingExpiry.schedule()
    this.#send(callee, { t: 'ring', callId, caller: caller.address, callee, to, from, room })
    return false
  }

  answer(callee: CallParty, message: AnswerCallMessage): void {
    const invite = this.#incoming.takeByCallee(callee.address, message.callId)
    if (invite === undefined) return sendError(callee, SignalingErrorCode.UnknownCall)
    const state = message.accept ? 'accepted' : (message.reason ?? 'declined')
    this.#send(invite.caller, { t: 'answer', callId: invite.callId, caller: invite.caller, callee: invite.callee, state })
    this.#logger.debug('call answered', { callId: invite.callId, state })
  }

  cancel(caller: CallParty, message: CancelCallMessage): void {
    const invite = this.#outgoing.takeByCaller(caller.address, message.callId)
    if (invite === undefined) return sendError(caller, SignalingErrorCode.UnknownCall)
    this.#send(invite.callee, { t: 'cancel', callId: invite.callId, caller: invite.caller, callee: invite.callee, reason: message.reason })
    this.#logger.debug('call cancelled', { callId: invite.callId, reason: message.reason })
  }

  /** An event about a call or a registration of this process (cluster-events.ts). */
  receive(event: CallEvent): void {
    switch (event.t) {
      case 'ring':
        return this.#ring(event)
      case 'ring-result': {
        if (event.result === 'ringing') {
          const invite = this.#outgoing.findByCaller(event.caller, event.callId)
          if (invite?.callee === event.callee) this.#updateCaller(invite, 'ringing')
          this.#logger.debug('call ringing', { callId: event.callId, ringing: this.#outgoing.size })
          return
        }
        const invite = this.#takeOutgoing(event)
        if (invite === undefined) return
        if (event.result === 'unreachable') return this.#updateCaller(invite, 'unreachable')
        const caller = this.#parties.get(invite.caller)
        if (caller) sendError(caller, event.result)
        return
      }
      case 'answer': {
        const invite = this.#takeOutgoing(event)
        if (invite) this.#updateCaller(invite, event.state)
        return
      }
      case 'cancel': {
        const invite = this.#incoming.findByCallee(event.callee, event.callId)
        if (invite?.caller !== event.caller) return
        this.#incoming.takeByCallee(event.callee, event.callId)
        return this.#cancelAtCallee(invite, event.reason)
      }
      case 'replaced': {
        const pending = this.#pending.get(event.address)
        if (pending?.code === event.code) pending.replaced = true
        const party = this.#parties.get(event.address)
        if (party && this.#presence.codeOf(party) === event.code) this.#replace(party)
        return
      }
    }
  }

  /** Stops the expiry timers (server shutdown). */
  stop(): void {
    this.#outgoingExpiry.stop()
    this.#incomingExpiry.stop()
  }

  get registeredCount(): number {
    return this.#presence.size
  }

  /** Calls this process's connections made that are ringing. */
  get ringingCount(): number {
    return this.#outgoing.size
  }

  #ring(event: Extract<CallEvent, { t: 'ring' }>): void {
    const { callId, caller, callee, from, room } = event
    const reply = (result: Extract<CallEvent, { t: 'ring-result' }>['result']) => this.#send(caller, { t: 'ring-result', callId, caller, callee, result })
    const party = this.#parties.get(callee)
    // The callee may have unregistered, been replaced or gone since its code was looked up.
    if (party === undefined || this.#presence.codeOf(party) !== event.to) return reply('unreachable')
    const added = this.#incoming.add({ callId, caller, callee, from, room })
    if (!added.ok) return reply(added.code)
    this.#incomingExpiry.schedule()
    party.send({ v: 1, type: 'incoming-call', callId, from, room })
    reply('ringing')
  }

  /** Another connection took `party`'s code: it is no longer reachable, its calls end, and it is told so. */
  #replace(party: CallParty): void {
    if (this.#presence.codeOf(party) !== undefined) this.#presence.unregister(party)
    this.#parties.delete(party.address)
    this.#endCalls(party.address)
    sendError(party, SignalingErrorCode.Replaced)
    this.#logger.info('registration replaced by another connection')
  }

  /** Drops `party`'s registration and ends its calls; returns the code it held. */
  #forget(party: CallParty): RoomCode | undefined {
    const code = this.#presence.unregister(party)
    this.#parties.delete(party.address)
    this.#endCalls(party.address)
    return code
  }

  /** Ends every call `address` makes or receives, telling the other end as if `address` had gone away. */
  #endCalls(address: Address): void {
    for (const invite of this.#outgoing.takeAllByCaller(address)) {
      this.#send(invite.callee, { t: 'cancel', callId: invite.callId, caller: invite.caller, callee: invite.callee, reason: 'hung-up' })
    }
    for (const invite of this.#incoming.takeAllByCallee(address)) {
      this.#send(invite.caller, { t: 'answer', callId: invite.callId, caller: invite.caller, callee: invite.callee, state: 'unreachable' })
    }
  }

  /** Takes the caller's half of the call an event is about, if it is still the same call. */
  #takeOutgoing(event: { caller: Address; callee: Address; callId: CallId }): PendingInvite<Address> | undefined {
    const invite = this.#outgoing.findByCaller(event.caller, event.callId)
    if (invite?.callee !== event.callee) return undefined
    return this.#outgoing.takeByCaller(event.caller, event.callId)
  }

  #updateCaller(invite: PendingInvite<Address>, state: CallState): void {
    this.#parties.get(invite.caller)?.send({ v: 1, type: 'call-update', callId: invite.callId, state })
  }

  #cancelAtCallee(invite: PendingInvite<Address>, reason: CallCancelReason): void {
    this.#parties.get(invite.callee)?.send({ v: 1, type: 'call-cancelled', callId: invite.callId, reason })
  }

  #send(to: Address, event: CallEvent): void {
    this.#backplane.send(nodeOf(to), event)
  }
}

/** Sends the error for a refusal that is not a miss (the caller's own mistake, not a guess). */
function refuse(party: CallParty, code: keyof typeof ERROR_MESSAGES): false {
  sendError(party, code)
  return false
}

function sendError(party: CallParty, code: keyof typeof ERROR_MESSAGES): void {
  party.send({ v: 1, type: 'error', code, message: ERROR_MESSAGES[code].slice(0, LIMITS.errorMessageChars) })
}
