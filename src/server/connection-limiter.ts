/**
 * Connections per client key (client-address.ts): how many may be open at once, and how fast new ones may be
 * opened (a token bucket). Checked on the upgrade request, before any WebSocket state exists, so a flood of
 * connections from one place costs the server an HTTP answer each and nothing more.
 */
import { SignalingRefusal } from '../shared/signaling-errors'
import { TokenBucket } from './token-bucket'

export interface ConnectionLimiterOptions {
  /** Connections one key may have open at once. */
  maxOpen: number
  /** Connections one key may open at once after being quiet. */
  burst: number
  /** New connections per second one key may open on average. */
  perSecond: number
  /** Most keys remembered; idle ones beyond this are forgotten, oldest first. */
  maxKeys: number
}

export type Admission =
  | { ok: true }
  | { ok: false; code: typeof SignalingRefusal.TooManyConnections | typeof SignalingRefusal.ConnectingTooFast; retryAfterMs: number }

interface Entry {
  open: number
  bucket: TokenBucket
}

const ADMITTED: Admission = { ok: true }
/** What a client is told to wait when it has too many connections open: until one of them closes. */
const RETRY_WHEN_FULL_MS = 10_000

export class ConnectionLimiter {
  readonly #options: ConnectionLimiterOptions
  readonly #entries = new Map<string, Entry>()

  constructor(options: ConnectionLimiterOptions) {
    this.#options = options
  }

  /** Counts a new connection from `key` if allowed; every admitted connection must be `release`d once. */
  admit(key: string, now: number): Admission {
    const { maxOpen, burst, perSecond } = this.#options
    let entry = this.#entries.get(key)
    if (entry === undefined) {
      this.#makeRoom()
      entry = { open: 0, bucket: new TokenBucket(burst, perSecond, now) }
      this.#entries.set(key, entry)
    }
    if (entry.open >= maxOpen) return { ok: false, code: SignalingRefusal.TooManyConnections, retryAfterMs: RETRY_WHEN_FULL_MS }
    if (!entry.bucket.take(now)) return { ok: false, code: SignalingRefusal.ConnectingTooFast, retryAfterMs: entry.bucket.msUntilToken(now) }
    entry.open += 1
    return ADMITTED
  }

  release(key: string): void {
    const entry = this.#entries.get(key)
    if (entry !== undefined && entry.open > 0) entry.open -= 1
  }

  /** Open connections of `key`. */
  openCount(key: string): number {
    return this.#entries.get(key)?.open ?? 0
  }

  /** Forgets keys with nothing open and a full bucket: they would be created the same way again. */
  sweep(now: number): void {
    for (const [key, entry] of this.#entries) if (entry.open === 0 && entry.bucket.isFull(now)) this.#entries.delete(key)
  }

  get size(): number {
    return this.#entries.size
  }

  #makeRoom(): void {
    if (this.#entries.size < this.#options.maxKeys) return
    // Oldest first; keys with open connections are kept (their number is bounded by the sockets the OS allows).
    for (const [key, entry] of this.#entries) {
      if (entry.open === 0) {
        this.#entries.delete(key)
        return
      }
    }
  }
}
