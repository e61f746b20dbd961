/**
 * Calls that are ringing: invited, not yet answered, cancelled or expired. Pure bookkeeping with an injected
 * clock, so limits and expiry are tested without sockets or timers. An invite is forgotten the moment it
 * ends; nothing about a call outlives its ringing.
 *
 * Call ids are chosen by callers, so an invite is found by the caller's connection and its id (`cancel`) or by
 * the callee's connection and its id (`answer`): one caller cannot reach another caller's call by its id.
 */
import type { CallId } from '../shared/calls'
import type { RoomCode } from '../shared/room-code'
import { SignalingErrorCode } from '../shared/signaling-errors'

export interface PendingInvite<C> {
  readonly callId: CallId
  readonly caller: C
  readonly callee: C
  /** The caller's personal code, as the callee is shown it. */
  readonly from: RoomCode
  /** The callee's personal code, as the caller dialled it. */
  readonly to: RoomCode
  readonly room: RoomCode
  /** When the server gives up on the call, on the registry's clock. */
  readonly expiresAt: number
}

export interface CallInviteRegistryOptions {
  /** Most calls one connection may have ringing at once. Default 4. */
  maxPendingPerCaller?: number
  /** How long an unanswered call is kept, in ms. Default 60 000 (twice the app's own 30 s no-answer timeout). */
  ttlMs?: number
  /** The clock, in ms. It must never go backwards. Default `performance.now`. */
  now?: () => number
}

export type AddInviteResult<C> =
  | { ok: true; invite: PendingInvite<C> }
  | { ok: false; code: typeof SignalingErrorCode.TooManyCalls | typeof SignalingErrorCode.CallIdInUse }

type InvitesById<C> = Map<CallId, PendingInvite<C>>

export class CallInviteRegistry<C> {
  readonly #maxPendingPerCaller: number
  readonly #ttlMs: number
  readonly #now: () => number
  /** Every invite, oldest first. With one lifetime for all and a clock that never goes back, oldest = first to expire. */
  readonly #invites = new Set<PendingInvite<C>>()
  readonly #byCaller = new Map<C, InvitesById<C>>()
  readonly #byCallee = new Map<C, InvitesById<C>>()

  constructor(options: CallInviteRegistryOptions = {}) {
    const max = options.maxPendingPerCaller ?? 4
    const ttl = options.ttlMs ?? 60_000
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxPendingPerCaller must be a positive integer, got ${max}`)
    if (!Number.isFinite(ttl) || ttl <= 0) throw new RangeError(`ttlMs must be a positive number, got ${ttl}`)
    this.#maxPendingPerCaller = max
    this.#ttlMs = ttl
    this.#now = options.now ?? (() => performance.now())
  }

  /**
   * Records a call from `caller` to `callee`. Refused when the caller already has the maximum ringing, or when
   * the id is already ringing for the caller or (by a one-in-2^60 chance, or on purpose) for the callee, whose
   * `answer` could then not say which call it means.
   */
  add(call: Omit<PendingInvite<C>, 'expiresAt'>): AddInviteResult<C> {
    const outgoing = this.#byCaller.get(call.caller)
    if ((outgoing?.size ?? 0) >= this.#maxPendingPerCaller) return { ok: false, code: SignalingErrorCode.TooManyCalls }
    if (outgoing?.has(call.callId) || this.#byCallee.get(call.callee)?.has(call.callId)) {
      return { ok: false, code: SignalingErrorCode.CallIdInUse }
    }
    const invite: PendingInvite<C> = { ...call, expiresAt: this.#now() + this.#ttlMs }
    this.#invites.add(invite)
    index(this.#byCaller, invite.caller, invite)
    index(this.#byCallee, invite.callee, invite)
    return { ok: true, invite }
  }

  /** Removes and returns the call `caller` made with this id (it is being cancelled). */
  takeByCaller(caller: C, callId: CallId): PendingInvite<C> | undefined {
    return this.#take(this.#byCaller.get(caller)?.get(callId))
  }

  /** Removes and returns the call with this id ringing at `callee` (it is being answered). */
  takeByCallee(callee: C, callId: CallId): PendingInvite<C> | undefined {
    return this.#take(this.#byCallee.get(callee)?.get(callId))
  }

  /** The call `caller` made with this id, left in place. */
  findByCaller(caller: C, callId: CallId): PendingInvite<C> | undefined {
    return this.#byCaller.get(caller)?.get(callId)
  }

  /** The call with this id ringing at `callee`, left in place. */
  findByCallee(callee: C, callId: CallId): PendingInvite<C> | undefined {
    return this.#byCallee.get(callee)?.get(callId)
  }

  /** Removes and returns every call `caller` makes. */
  takeAllByCaller(caller: C): PendingInvite<C>[] {
    const made = [...(this.#byCaller.get(caller)?.values() ?? [])]
    for (const invite of made) this.#take(invite)
    return made
  }

  /** Removes and returns every call ringing at `callee`. */
  takeAllByCallee(callee: C): PendingInvite<C>[] {
    const ringing = [...(this.#byCallee.get(callee)?.values() ?? [])]
    for (const invite of ringing) this.#take(invite)
    return ringing
  }

  /** Removes and returns every call `connection` makes or receives (it closed or lost its registration). */
  takeInvolving(connection: C): PendingInvite<C>[] {
    const involved = new Set([...(this.#byCaller.get(connection)?.values() ?? []), ...(this.#byCallee.get(connection)?.values() ?? [])])
    for (const invite of involved) this.#take(invite)
    return [...involved]
  }

  /** Removes and returns the calls whose time is up, oldest first. */
  takeExpired(): PendingInvite<C>[] {
    const now = this.#now()
    const expired: PendingInvite<C>[] = []
    for (const invite of this.#invites) {
      if (invite.expiresAt > now) break
      expired.push(invite)
    }
    for (const invite of expired) this.#take(invite)
    return expired
  }

  /** When the next call expires, on the registry's clock; `undefined` when none is ringing. */
  nextExpiry(): number | undefined {
    for (const invite of this.#invites) return invite.expiresAt
    return undefined
  }

  /** Whether a call from `caller` rings at `callee` (a callee faces one ringing call per caller). */
  callerRingsAt(caller: C, callee: C): boolean {
    for (const invite of this.#byCaller.get(caller)?.values() ?? []) if (invite.callee === callee) return true
    return false
  }

  /** Whether a call from the personal code `from` rings at `callee`, from whichever connection. */
  ringsFrom(callee: C, from: RoomCode): boolean {
    for (const invite of this.#byCallee.get(callee)?.values() ?? []) if (invite.from === from) return true
    return false
  }

  /** How many calls `caller` has ringing. */
  pendingFrom(caller: C): number {
    return this.#byCaller.get(caller)?.size ?? 0
  }

  get size(): number {
    return this.#invites.size
  }

  #take(invite: PendingInvite<C> | undefined): PendingInvite<C> | undefined {
    if (invite === undefined || !this.#invites.delete(invite)) return undefined
    unindex(this.#byCaller, invite.caller, invite.callId)
    unindex(this.#byCallee, invite.callee, invite.callId)
    return invite
  }
}

function index<C>(map: Map<C, InvitesById<C>>, key: C, invite: PendingInvite<C>): void {
  let byId = map.get(key)
  if (byId === undefined) map.set(key, (byId = new Map()))
  byId.set(invite.callId, invite)
}

/** Empty inner maps are dropped, so memory follows ringing calls, not every connection that ever called. */
function unindex<C>(map: Map<C, InvitesById<C>>, key: C, callId: CallId): void {
  const byId = map.get(key)
  if (byId === undefined) return
  byId.delete(callId)
  if (byId.size === 0) map.delete(key)
}
