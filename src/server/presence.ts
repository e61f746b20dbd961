/**
 * Who is reachable on which personal code. Pure bookkeeping like rooms.ts: no sockets and no hashing (the
 * caller derives the code from the secret first), so the rules are tested on their own.
 *
 * A code reaches at most one connection and a connection holds at most one code. Registering a code that
 * another connection holds moves the code to the newcomer: the newer connection is the one the person is
 * using (the app restarted before the server noticed the old connection die, or the same installation runs
 * twice), and only the holder of the secret can register the code at all.
 */
import type { RoomCode } from '../shared/room-code'
import { SignalingErrorCode } from '../shared/signaling-errors'

export type RegisterResult<C> =
  | { ok: true; /** The connection that held the code until now; it is no longer reachable. */ replaced: C | undefined }
  | { ok: false; code: typeof SignalingErrorCode.AlreadyRegistered }

export class PresenceRegistry<C> {
  readonly #connectionOfCode = new Map<RoomCode, C>()
  readonly #codeOfConnection = new Map<C, RoomCode>()

  /**
   * Makes `connection` reachable on `code`. Registering the code a connection already holds changes nothing;
   * a connection that holds another code is refused (it must unregister first).
   */
  register(code: RoomCode, connection: C): RegisterResult<C> {
    const current = this.#codeOfConnection.get(connection)
    if (current !== undefined) {
      return current === code ? { ok: true, replaced: undefined } : { ok: false, code: SignalingErrorCode.AlreadyRegistered }
    }
    const previous = this.#connectionOfCode.get(code)
    if (previous !== undefined) this.#codeOfConnection.delete(previous)
    this.#connectionOfCode.set(code, connection)
    this.#codeOfConnection.set(connection, code)
    return { ok: true, replaced: previous }
  }

  /** Makes `connection` unreachable; returns the code it held, `undefined` when it held none. */
  unregister(connection: C): RoomCode | undefined {
    const code = this.#codeOfConnection.get(connection)
    if (code === undefined) return undefined
    this.#codeOfConnection.delete(connection)
    this.#connectionOfCode.delete(code)
    return code
  }

  connectionOf(code: RoomCode): C | undefined {
    return this.#connectionOfCode.get(code)
  }

  codeOf(connection: C): RoomCode | undefined {
    return this.#codeOfConnection.get(connection)
  }

  /** Every code that is reachable. */
  codes(): RoomCode[] {
    return [...this.#connectionOfCode.keys()]
  }

  /** How many connections are reachable. */
  get size(): number {
    return this.#connectionOfCode.size
  }
}
