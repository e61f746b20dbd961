/**
 * Decides, from the HTTP upgrade request alone, whether a WebSocket may be opened: the right path, a server
 * that is not shutting down, an allowed `Origin` (origin-policy.ts), and an address within its connection
 * limits (connection-limiter.ts). A refusal is a plain HTTP answer with the stable code as its body and in the
 * `X-Tonghwa-Error` header, so refusing costs next to nothing; it is counted in the metrics and logged, at
 * most once per code every few seconds so that a flood cannot flood the log too.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { SignalingErrorCode, SignalingRefusal } from '../shared/signaling-errors'
import { clientKey } from './client-address'
import { ConnectionLimiter } from './connection-limiter'
import type { ServerLimits } from './limit-options'
import type { Logger } from './log'
import type { ServerMetrics } from './metrics'
import { createOriginCheck } from './origin-policy'

export interface UpgradeGateOptions {
  /** The only path upgrades are accepted on. */
  path: string
  limits: ServerLimits
  logger: Logger
  metrics: ServerMetrics
}

export type UpgradeDecision =
  | { ok: true; /** The client's limit key; pass it to `release` when the socket closes. */ key: string }
  | { ok: false; status: number; code?: string; retryAfterMs?: number }

const STATUS_TEXT: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' }
const LOG_EVERY_MS = 10_000

export class UpgradeGate {
  readonly #options: UpgradeGateOptions
  readonly #originAllowed: (request: IncomingMessage) => boolean
  readonly #limiter: ConnectionLimiter
  /** Per refusal code: when it was last logged, and how many went unlogged since. */
  readonly #logged = new Map<string, { at: number; unlogged: number }>()

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
    if (!this.#originAllowed(request)) return this.#refused(now, { ok: false, status: 403, code: SignalingRefusal.OriginNotAllowed }, key, request.headers.origin)
    const admission = this.#limiter.admit(key, now)
    if (!admission.ok) return this.#refused(now, { ok: false, status: 429, code: admission.code, retryAfterMs: admission.retryAfterMs }, key)
    return { ok: true, key }
  }

  release(key: string): void {
    this.#limiter.release(key)
  }

  sweep(now: number): void {
    this.#limiter.sweep(now)
  }

  #refused(now: number, decision: Extract<UpgradeDecision, { ok: false }>, key: string, origin?: string): UpgradeDecision {
    const code = decision.code ?? String(decision.status)
    this.#options.metrics.error(code)
    const last = this.#logged.get(code)
    if (last !== undefined && now - last.at < LOG_EVERY_MS) {
      last.unlogged += 1
      return decision
    }
    this.#logged.set(code, { at: now, unlogged: 0 })
    // The origin is quoted so an operator can add it to the allowlist; it is a page's address, not a secret.
    this.#options.logger.warn('refused a connection', {
      code,
      address: key,
      ...(origin !== undefined ? { origin: origin.slice(0, 200) } : {}),
      ...(last !== undefined && last.unlogged > 0 ? { alsoRefusedSinceLastLine: last.unlogged } : {}),
    })
    return decision
  }
}

/** Answers a refused upgrade and closes the socket. */
export function writeRefusal(socket: Duplex, decision: Extract<UpgradeDecision, { ok: false }>): void {
  const body = decision.code ?? ''
  const headers = [
    `HTTP/1.1 ${decision.status} ${STATUS_TEXT[decision.status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(decision.code !== undefined ? [`X-Tonghwa-Error: ${decision.code}`] : []),
    ...(decision.retryAfterMs !== undefined ? [`Retry-After: ${Math.max(1, Math.ceil(decision.retryAfterMs / 1000))}`] : []),
  ]
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy())
}
