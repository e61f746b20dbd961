/**
 * What a new personal-code binding costs: a token from the bucket of the client's address and one from the
 * bucket of the whole server (calling-limits.ts has the defaults, docs/security.md the arithmetic). Only a
 * binding that does not exist yet is charged, and only once the code is known to be free and to fit in the
 * table, so a refused `register` costs nothing and binds nothing.
 *
 * Pure, with the clock passed in (token-bucket.ts). Per-address buckets are kept for at most `maxAddresses`
 * addresses, the least recently used forgotten first, and full ones are dropped by `sweep`.
 */
import { SignalingErrorCode } from '../shared/signaling-errors'
import { TokenBucket } from './token-bucket'

export interface NewCodeBudgetOptions {
  burstPerAddress: number
  perHourPerAddress: number
  burst: number
  perHour: number
  maxAddresses: number
}

export type NewCodeVerdict =
  | { ok: true }
  | { ok: false; code: typeof SignalingErrorCode.TooManyNewCodes | typeof SignalingErrorCode.NewCodesThrottled; retryAfterMs: number }

const OK: NewCodeVerdict = { ok: true }

export class NewCodeBudget {
  readonly #options: NewCodeBudgetOptions
  readonly #global: TokenBucket
  readonly #byAddress = new Map<string, TokenBucket>()

  constructor(options: NewCodeBudgetOptions, now: number) {
    this.#options = options
    this.#global = new TokenBucket(options.burst, options.perHour / 3600, now)
  }

  /** Charges one new binding to `address` and to the server, or refuses without charging either. */
  take(address: string, now: number): NewCodeVerdict {
    const bucket = this.#bucket(address, now)
    // The address first: one that is over its own budget must not spend the server's.
    const addressWait = bucket.msUntilToken(now)
    if (addressWait > 0) return { ok: false, code: SignalingErrorCode.TooManyNewCodes, retryAfterMs: addressWait }
    const globalWait = this.#global.msUntilToken(now)
    if (globalWait > 0) return { ok: false, code: SignalingErrorCode.NewCodesThrottled, retryAfterMs: globalWait }
    bucket.take(now)
    this.#global.take(now)
    return OK
  }

  /** Forgets addresses whose bucket has refilled: they are as good as new. */
  sweep(now: number): void {
    for (const [address, bucket] of this.#byAddress) if (bucket.isFull(now)) this.#byAddress.delete(address)
  }

  get trackedAddresses(): number {
    return this.#byAddress.size
  }

  #bucket(address: string, now: number): TokenBucket {
    let bucket = this.#byAddress.get(address)
    if (bucket === undefined) {
      if (this.#byAddress.size >= this.#options.maxAddresses) this.#byAddress.delete(this.#byAddress.keys().next().value as string)
      bucket = new TokenBucket(this.#options.burstPerAddress, this.#options.perHourPerAddress / 3600, now)
    } else this.#byAddress.delete(address)
    this.#byAddress.set(address, bucket)
    return bucket
  }
}
