/**
 * Which resume token each peer id was given, so that after a reconnect a client can claim its old id back
 * (`join.resume`) and a call whose media kept flowing goes on. Pure bookkeeping, in this process only.
 *
 * Only a token this table holds grants a claim. The table is bounded, and anyone can push the oldest tokens out
 * by joining rooms, so an id whose token is not here (forgotten, never issued, issued before a restart or by
 * another process of a cluster) is never granted: the claimant gets a fresh id, as with a wrong token
 * (docs/security.md, "Resume claims").
 */
import type { PeerId, ResumeToken } from '../shared/protocol'
import type { RoomCode } from '../shared/room-code'

export interface ResumeTokensOptions {
  /** Most bindings kept; the oldest are forgotten first (option `maxResumeTokens`). Default 10 000. */
  maxBindings?: number
}

export class ResumeTokens {
  readonly #max: number
  readonly #bindings = new Map<PeerId, { room: RoomCode; token: ResumeToken }>()

  constructor(options: ResumeTokensOptions = {}) {
    this.#max = options.maxBindings ?? 10_000
  }

  /** A fresh token: 16 bytes from the platform CSPRNG as 22 base64url characters. */
  static generate(): ResumeToken {
    const bytes = new Uint8Array(16)
    globalThis.crypto.getRandomValues(bytes)
    return Buffer.from(bytes).toString('base64url') as ResumeToken
  }

  /** Whether a claim on `peerId` in `room` with `token` may be granted: only with the token this table gave it. */
  allows(room: RoomCode, peerId: PeerId, token: ResumeToken): boolean {
    const bound = this.#bindings.get(peerId)
    return bound !== undefined && bound.room === room && bound.token === token
  }

  /** Kept after the member leaves, so that nobody else can claim the id with another token. */
  bind(room: RoomCode, peerId: PeerId, token: ResumeToken): void {
    this.#bindings.delete(peerId)
    this.#bindings.set(peerId, { room, token })
    // Map keeps insertion order, so the first key is the oldest binding.
    while (this.#bindings.size > this.#max) this.#bindings.delete(this.#bindings.keys().next().value as PeerId)
  }

  get size(): number {
    return this.#bindings.size
  }
}
