/**
 * Calling a person: registrations (personal code → connection) and the calls ringing between them, for the
 * connections of this process. Caller and callee may be connected to different processes of a cluster, so a
 * call has two halves that talk only through events (cluster/cluster-events.ts):
 *
 * - the caller's process owns the call (`#outgoing`): the per-caller limit, the call id, the expiry, and the
 *   `call-update`s to the caller;
 * - the callee's process rings (callee-half.ts): `incoming-call`, `answer`, and `call-cancelled` to the callee.
 *
 * In one process alone both halves are here and events are delivered synchronously, so everything happens in
 * the order it always did. Which connection a code reaches, and which secret a code is bound to, live in the
 * backplane, shared by all processes.
 *
 * A call ends, and is forgotten by both halves, when it is answered, cancelled, expires, or when the
 * registration of either end ends (its connection closes, it unregisters, or another connection takes its
 * code). The other end is then told: the caller with `call-update`, the callee with `call-cancelled`.
 *
 * Rings are paced (ring-pacing.ts, docs/security.md "Ringing as a weapon"): the caller's process paces each
 * caller's rings to anyone, the callee's process each caller's rings to that callee and keeps a callee to one
 * ringing call per caller, so the pair is paced wherever the caller connects. A call that ends without being
 * accepted is a miss for both; declined and unanswered ones, and rings dropped for their pace, also count
 * against the caller's address (attempt-throttle.ts).
 *
 * Secrets and personal codes are never logged: a code is as good as an address.
 */
import type { CallId, CallState } from '../shared/calls'
import type { AnswerCallMessage, CancelCallMessage, InviteMessage, RegisterMessage, ServerMessage } from '../shared/protocol'
import type { RoomCode } from '../shared/room-code'
import { SignalingErrorCode } from '../shared/signaling-errors'
import { CallInviteRegistry, type PendingInvite } from './call-invites'
import { CalleeHalf } from './callee-half'
import type { CallingLimits } from './calling-limits'
import { nodeOf, type Address, type Backplane } from './cluster/backplane'
import type { CallEvent } from './cluster/cluster-events'
import { derivePersonalCode, secretFingerprint } from './derive-personal-code'
import { InviteExpiry } from './invite-expiry'
import type { Logger } from './log'
import type { NewCodeBudget } from './new-code-budget'
import { PresenceRegistry } from './presence'
import { RingPacing } from './ring-pacing'
import { drop, refuse, sendError } from './switchboard-errors'

/** One end of a call: a connection of this process the switchboard can send frames to. */
export interface CallParty {
  /** Where the connection is in the cluster; never reused for another connection. */
  readonly address: Address
  send(message: ServerMessage): void
  /** Counts a failed attempt against the party's client address (attempt-throttle.ts). */
  missed(): void
  /** Came in through a local-network listener: another app on the network, never registered here. */
  readonly visitor: boolean
}

export interface SwitchboardOptions {
  backplane: Backplane
  /** Most calls one connection may have ringing at once. */
  maxPendingInvitesPerConnection: number
  /** How long an unanswered call is kept before both ends are told `no-answer`, in ms. */
  inviteTtlMs: number
  logger: Logger
  /** What a new personal-code binding costs (new-code-budget.ts). */
  newCodes: NewCodeBudget
  /** How often callers may ring (calling-limits.ts). */
  pacing: Pick<CallingLimits, 'ringIntervalMs' | 'ringBackoffMs' | 'maxRingBackoffMs' | 'freeRingMisses' | 'maxTrackedCallers'>
  /** The clock, in ms; must never go backwards. Default `performance.now`. */
  now?: () => number
}

export class Switchboard {
  readonly #backplane: Backplane
  readonly #logger: Logger
  readonly #now: () => number
  readonly #newCodes: NewCodeBudget
  /** Rings of each caller of this process, to anyone, by the caller's personal code. */
  readonly #callerPacing: RingPacing<RoomCode>
  /** Registrations of this process's connections. */
  readonly #presence = new PresenceRegistry<CallParty>()
  readonly #parties = new Map<Address, CallParty>()
  /** Registrations waiting for the backplane; `replaced` when another connection took the code meanwhile. */
  readonly #pending = new Map<Address, { code: RoomCode; replaced: boolean }>()
  /** Calls made by this process's connections, keyed by addresses. */
  readonly #outgoing: CallInviteRegistry<Address>
  /** Calls ringing at this process's connections. */
  readonly #incoming: CalleeHalf
  readonly #outgoingExpiry: InviteExpiry<Address>

  constructor(options: SwitchboardOptions) {
    const now = options.now ?? (() => performance.now())
    this.#backplane = options.backplane
    this.#logger = options.logger
    this.#now = now
    this.#newCodes = options.newCodes
    const { ringIntervalMs: intervalMs, ringBackoffMs: backoffMs, maxRingBackoffMs: maxBackoffMs, maxTrackedCallers: maxKeys } = options.pacing
    this.#callerPacing = new RingPacing({ intervalMs, backoffMs, maxBackoffMs, maxKeys, freeMisses: options.pacing.freeRingMisses })
    this.#outgoing = new CallInviteRegistry({ maxPendingPerCaller: options.maxPendingInvitesPerConnection, ttlMs: options.inviteTtlMs, now })
    this.#incoming = new CalleeHalf({
      maxPendingInvitesPerConnection: options.maxPendingInvitesPerConnection,
      inviteTtlMs: options.inviteTtlMs,
      // A callee who did not take a call from someone has said enough about that caller: no free misses.
      pacing: { intervalMs, backoffMs, maxBackoffMs, maxKeys, freeMisses: 0 },
      now,
      logger: options.logger,
      registered: (address, code) => {
        const party = this.#parties.get(address)
        return party !== undefined && (code === undefined || this.#presence.codeOf(party) === code) ? party : undefined
      },
      send: (to, event) => this.#send(to, event),
    })
    this.#outgoingExpiry = new InviteExpiry(this.#outgoing, now, (invite) => {
      this.#send(invite.callee, { t: 'cancel', callId: invite.callId, caller: invite.caller, callee: invite.callee, reason: 'no-answer' })
      this.#updateCaller(invite, 'no-answer')
      this.#callerMissed(invite, true)
      this.#logger.debug('call expired', { callId: invite.callId })
    })
  }

  /**
   * Resolves true when the registration failed as a guess would: the code belongs to another secret. `clientKey`
   * is the party's address as a limit key (client-address.ts): a new code is charged to it.
   */
  async register(party: CallParty, message: RegisterMessage, clientKey: string): Promise<boolean> {
    const code = derivePersonalCode(message.secret)
    // Refused before the code is looked at, so that a refused register binds nothing (docs/security.md).
    const registered = this.#presence.codeOf(party)
    if (registered !== undefined && registered !== code) return refuse(party, SignalingErrorCode.AlreadyRegistered)
    // Checked before anything about the code's holder: a colliding secret must not even learn whether the owner is online.
    const claim = await this.#backplane.claimCode(code, secretFingerprint(message.secret), () => this.#newCodes.take(clientKey, this.#now()))
    if (!claim.ok) {
      if (claim.code === SignalingErrorCode.CodeTaken) {
        this.#logger.info('registration refused: code bound to another secret')
        sendError(party, SignalingErrorCode.CodeTaken)
        return true
      }
      // Debug, not info: a churning attacker meets this thousands of times, and tonghwa_errors_total counts them.
      this.#logger.debug('registration refused: no new code for now', { reason: claim.code })
      sendError(party, claim.code, claim.retryAfterMs)
      return false
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
    // The callee decides by who calls, so the caller must prove its code first: by registering here, or, as a
    // visitor from another app on the local network (which never registers anywhere but on its own app), by
    // saying it (docs/lan.md: what that does and does not prove).
    if (caller.visitor !== (message.from !== undefined)) {
      return refuse(caller, SignalingErrorCode.CallerUnknown)
    }
    const from = message.from ?? this.#presence.codeOf(caller)
    if (from === undefined) return refuse(caller, SignalingErrorCode.NotRegistered)
    if (to === from) return refuse(caller, SignalingErrorCode.CallSelf)
    const callee = await this.#backplane.lookupPresence(to)
    // Replaced while looking: the callee would be shown a code this connection no longer holds.
    if (!caller.visitor && this.#presence.codeOf(caller) !== from) return refuse(caller, SignalingErrorCode.NotRegistered)
    if (callee === undefined) {
      caller.send({ v: 1, type: 'call-update', callId, state: 'unreachable' })
      return true
    }
    // Dropped rings are misses: a flood of them is what ringing as a weapon looks like.
    if (this.#outgoing.callerRingsAt(caller.address, callee)) return drop(caller, SignalingErrorCode.AlreadyRinging)
    const now = this.#now()
    const waitMs = this.#callerPacing.waitMs(from, now)
    if (waitMs > 0) return drop(caller, SignalingErrorCode.RingingTooSoon, waitMs)
    const added = this.#outgoing.add({ callId, caller: caller.address, callee, from, to, room })
    if (!added.ok) return refuse(caller, added.code)
    // A registered caller is already known by its address; a visitor is from now on, to hear how its call goes.
    if (caller.visitor) this.#parties.set(caller.address, caller)
    this.#callerPacing.rang(from, now)
    this.#outgoingExpiry.schedule()
    this.#send(callee, { t: 'ring', callId, caller: caller.address, callee, to, from, room })
    return false
  }

  answer(callee: CallParty, message: AnswerCallMessage): void {
    this.#incoming.answer(callee, message)
  }

  cancel(caller: CallParty, message: CancelCallMessage): void {
    const invite = this.#outgoing.takeByCaller(caller.address, message.callId)
    if (invite === undefined) return sendError(caller, SignalingErrorCode.UnknownCall)
    // A call given up after the app's ring timeout went unanswered, as one the server ends is.
    this.#callerMissed(invite, message.reason === 'no-answer')
    this.#send(invite.callee, { t: 'cancel', callId: invite.callId, caller: invite.caller, callee: invite.callee, reason: message.reason })
    this.#logger.debug('call cancelled', { callId: invite.callId, reason: message.reason })
  }

  /** An event about a call or a registration of this process (cluster-events.ts). */
  receive(event: CallEvent): void {
    switch (event.t) {
      case 'ring':
        return this.#incoming.ring(event)
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
        if (caller === undefined) return
        sendError(caller, event.result, event.retryAfterMs)
        if (event.result === SignalingErrorCode.AlreadyRinging || event.result === SignalingErrorCode.RingingTooSoon) caller.missed()
        return
      }
      case 'answer': {
        const invite = this.#takeOutgoing(event)
        if (invite === undefined) return
        this.#updateCaller(invite, event.state)
        if (event.state === 'accepted') this.#callerPacing.answered(invite.from)
        // `busy` came from the callee's app, which rang nothing: not a ring anybody saw, and not a miss.
        else if (event.state === 'busy') this.#callerPacing.unrang(invite.from)
        else if (event.state === 'declined') this.#callerMissed(invite, true)
        return
      }
      case 'cancel':
        return this.#incoming.cancelled(event)
      case 'replaced': {
        const pending = this.#pending.get(event.address)
        if (pending?.code === event.code) pending.replaced = true
        const party = this.#parties.get(event.address)
        if (party && this.#presence.codeOf(party) === event.code) this.#replace(party)
        return
      }
    }
  }

  /** Forgets the pacing of callers that have been quiet, and addresses whose new-code budget is full again. */
  sweep(now: number): void {
    this.#callerPacing.sweep(now)
    this.#incoming.sweep(now)
    this.#newCodes.sweep(now)
  }

  /** Stops the expiry timers (server shutdown). */
  stop(): void {
    this.#outgoingExpiry.stop()
    this.#incoming.stop()
  }

  /** The personal codes registered on connections of this process. */
  registeredCodes(): RoomCode[] {
    return this.#presence.codes()
  }

  get registeredCount(): number {
    return this.#presence.size
  }

  /** Calls this process's connections made that are ringing. */
  get ringingCount(): number {
    return this.#outgoing.size
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
      this.#callerMissed(invite, false)
      this.#send(invite.callee, { t: 'cancel', callId: invite.callId, caller: invite.caller, callee: invite.callee, reason: 'hung-up' })
    }
    this.#incoming.endAll(address)
  }

  /** Takes the caller's half of the call an event is about, if it is still the same call. */
  #takeOutgoing(event: { caller: Address; callee: Address; callId: CallId }): PendingInvite<Address> | undefined {
    const invite = this.#outgoing.findByCaller(event.caller, event.callId)
    if (invite?.callee !== event.callee) return undefined
    return this.#outgoing.takeByCaller(event.caller, event.callId)
  }

  /** A call the caller made ended without being accepted; `attempt`: it also counts against the caller's address. */
  #callerMissed(invite: PendingInvite<Address>, attempt: boolean): void {
    this.#callerPacing.missed(invite.from, this.#now())
    if (attempt) this.#parties.get(invite.caller)?.missed()
  }

  #updateCaller(invite: PendingInvite<Address>, state: CallState): void {
    this.#parties.get(invite.caller)?.send({ v: 1, type: 'call-update', callId: invite.callId, state })
  }

  #send(to: Address, event: CallEvent): void {
    this.#backplane.send(nodeOf(to), event)
  }
}
