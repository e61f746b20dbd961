/**
 * How soon a caller may ring again (docs/security.md, "Ringing as a weapon"). Every ring is a notification that
 * demands the callee's attention, so rings are paced per key: the switchboard keeps one table keyed by caller
 * (its personal code: a ring to anyone counts) and one keyed by caller and callee together.
 *
 * - Two rings on one key are at least `intervalMs` apart: faster than a person could answer is not a call.
 * - A ring that ends without being accepted is a *miss*. Past the first `freeMisses` misses in a row, the key must
 *   wait `backoffMs` before its next ring, twice as long after every further miss, up to `maxBackoffMs`.
 * - An accepted call clears the key. So does quiet: `maxBackoffMs` without a ring once the wait is over.
 * - A call answered `busy` by the callee's app (nobody saw it ring) is neither a miss nor a ring: `unrang`.
 *
 * Pure, with the clock passed in. At most `maxKeys` keys are kept, those used longest ago forgotten first.
 */

export interface RingPacingOptions {
  intervalMs: number
  backoffMs: number
  maxBackoffMs: number
  freeMisses: number
  maxKeys: number
}

interface Pace {
  lastRingAt: number
  /** Misses in a row since the last accepted call. */
  misses: number
  /** The earliest time of the next ring, set by misses. */
  nextAt: number
}

export class RingPacing<K> {
  readonly #options: RingPacingOptions
  /** In order of last use, oldest first (`#touch` re-inserts). */
  readonly #paces = new Map<K, Pace>()

  constructor(options: RingPacingOptions) {
    this.#options = options
  }

  /** How long `key` must wait before it may ring, in ms; 0 when it may ring now. */
  waitMs(key: K, now: number): number {
    const pace = this.#current(key, now)
    if (pace === undefined) return 0
    return Math.ceil(Math.max(0, pace.lastRingAt + this.#options.intervalMs - now, pace.nextAt - now))
  }

  /** `key` rang now. */
  rang(key: K, now: number): void {
    const pace = this.#current(key, now) ?? { lastRingAt: now, misses: 0, nextAt: now }
    pace.lastRingAt = now
    this.#touch(key, pace)
  }

  /** A ring of `key` ended without being accepted. */
  missed(key: K, now: number): void {
    const pace = this.#current(key, now) ?? { lastRingAt: now, misses: 0, nextAt: now }
    pace.misses += 1
    const beyondFree = pace.misses - this.#options.freeMisses
    if (beyondFree > 0) {
      // Capped exponent: 2^31 ms is already beyond any timer.
      const wait = Math.min(this.#options.maxBackoffMs, this.#options.backoffMs * 2 ** Math.min(beyondFree - 1, 31))
      pace.nextAt = Math.max(pace.nextAt, now + wait)
    }
    this.#touch(key, pace)
  }

  /**
   * A ring of `key` reached nobody: the callee's app answered `busy` by itself (it is in a call, and rings
   * nothing). It is neither a miss nor a ring a person saw, so it does not hold the next one back.
   */
  unrang(key: K): void {
    const pace = this.#paces.get(key)
    if (pace !== undefined) pace.lastRingAt = Number.NEGATIVE_INFINITY
  }

  /** A ring of `key` was accepted: a person wanted it, so nothing holds against the key any more. */
  answered(key: K): void {
    this.#paces.delete(key)
  }

  /** Forgets keys that are quiet (called now and then, so memory follows recent callers only). */
  sweep(now: number): void {
    for (const [key, pace] of this.#paces) if (this.#isQuiet(pace, now)) this.#paces.delete(key)
  }

  get size(): number {
    return this.#paces.size
  }

  #current(key: K, now: number): Pace | undefined {
    const pace = this.#paces.get(key)
    if (pace === undefined || !this.#isQuiet(pace, now)) return pace
    this.#paces.delete(key)
    return undefined
  }

  #isQuiet(pace: Pace, now: number): boolean {
    const over = Math.max(pace.nextAt, pace.lastRingAt + this.#options.intervalMs)
    return now - over >= this.#options.maxBackoffMs
  }

  #touch(key: K, pace: Pace): void {
    this.#paces.delete(key)
    this.#paces.set(key, pace)
    if (this.#paces.size > this.#options.maxKeys) this.#paces.delete(this.#paces.keys().next().value as K)
  }
}
