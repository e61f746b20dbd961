/**
 * Puts the socket budget (socket-budget.ts) on the signaling port's HTTP server: every TCP connection is
 * counted as it opens, refused at once past its address's share, and the oldest idle one is closed when the
 * process nears its file-descriptor limit (open-files-limit.ts). A connection that asks to become a WebSocket
 * past the WebSocket budget is refused with 503 `SIG_ERR_SERVER_FULL`.
 *
 * A refused connection never reaches the HTTP parser: the server's own `'connection'` listener (which attaches
 * the parser; Node documents that emitting `'connection'` hands a socket to an HTTP server) is called only for
 * admitted ones.
 */
import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { SignalingRefusal } from '../shared/signaling-errors'
import { addressKey } from './client-address'
import type { RefusalLog } from './refusal-log'
import { SocketBudget } from './socket-budget'
import { refusalResponse, type UpgradeDecision } from './upgrade-gate'

export interface SocketGuardOptions {
  /** Sockets at most; `Infinity` when the file-descriptor limit is unknown. */
  maxSockets: number
  /** Connections of one address that are not WebSockets (`maxPendingSocketsPerAddress`). */
  maxPendingSocketsPerAddress: number
  /** Behind a proxy every connection comes from the proxy: no per-address share then. */
  trustProxy: boolean
  /** What `maxSockets` came from, for the log. */
  openFilesLimit: number | undefined
  refusals: RefusalLog
}

export interface SocketGuard {
  /** For an upgrade request, before anything else: the refusal to write, or undefined if it may go on. */
  upgrading(socket: Duplex): Extract<UpgradeDecision, { ok: false }> | undefined
  /** Connections open now, WebSockets included. */
  readonly sockets: number
}

/**
 * Sockets kept for plain HTTP when the budget is full of WebSockets: `/healthz` and a page load always find
 * room (each new connection then pushes out the oldest idle one, so a flood cannot hold them all).
 */
export const HTTP_SOCKET_HEADROOM = 16
/** The log line when the budget is full: what an operator should do about it. */
const NEAR_LIMIT = 'near the file-descriptor limit: raise ulimit -n (docs/deployment.md)'
/** How long a connection refused as it opened may take to read its answer and close, in ms. */
const REFUSED_LINGER_MS = 1_000

/**
 * Sockets the server may hold under an open-files limit, keeping `reserve` descriptors for everything else;
 * `Infinity` when the limit is unknown. Throws a `RangeError` when the limit leaves too few to be of use.
 */
export function maxSocketsFor(openFilesLimit: number | undefined, reserve: number): number {
  if (openFilesLimit === undefined) return Infinity
  const sockets = openFilesLimit - reserve
  if (sockets < 2 * HTTP_SOCKET_HEADROOM) {
    throw new RangeError(
      `the open-files limit (${openFilesLimit}, ulimit -n) minus fileDescriptorReserve (${reserve}) leaves ${Math.max(0, sockets)} sockets, fewer than ${2 * HTTP_SOCKET_HEADROOM}: raise ulimit -n (docs/deployment.md)`,
    )
  }
  return sockets
}

const SERVER_FULL: Extract<UpgradeDecision, { ok: false }> = { ok: false, status: 503, code: SignalingRefusal.ServerFull, retryAfterMs: 10_000 }

export function guardSockets(server: Server, options: SocketGuardOptions): SocketGuard {
  const budget = new SocketBudget<Socket>({
    maxSockets: options.maxSockets,
    maxWebSockets: options.maxSockets - HTTP_SOCKET_HEADROOM,
    maxPendingPerKey: options.trustProxy ? undefined : options.maxPendingSocketsPerAddress,
  })
  const fullFields = () => ({ openSockets: budget.sockets, webSockets: budget.webSockets, maxSockets: options.maxSockets, openFilesLimit: options.openFilesLimit ?? null })
  const httpListeners = server.listeners('connection') as ((socket: Socket) => void)[]
  server.removeAllListeners('connection')
  server.on('connection', (socket: Socket) => {
    const key = addressKey(socket.remoteAddress ?? 'unknown')
    const admission = budget.open(socket, key)
    if (!admission.ok) {
      if (admission.code === SignalingRefusal.ServerFull) options.refusals.refused(admission.code, { ...fullFields(), refused: 'a connection' }, NEAR_LIMIT)
      else options.refusals.refused(admission.code, { address: key, pending: budget.pendingOf(key) })
      refuseAtOnce(socket, admission.code === SignalingRefusal.TooManySockets ? { ok: false, status: 429, code: admission.code, retryAfterMs: 10_000 } : SERVER_FULL)
      return
    }
    socket.once('close', () => budget.close(socket))
    if (admission.evict !== undefined) {
      admission.evict.destroy()
      options.refusals.refused(SignalingRefusal.ServerFull, { ...fullFields(), closed: 'the oldest connection that is not a WebSocket' }, NEAR_LIMIT)
    }
    for (const listener of httpListeners) listener.call(server, socket)
  })
  return {
    upgrading(socket) {
      if (budget.upgrade(socket as Socket)) return undefined
      options.refusals.refused(SignalingRefusal.ServerFull, { ...fullFields(), refused: 'a WebSocket' }, NEAR_LIMIT)
      return SERVER_FULL
    },
    get sockets() {
      return budget.sockets
    },
  }
}

/**
 * Answers and closes a connection the HTTP parser never saw. What the client sends is read and dropped meanwhile:
 * closing a socket with unread data resets it, and the client would lose the answer.
 */
function refuseAtOnce(socket: Socket, decision: Extract<UpgradeDecision, { ok: false }>): void {
  socket.on('error', () => {})
  socket.resume()
  socket.setTimeout(REFUSED_LINGER_MS, () => socket.destroy())
  socket.once('end', () => socket.destroy())
  socket.end(refusalResponse(decision))
}
