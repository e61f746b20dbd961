/**
 * Which secret a personal code belongs to, first come first served.
 *
 * A personal code is 45 bits of SHA-256(secret): enough that nobody guesses a code, but not enough to stop a
 * determined attacker who knows someone's code from searching offline for *another* secret that hashes to
 * it (about 2^45 hashes, hours on one GPU), and then registering it to take the code over. So the server
 * remembers, for each code it has seen, a fingerprint of the secret that first registered it (the full
 * 256-bit digest, which cannot be searched for), and refuses any other secret for that code while the
 * binding lives. A binding lives `ttlMs` after its owner was last seen; the map is bounded, dropping the
 * bindings seen longest ago first.
 *
 * Pure bookkeeping with an injected clock, like rooms.ts and presence.ts.
 */
import type { RoomCode } from '../shared/room-code'

export interface CodeBindingsOptions {
  /** How long a binding outlives its owner's last registration or disconnection, in ms. */
  ttlMs: number
  /** Most bindings kept; past it, the one seen longest ago is dropped. */
  maxBindings: number
  now: () => number
}

interface Binding {
  fingerprint: string
  lastSeen: number
}

export class CodeBindings {
  readonly #options: CodeBindingsOptions
  /** In order of last sight (oldest first): a Map keeps insertion order, and `touch` re-inserts. */
  readonly #bindings = new Map<RoomCode, Binding>()

  constructor(options: CodeBindingsOptions) {
    this.#options = options
  }

  /** True when `fingerprint` may use `code` (it is unbound, expired, or already bound to it); binds it. */
  claim(code: RoomCode, fingerprint: string): boolean {
    const now = this.#options.now()
    const binding = this.#bindings.get(code)
    if (binding && binding.fingerprint !== fingerprint && now - binding.lastSeen < this.#options.ttlMs) return false
    this.#set(code, { fingerprint, lastSeen: now })
    return true
  }

  /** The owner of `code` was seen (e.g. it disconnected): its binding lives `ttlMs` from now. */
  touch(code: RoomCode): void {
    const binding = this.#bindings.get(code)
    if (binding) this.#set(code, { ...binding, lastSeen: this.#options.now() })
  }

  get size(): number {
    return this.#bindings.size
  }

  #set(code: RoomCode, binding: Binding): void {
    this.#bindings.delete(code)
    this.#bindings.set(code, binding)
    while (this.#bindings.size > this.#options.maxBindings) {
      const oldest = this.#bindings.keys().next().value as RoomCode
      this.#bindings.delete(oldest)
    }
  }
}
