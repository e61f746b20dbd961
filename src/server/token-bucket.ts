/**
 * A token bucket: up to `burst` actions at once, then `perSecond` on average. Used for every rate limit of the
 * server (messages per connection, connections per address).
 *
 * It is on the path of every relayed frame, so it allocates nothing and never reads a clock itself: the caller
 * reads a monotonic clock (`performance.now()`) once per frame and passes it in. Refilling happens lazily, on
 * each `take`, so an idle bucket costs no timer.
 */
export class TokenBucket {
  readonly #burst: number
  readonly #perMs: number
  #tokens: number
  #updatedAt: number

  /** `now` is the time of creation on the clock later passed to `take`, in ms. */
  constructor(burst: number, perSecond: number, now: number) {
    this.#burst = burst
    this.#perMs = perSecond / 1000
    this.#tokens = burst
    this.#updatedAt = now
  }

  /** Takes one token if there is one. `now` must not go backwards (a monotonic clock). */
  take(now: number): boolean {
    this.#refill(now)
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }

  /** True when the bucket has refilled completely: whoever drains it has been quiet long enough. */
  isFull(now: number): boolean {
    this.#refill(now)
    return this.#tokens >= this.#burst
  }

  /** Milliseconds until the next token, 0 when one is there. */
  msUntilToken(now: number): number {
    this.#refill(now)
    return this.#tokens >= 1 ? 0 : Math.ceil((1 - this.#tokens) / this.#perMs)
  }

  #refill(now: number): void {
    const elapsed = now - this.#updatedAt
    if (elapsed <= 0) return
    this.#updatedAt = now
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#perMs)
  }
}
