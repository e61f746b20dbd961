/**
 * Decides, from the HTTP upgrade request alone, whether a WebSocket may be opened: the right path, a server
 * that is not shutting down, a `Host` this server serves (host-allowlist.ts), an allowed `Origin`
 * (origin-policy.ts), and an address within its connection limits (connection-limiter.ts). A refusal is a plain
 * HTTP answer with the stable code as its body and in the `X-Tonghwa-Error` header, so refusing costs next to
 * nothing; it is counted and logged by the refusal log (refusal-log.ts).
 *
 * The Host check comes before the Origin check, which relies on it: an `Origin` equal to the `Host` is the
 * server's own web app only if that `Host` is one of the server's own names.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { SignalingErrorCode, SignalingRefusal } from '../shared/signaling-errors'
import { clientKey } from './client-address'
import { ConnectionLimiter } from './connection-limiter'
import type { ServerLimits } from './limit-options'
import type { HostAllowlist } from './host-allowlist'
import { createOriginCheck } from './origin-policy'
import type { RefusalLog } from './refusal-log'

export interface UpgradeGateOptions {
  /** The only path upgrades are accepted on. */
  path: string
  limits: ServerLimits
  /** The `Host` headers this listener answers to. */
  hosts: Pick<HostAllowlist, 'allows'>
  refusals: RefusalLog
}

export type UpgradeDecision =
  | { ok: true; /** The client's limit key; pass it to `release` when the socket closes. */ key: string }
  | { ok: false; status: number; code?: string; retryAfterMs?: number }

const STATUS_TEXT: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request', 429: 'Too Many Requests', 503: 'Service Unavailable' }

export class UpgradeGate {
  readonly #options: UpgradeGateOptions
  readonly #originAllowed: (request: IncomingMessage) => boolean
  readonly #limiter: ConnectionLimiter

  constructor(options: UpgradeGateOptions) {
    const { limits } = options
    this.#options = options
    this.#originAllowed = createOriginCheck(limits)
    this.#limiter = new ConnectionLimiter({
      maxOpen: limits.maxConnectionsPerAddress,
      burst: limits.connectionBurstPerAddress,
      perSecond: limits.connectionsPerSecondPerAddress,
      maxKeys: limits.maxTrackedAddresses,
    })
  }

  /** `now` is a monotonic clock reading in ms. An admitted request counts against its address until `release`. */
  decide(request: IncomingMessage, closing: boolean, now: number): UpgradeDecision {
    if ((request.url ?? '').split('?', 1)[0] !== this.#options.path) return { ok: false, status: 404 }
    if (closing) return { ok: false, status: 503, code: SignalingErrorCode.ServerShuttingDown }
    const key = clientKey(request, this.#options.limits.trustProxy)
    const host = request.headers.host
    if (!this.#options.hosts.allows(host)) return this.#refused({ ok: false, status: 421, code: SignalingRefusal.HostNotAllowed }, key, { host: host?.slice(0, 200) ?? null })
    const origin = request.headers.origin
    // The origin is quoted so an operator can add it to the allowlist; it is a page's address, not a secret.
    if (!this.#originAllowed(request)) return this.#refused({ ok: false, status: 403, code: SignalingRefusal.OriginNotAllowed }, key, origin === undefined ? {} : { origin: origin.slice(0, 200) })
    const admission = this.#limiter.admit(key, now)
    if (!admission.ok) return this.#refused({ ok: false, status: 429, code: admission.code, retryAfterMs: admission.retryAfterMs }, key)
    return { ok: true, key }
  }

  release(key: string): void {
    this.#limiter.release(key)
  }

  sweep(now: number): void {
    this.#limiter.sweep(now)
  }

  #refused(decision: Extract<UpgradeDecision, { ok: false }>, key: string, fields: Record<string, unknown> = {}): UpgradeDecision {
    this.#options.refusals.refused(decision.code ?? String(decision.status), { address: key, ...fields })
    return decision
  }
}

/** Answers a refused upgrade and closes the socket. */
export function writeRefusal(socket: Duplex, decision: Extract<UpgradeDecision, { ok: false }>): void {
  socket.end(refusalResponse(decision), () => socket.destroy())
}

/** The whole HTTP answer to a refused connection: status, `X-Tonghwa-Error` and `Retry-After`, the code as body. */
export function refusalResponse(decision: Extract<UpgradeDecision, { ok: false }>): string {
  const body = decision.code ?? ''
  const headers = [
    `HTTP/1.1 ${decision.status} ${STATUS_TEXT[decision.status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(decision.code !== undefined ? [`X-Tonghwa-Error: ${decision.code}`] : []),
    ...(decision.retryAfterMs !== undefined ? [`Retry-After: ${Math.max(1, Math.ceil(decision.retryAfterMs / 1000))}`] : []),
  ]
  return `${headers.join('\r\n')}\r\n\r\n${body}`
}
