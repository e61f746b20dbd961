/**
 * Every TCP connection on the signaling port, counted from the moment it opens, before a byte is read: the
 * upgrade gate's limits (connection-limiter.ts) only see connections that send a whole upgrade request, so
 * without this one address could hold thousands of connections that never do (slowloris) until the process
 * runs out of file descriptors.
 *
 * - **Per key** (client-address.ts), connections that are not WebSockets are capped: one more is refused.
 * - **In all**, at most `maxSockets` are open. When a new one would pass that, the oldest connection that is not
 *   a WebSocket is given up for it, so a flood of idle connections cannot keep out a health check or a client
 *   that means to connect: each new one pushes the oldest idle one out. WebSockets (calls) are never given up;
 *   they are capped at `maxWebSockets`, below `maxSockets`, so there is always room for plain HTTP.
 *
 * Pure: sockets are opaque handles, and the caller closes what it is told to.
 */
import { SignalingRefusal } from '../shared/signaling-errors'

export interface SocketBudgetOptions {
  /** Sockets open at once, of every kind; `Infinity` for no limit. */
  maxSockets: number
  /** WebSockets open at once; less than `maxSockets` (or both `Infinity`). */
  maxWebSockets: number
  /** Sockets of one key that are not WebSockets; `undefined` for no limit (behind a proxy every key is the proxy). */
  maxPendingPerKey: number | undefined
}

export type SocketAdmission<T> =
  | { ok: true; /** A connection to close now to make room (the oldest that is not a WebSocket). */ evict: T | undefined }
  | { ok: false; code: typeof SignalingRefusal.TooManySockets | typeof SignalingRefusal.ServerFull }

export class SocketBudget<T> {
  readonly #options: SocketBudgetOptions
  /** Sockets that are not WebSockets, oldest first (a `Set` iterates in insertion order). */
  readonly #pending = new Set<T>()
  readonly #keys = new Map<T, string>()
  readonly #pendingPerKey = new Map<string, number>()
  #webSockets = 0

  constructor(options: SocketBudgetOptions) {
    if (!(options.maxWebSockets < options.maxSockets || options.maxSockets === Infinity)) {
      throw new RangeError('maxWebSockets must be below maxSockets, or no WebSocket would leave room for plain HTTP')
    }
    this.#options = options
  }

  /** A connection opened from `key`. An admitted one is counted until `close`. */
  open(socket: T, key: string): SocketAdmission<T> {
    const { maxPendingPerKey, maxSockets } = this.#options
    if (maxPendingPerKey !== undefined && (this.#pendingPerKey.get(key) ?? 0) >= maxPendingPerKey) return { ok: false, code: SignalingRefusal.TooManySockets }
    let evict: T | undefined
    if (this.#keys.size >= maxSockets) {
      evict = this.#pending.values().next().value
      if (evict === undefined) return { ok: false, code: SignalingRefusal.ServerFull }
      this.close(evict)
    }
    this.#keys.set(socket, key)
    this.#pending.add(socket)
    this.#pendingPerKey.set(key, (this.#pendingPerKey.get(key) ?? 0) + 1)
    return { ok: true, evict }
  }

  /** The connection asks to become a WebSocket: true if there is room for one more (it then counts as one). */
  upgrade(socket: T): boolean {
    const key = this.#keys.get(socket)
    if (key === undefined || !this.#pending.has(socket)) return true
    if (this.#webSockets >= this.#options.maxWebSockets) return false
    this.#forgetPending(socket, key)
    this.#webSockets += 1
    return true
  }

  /** The connection closed (or was given up); safe to call for one that is not counted. */
  close(socket: T): void {
    const key = this.#keys.get(socket)
    if (key === undefined) return
    this.#keys.delete(socket)
    if (this.#pending.has(socket)) this.#forgetPending(socket, key)
    else this.#webSockets -= 1
  }

  get sockets(): number {
    return this.#keys.size
  }

  get webSockets(): number {
    return this.#webSockets
  }

  /** Connections of `key` that are not WebSockets. */
  pendingOf(key: string): number {
    return this.#pendingPerKey.get(key) ?? 0
  }

  #forgetPending(socket: T, key: string): void {
    this.#pending.delete(socket)
    const left = (this.#pendingPerKey.get(key) ?? 1) - 1
    if (left === 0) this.#pendingPerKey.delete(key)
    else this.#pendingPerKey.set(key, left)
  }
}
