/**
 * Slows down and then stops a client that keeps missing: joining rooms where nobody waits, calling personal
 * codes nobody holds, claiming peer ids with wrong tokens. Room and personal codes are the only thing that
 * keeps a call private (docs/security.md has the arithmetic), so guessing them must be slow.
 *
 * Per key (a client's address, see client-address.ts), failures are counted in a window that starts with the
 * first one. The first `freeFailures` cost nothing, so people who mistype, and tests, are never slowed down.
 * After that every failure makes the next attempt wait, twice as long each time up to `maxDelayMs`; attempts
 * that would wait longer than that (many connections guessing at once) are refused instead. After
 * `blockAfterFailures` failures in one window the key is refused outright for `blockMs`.
 *
 * The server cannot tell a guess from a person opening a new room, so what counts as a failure is chosen in
 * connection.ts, generously; the limits are far above what one person does and far below what guessing needs.
 */
export interface AttemptThrottleOptions {
  /** Failures are forgotten this long after the first one of a window, in ms. */
  windowMs: number
  /** Failures in a window that cost nothing. */
  freeFailures: number
  /** Wait after the first failure past the free ones, in ms; doubles with each further failure. */
  baseDelayMs: number
  /** Longest wait; an attempt that would have to wait longer is refused. */
  maxDelayMs: number
  /** Failures in a window after which the key is blocked. */
  blockAfterFailures: number
  /** How long a block lasts, in ms. */
  blockMs: number
  /** Most keys remembered; the oldest are forgotten first, so memory stays bounded under a spray of addresses. */
  maxKeys: number
}

/** May the attempt go ahead, and after how long; or, refused, when to try again. */
export type AttemptGate = { ok: true; waitMs: number } | { ok: false; retryAfterMs: number }

interface Tally {
  failures: number
  windowStart: number
  /** The earliest time the next attempt may be handled. */
  nextAt: number
  blockedUntil: number
}

const GO: AttemptGate = { ok: true, waitMs: 0 }

export class AttemptThrottle {
  readonly #options: AttemptThrottleOptions
  readonly #records = new Map<string, Tally>()

  constructor(options: AttemptThrottleOptions) {
    this.#options = options
  }

  /** Before an attempt: whether it may go ahead, and how long it must wait first. */
  check(key: string, now: number): AttemptGate {
    const record = this.#current(key, now)
    if (record === undefined) return GO
    if (record.blockedUntil > now) return { ok: false, retryAfterMs: Math.ceil(record.blockedUntil - now) }
    const waitMs = Math.max(0, record.nextAt - now)
    if (waitMs > this.#options.maxDelayMs) return { ok: false, retryAfterMs: Math.ceil(waitMs) }
    return waitMs === 0 ? GO : { ok: true, waitMs: Math.ceil(waitMs) }
  }

  /** After an attempt that missed. Returns true when this failure blocked the key. */
  fail(key: string, now: number): boolean {
    const options = this.#options
    let record = this.#current(key, now)
    if (record === undefined) {
      if (this.#records.size >= options.maxKeys) this.#records.delete(this.#records.keys().next().value as string)
      record = { failures: 0, windowStart: now, nextAt: now, blockedUntil: 0 }
      this.#records.set(key, record)
    }
    record.failures += 1
    if (record.failures >= options.blockAfterFailures) {
      record.blockedUntil = now + options.blockMs
      return record.failures === options.blockAfterFailures
    }
    const beyondFree = record.failures - options.freeFailures
    if (beyondFree > 0) {
      // Capped exponent: 2^31 ms is already far beyond any sensible maximum.
      const delay = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(beyondFree - 1, 31))
      record.nextAt = Math.max(record.nextAt, now) + delay
    }
    return false
  }

  /** Forgets keys whose window and block are over (called now and then, so idle keys do not pile up). */
  sweep(now: number): void {
    for (const [key, record] of this.#records) if (this.#isOver(record, now)) this.#records.delete(key)
  }

  get size(): number {
    return this.#records.size
  }

  #current(key: string, now: number): Tally | undefined {
    const record = this.#records.get(key)
    if (record === undefined || !this.#isOver(record, now)) return record
    this.#records.delete(key)
    return undefined
  }

  #isOver(record: Tally, now: number): boolean {
    return record.blockedUntil <= now && now - record.windowStart >= this.#options.windowMs && record.nextAt <= now
  }
}
