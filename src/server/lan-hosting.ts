/**
 * What this server answers when another app on the local network asks whether it has a code (`locate`,
 * src/shared/lan-tag.ts): the rooms its own app's people are in and the personal codes registered on it, each
 * turned into its question and answer tags for this server's salt. The tags are derived once per code (PBKDF2
 * is slow on purpose) and forgotten when the code is no longer here.
 */
import { lanTags, type LanTags } from '../shared/lan-tag'
import type { RoomCode } from '../shared/room-code'

export interface LanHostingOptions {
  /** This app's salt, as it announces it. */
  salt: string
  /** Rooms with one of this app's own people (not a visitor) in them. */
  rooms: () => Iterable<RoomCode>
  /** Personal codes registered here (only this app's own connections can register). */
  registeredCodes: () => Iterable<RoomCode>
}

export class LanHosting {
  readonly #options: LanHostingOptions
  readonly #tags = new Map<RoomCode, Promise<LanTags>>()

  constructor(options: LanHostingOptions) {
    this.#options = options
  }

  get salt(): string {
    return this.#options.salt
  }

  /** The answer tag for the code behind `ask`, or null when this server does not have it. */
  async answerFor(ask: string): Promise<string | null> {
    const hosted = new Set([...this.#options.rooms(), ...this.#options.registeredCodes()])
    for (const code of this.#tags.keys()) if (!hosted.has(code)) this.#tags.delete(code)
    for (const code of hosted) {
      let tags = this.#tags.get(code)
      if (!tags) this.#tags.set(code, (tags = lanTags(code, this.#options.salt)))
      const { ask: question, answer } = await tags
      if (question === ask) return answer
    }
    return null
  }

  /** Whether one of this app's own people is in `room`: a visitor may only join such a room, never open one. */
  hostsRoom(room: RoomCode): boolean {
    for (const hosted of this.#options.rooms()) if (hosted === room) return true
    return false
  }
}
