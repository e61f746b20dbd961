/**
 * How many frames one connection may send: a burst, then a sustained rate (a token bucket). A frame over the
 * limit is refused (`SIG_ERR_RATE_LIMITED`, and it is not handled); a connection that keeps going after
 * `maxViolations` refused frames is closed (1008). A client that calms down until its bucket is full again
 * starts with a clean slate, so one burst in a long call is not held against it forever.
 *
 * Checked for every frame before it is parsed, so it allocates nothing and takes the caller's clock reading.
 */
import { TokenBucket } from './token-bucket'

export interface MessageRateLimitOptions {
  /** Frames a connection may send at once. */
  burst: number
  /** Frames per second it may send on average. */
  perSecond: number
  /** Refused frames after which the connection is closed. */
  maxViolations: number
}

/** What to do with a frame: handle it, refuse it with an error, or refuse it and close the connection. */
export const RateVerdict = { Accept: 0, Refuse: 1, Close: 2 } as const
export type RateVerdict = (typeof RateVerdict)[keyof typeof RateVerdict]

export class MessageRateLimit {
  readonly #bucket: TokenBucket
  readonly #maxViolations: number
  #violations = 0

  constructor(options: MessageRateLimitOptions, now: number) {
    this.#bucket = new TokenBucket(options.burst, options.perSecond, now)
    this.#maxViolations = options.maxViolations
  }

  check(now: number): RateVerdict {
    if (this.#violations > 0 && this.#bucket.isFull(now)) this.#violations = 0
    if (this.#bucket.take(now)) return RateVerdict.Accept
    this.#violations += 1
    return this.#violations > this.#maxViolations ? RateVerdict.Close : RateVerdict.Refuse
  }

  /** Milliseconds until the next frame would be accepted. */
  retryAfterMs(now: number): number {
    return this.#bucket.msUntilToken(now)
  }
}
