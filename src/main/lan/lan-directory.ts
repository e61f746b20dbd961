/**
 * The other Tonghwa apps this one has heard on its networks, each for as long as its last announcement says.
 * Pure bookkeeping with the time passed in, like the server's rooms.ts.
 */
import type { LanInstance } from './lan-announcement'

interface Entry {
  instance: LanInstance
  expiresAt: number
}

export type DirectoryChange = 'added' | 'moved' | 'refreshed'

export class LanDirectory {
  readonly #entries = new Map<string, Entry>()
  readonly #maxEntries: number

  /** `maxEntries` bounds what a network full of announcements (or one flooding neighbour) can make us keep. */
  constructor(maxEntries = 256) {
    this.#maxEntries = maxEntries
  }

  /** Records an announcement heard at `now`, valid `ttlMs`. Returns what changed, or null when it was dropped. */
  heard(instance: LanInstance, now: number, ttlMs: number): DirectoryChange | null {
    const existing = this.#entries.get(instance.id)
    if (!existing && this.#entries.size >= this.#maxEntries) return null
    this.#entries.set(instance.id, { instance, expiresAt: now + ttlMs })
    if (!existing) return 'added'
    const before = existing.instance
    return before.address !== instance.address || before.port !== instance.port || before.salt !== instance.salt ? 'moved' : 'refreshed'
  }

  /** A goodbye, or a connection that proved the instance gone. */
  forget(id: string): boolean {
    return this.#entries.delete(id)
  }

  /** Drops what has not been heard of in time; returns the ids dropped. */
  expire(now: number): string[] {
    const gone: string[] = []
    for (const [id, entry] of this.#entries) {
      if (entry.expiresAt <= now) {
        this.#entries.delete(id)
        gone.push(id)
      }
    }
    return gone
  }

  get(id: string): LanInstance | undefined {
    return this.#entries.get(id)?.instance
  }

  /** Every instance heard and not expired, in a stable order (by id). */
  list(): LanInstance[] {
    return [...this.#entries.values()].map((entry) => entry.instance).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }

  get size(): number {
    return this.#entries.size
  }
}
