/**
 * What the signaling client does when the server refuses the WebSocket upgrade over HTTP (docs/protocol.md,
 * "Limits"): how long to wait before the next try, and what to tell the person. Only the app's own `ws` socket can
 * see the refusal (signaling-connection.ts hands it over with the socket's error event); a browser reports a
 * failed connection and nothing more, so web mode keeps its ordinary backoff.
 */
import type { ConnectionRefusal } from './ipc-contract'
import { SignalingRefusal } from './signaling-errors'

/**
 * How long to wait after a 403 before trying again, by default. The server will not change its mind on its own
 * (it is configured not to accept this app), so hammering it helps nobody; trying now and then still lets the
 * app come back by itself once the server is reconfigured.
 */
export const DEFAULT_REFUSED_RETRY_MS = 5 * 60_000

/** The refusal carried by a socket's error event (`{ refusal: ConnectionRefusal }`), or null for any other error. */
export function refusalOf(event: unknown): ConnectionRefusal | null {
  if (typeof event !== 'object' || event === null) return null
  const refusal = (event as { refusal?: unknown }).refusal
  if (typeof refusal !== 'object' || refusal === null) return null
  const { status, code, retryAfterMs } = refusal as Record<string, unknown>
  if (!Number.isInteger(status)) return null
  return {
    status: status as number,
    code: typeof code === 'string' && code !== '' ? code : null,
    retryAfterMs: typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0 ? retryAfterMs : null,
  }
}

/**
 * The wait before the next try: at least what the server asked for, and long after a 403 or a 421, which refuse
 * this app as such (its origin, or the name it uses for the server; not how often it connects), so retrying soon
 * cannot help.
 */
export function refusalRetryMs(refusal: ConnectionRefusal, backoffMs: number, refusedRetryMs: number): number {
  if (refusal.status === 403 || refusal.status === 421) return Math.max(backoffMs, refusedRetryMs)
  return Math.max(backoffMs, refusal.retryAfterMs ?? 0)
}

/** The refusal in plain English, for `ConnectionState.lastError` and the log. */
export function describeRefusal(refusal: ConnectionRefusal): string {
  switch (refusal.code) {
    case SignalingRefusal.OriginNotAllowed:
      return 'This server does not accept connections from this app (origin not allowed)'
    case SignalingRefusal.TooManyConnections:
      return 'The server refused the connection: too many connections from this network'
    case SignalingRefusal.ConnectingTooFast:
      return 'The server refused the connection: this network connects too often'
    case SignalingRefusal.HostNotAllowed:
      return 'The server does not answer to the name this app uses for it (host not allowed)'
    case SignalingRefusal.TooManySockets:
      return 'The server refused the connection: too many connections from this network'
    case SignalingRefusal.ServerFull:
      return 'The server is full and refused the connection; trying again later'
    default:
      return `The server refused the connection (HTTP ${refusal.status}${refusal.code ? ` ${refusal.code}` : ''})`
  }
}

/**
 * `Retry-After` in ms: delay-seconds, or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable.
 * `now` is the local clock in ms since the epoch, for the date form.
 */
export function parseRetryAfter(header: string | undefined, now: number): number | null {
  if (header === undefined) return null
  const value = header.trim()
  if (/^\d+$/.test(value)) return Number(value) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? null : Math.max(0, date - now)
}
