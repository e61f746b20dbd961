/**
 * The callee's half of calls (switchboard.ts): calls ringing at this process's registered connections, wherever
 * their callers are connected. It rings (`incoming-call`), takes the answer, hears the caller hang up, and ends
 * the calls of a callee that went away, telling each caller's process through events (cluster-events.ts).
 *
 * Every ring at a callee passes here, so this is where a callee is protected (docs/security.md, "Ringing as a
 * weapon"): it faces one ringing call per caller, and a caller whose ring it did not take (declined, unanswered,
 * or hung up before it could answer) waits longer before each new ring at it (ring-pacing.ts, keyed
 * by caller and callee code, so a caller cannot escape it by reconnecting elsewhere in the cluster).
 */
import type { CallCancelReason } from '../shared/calls'
import type { AnswerCallMessage } from '../shared/protocol'
import type { RoomCode } from '../shared/room-code'
import { SignalingErrorCode } from '../shared/signaling-errors'
import { CallInviteRegistry, type PendingInvite } from './call-invites'
import type { Address } from './cluster/backplane'
import type { CallEvent, RingResult } from './cluster/cluster-events'
import { InviteExpiry } from './invite-expiry'
import type { Logger } from './log'
import { RingPacing, type RingPacingOptions } from './ring-pacing'
import { sendError } from './switchboard-errors'
import type { CallParty } from './switchboard'

export interface CalleeHalfOptions {
  maxPendingInvitesPerConnection: number
  inviteTtlMs: number
  /** The pacing of one caller's rings at one callee. */
  pacing: RingPacingOptions
  now: () => number
  logger: Logger
  /** The connection of this process at `address`, if it is registered (on `code`, when given). */
  registered(address: Address, code?: RoomCode): CallParty | undefined
  /** Hands an event to the process of `to`. */
  send(to: Address, event: CallEvent): void
}

export class CalleeHalf {
  readonly #options: CalleeHalfOptions
  /** Calls ringing at this process's connections. */
  readonly #incoming: CallInviteRegistry<Address>
  readonly #expiry: InviteExpiry<Address>
  /** Rings at each callee of this process, by caller and callee code (`pairKey`). */
  readonly #pacing: RingPacing<string>

  constructor(options: CalleeHalfOptions) {
    this.#options = options
    this.#incoming = new CallInviteRegistry({ maxPendingPerCaller: options.maxPendingInvitesPerConnection, ttlMs: options.inviteTtlMs, now: options.now })
    this.#pacing = new RingPacing(options.pacing)
    // The caller's process ends the call at the same time; this half only matters when that process is gone.
    this.#expiry = new InviteExpiry(this.#incoming, options.now, (invite) => {
      this.#pacing.missed(pairKey(invite), options.now())
      this.#cancel(invite, 'no-answer')
    })
  }

  /** A caller's process asks to ring `callee`, if it is still registered on `to`. */
  ring(event: Extract<CallEvent, { t: 'ring' }>): void {
    const { callId, caller, callee, from, to, room } = event
    const reply = (result: RingResult, retryAfterMs?: number) =>
      this.#options.send(caller, { t: 'ring-result', callId, caller, callee, result, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) })
    // The callee may have unregistered, been replaced or gone since its code was looked up.
    const party = this.#options.registered(callee, to)
    if (party === undefined) return reply('unreachable')
    if (this.#incoming.ringsFrom(callee, from)) return reply(SignalingErrorCode.AlreadyRinging)
    const now = this.#options.now()
    const waitMs = this.#pacing.waitMs(pairKey({ from, to }), now)
    if (waitMs > 0) return reply(SignalingErrorCode.RingingTooSoon, waitMs)
    const added = this.#incoming.add({ callId, caller, callee, from, to, room })
    if (!added.ok) return reply(added.code)
    this.#pacing.rang(pairKey({ from, to }), now)
    this.#expiry.schedule()
    party.send({ v: 1, type: 'incoming-call', callId, from, room })
    reply('ringing')
  }

  answer(callee: CallParty, message: AnswerCallMessage): void {
    const invite = this.#incoming.takeByCallee(callee.address, message.callId)
    if (invite === undefined) return sendError(callee, SignalingErrorCode.UnknownCall)
    const state = message.accept ? 'accepted' : (message.reason ?? 'declined')
    if (message.accept) this.#pacing.answered(pairKey(invite))
    else if (state === 'busy') this.#pacing.unrang(pairKey(invite))
    else this.#pacing.missed(pairKey(invite), this.#options.now())
    this.#options.send(invite.caller, { t: 'answer', callId: invite.callId, caller: invite.caller, callee: invite.callee, state })
    this.#options.logger.debug('call answered', { callId: invite.callId, state })
  }

  /** The caller hung up, gave up, or went away. */
  cancelled(event: Extract<CallEvent, { t: 'cancel' }>): void {
    const invite = this.#incoming.findByCallee(event.callee, event.callId)
    if (invite?.caller !== event.caller) return
    this.#incoming.takeByCallee(event.callee, event.callId)
    // Rung but not taken: the caller waits before ringing again, as after a decline.
    this.#pacing.missed(pairKey(invite), this.#options.now())
    this.#cancel(invite, event.reason)
  }

  /** `callee` is no longer reachable: its calls end, and each caller hears `unreachable`. */
  endAll(callee: Address): void {
    for (const invite of this.#incoming.takeAllByCallee(callee)) {
      this.#options.send(invite.caller, { t: 'answer', callId: invite.callId, caller: invite.caller, callee: invite.callee, state: 'unreachable' })
    }
  }

  sweep(now: number): void {
    this.#pacing.sweep(now)
  }

  stop(): void {
    this.#expiry.stop()
  }

  #cancel(invite: PendingInvite<Address>, reason: CallCancelReason): void {
    this.#options.registered(invite.callee)?.send({ v: 1, type: 'call-cancelled', callId: invite.callId, reason })
  }
}

/** The pacing key of the rings from one personal code at another. */
function pairKey(call: { from: RoomCode; to: RoomCode }): string {
  return `${call.from}>${call.to}`
}
