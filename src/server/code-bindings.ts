/**
 * Which secret a personal code belongs to, first come first served.
 *
 * A personal code is 45 bits of SHA-256(secret): enough that nobody guesses a code, but not enough to stop a
 * determined attacker who knows someone's code from searching offline for *another* secret that hashes to
 * it (about 2^45 hashes, hours on one GPU), and then registering it to take the code over. So the server
 * remembers, for each code it has seen, a fingerprint of the secret that first registered it (the full
 * 256-bit digest, which cannot be searched for), and refuses any other secret for that code while the
 * binding lives. A binding lives `ttlMs` after its owner was last seen.
 *
 * The table is bounded, and an attacker who could fill it would push the owner's binding out and free the code
 * for the colliding secret. So making a binding is a separate step (`bind`) that the caller takes only after
 * charging the new binding to its budget (new-code-budget.ts), and room is made only by dropping a binding whose
 * owner was not seen for `protectedMs`, the one seen longest ago first. A code that is in use (registered now)
 * counts as seen now. When every binding was seen recently, the table is full: `bind` refuses, and nothing is
 * evicted (docs/security.md, "Churning code bindings").
 *
 * Pure bookkeeping with an injected clock, like rooms.ts and presence.ts.
 */
import type { RoomCode } from '../shared/room-code'

export interface CodeBindingsOptions {
  /** How long a binding outlives its owner's last registration or disconnection, in ms. */
  ttlMs: number
  /** Most bindings kept. */
  maxBindings: number
  /** A binding seen within this many ms is never dropped to make room. */
  protectedMs: number
  now: () => number
  /** Whether `code` is registered now (its owner is online): such a binding is never dropped. Default: none is. */
  inUse?: (code: RoomCode) => boolean
}

/** `owned`: bound to this fingerprint (and seen now). `taken`: bound to another. `free`: bound to nothing alive. */
export type CodeStatus = 'owned' | 'taken' | 'free'

/** Room for one more binding, or, when every binding was seen recently, when the oldest stops being recent. */
export type Room = { ok: true } | { ok: false; retryAfterMs: number }

interface Binding {
  fingerprint: string
  lastSeen: number
}

/** A client told to wait for room is told to come back within the hour, not in days: room may come sooner. */
const MAX_RETRY_AFTER_MS = 3600_000

export class CodeBindings {
  readonly #options: CodeBindingsOptions
  /** In order of last sight (oldest first): a Map keeps insertion order, and `#set` re-inserts. */
  readonly #bindings = new Map<RoomCode, Binding>()

  constructor(options: CodeBindingsOptions) {
    this.#options = options
  }

  /** Whether `fingerprint` may use `code` as things stand; an owned binding is renewed (seen now). Binds nothing. */
  check(code: RoomCode, fingerprint: string): CodeStatus {
    const now = this.#options.now()
    const binding = this.#bindings.get(code)
    if (binding === undefined) return 'free'
    if (binding.fingerprint === fingerprint) {
      this.#set(code, { fingerprint, lastSeen: now })
      return 'owned'
    }
    return now - binding.lastSeen < this.#options.ttlMs ? 'taken' : 'free'
  }

  /** Whether a new binding would fit, dropping only a binding not seen for `protectedMs`. Drops nothing itself. */
  room(): Room {
    if (this.#bindings.size < this.#options.maxBindings) return { ok: true }
    const now = this.#options.now()
    const oldest = this.#oldestOutOfUse(now)
    if (oldest === undefined) return { ok: true }
    const age = now - oldest.lastSeen
    if (age >= this.#options.protectedMs || age >= this.#options.ttlMs) return { ok: true }
    return { ok: false, retryAfterMs: Math.max(1, Math.min(MAX_RETRY_AFTER_MS, Math.ceil(this.#options.protectedMs - age))) }
  }

  /** Binds a `free` code to `fingerprint` if `room()` allows; returns what `room()` said. */
  bind(code: RoomCode, fingerprint: string): Room {
    const room = this.room()
    if (!room.ok) return room
    this.#set(code, { fingerprint, lastSeen: this.#options.now() })
    while (this.#bindings.size > this.#options.maxBindings) this.#bindings.delete(this.#bindings.keys().next().value as RoomCode)
    return room
  }

  /** The owner of `code` was seen (e.g. it disconnected): its binding lives `ttlMs` from now. */
  touch(code: RoomCode): void {
    const binding = this.#bindings.get(code)
    if (binding) this.#set(code, { ...binding, lastSeen: this.#options.now() })
  }

  get size(): number {
    return this.#bindings.size
  }

  /**
   * The binding seen longest ago whose code is not registered now. Registered ones met on the way are moved to
   * the end as seen now: each moves once per `protectedMs`, so the walk costs O(1) amortized.
   */
  #oldestOutOfUse(now: number): Binding | undefined {
    const inUse = this.#options.inUse
    for (let walked = 0, size = this.#bindings.size; walked < size; walked++) {
      const [code, binding] = this.#bindings.entries().next().value as [RoomCode, Binding]
      if (inUse === undefined || !inUse(code)) return binding
      this.#set(code, { ...binding, lastSeen: now })
    }
    return this.#bindings.values().next().value
  }

  #set(code: RoomCode, binding: Binding): void {
    this.#bindings.delete(code)
    this.#bindings.set(code, binding)
  }
}
