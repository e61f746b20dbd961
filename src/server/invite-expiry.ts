/**
 * Ends calls nobody answers or cancels. One timer per registry, for the oldest call: calls are added in expiry
 * order (one lifetime for all, a clock that never goes back), so a new call never needs an earlier timer than
 * the one already set; after firing, the timer is set again for the next one.
 */
import type { CallInviteRegistry, PendingInvite } from './call-invites'

export class InviteExpiry<C> {
  readonly #registry: CallInviteRegistry<C>
  readonly #now: () => number
  readonly #onExpired: (invite: PendingInvite<C>) => void
  #timer: NodeJS.Timeout | undefined
  #stopped = false

  /** `now` must be the registry's clock; `onExpired` is called for each call taken out, oldest first. */
  constructor(registry: CallInviteRegistry<C>, now: () => number, onExpired: (invite: PendingInvite<C>) => void) {
    this.#registry = registry
    this.#now = now
    this.#onExpired = onExpired
  }

  /** Makes sure a timer is set for the next call, if any rings. Call after adding one. */
  schedule(): void {
    if (this.#timer !== undefined || this.#stopped) return
    const next = this.#registry.nextExpiry()
    if (next === undefined) return
    // At least 1 ms: a timer may fire a fraction of a millisecond before the clock says the call is due.
    this.#timer = setTimeout(() => this.#expire(), Math.max(1, Math.ceil(next - this.#now())))
    // The HTTP server keeps the process alive while it listens; this timer alone must not.
    this.#timer.unref()
  }

  /** Stops for good (server shutdown). */
  stop(): void {
    this.#stopped = true
    clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #expire(): void {
    this.#timer = undefined
    for (const invite of this.#registry.takeExpired()) this.#onExpired(invite)
    this.schedule()
  }
}
