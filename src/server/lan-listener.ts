/**
 * The listener that makes this app's server reachable from the local network while the person allows it
 * ("Let people on this network reach me"; docs/lan.md). Beside the loopback listener, never instead of it:
 * - on every address of the computer (`0.0.0.0`), on a port the system picks (it is announced over DNS-SD);
 * - with the same guards as any listener (socket budget and per-address share, header deadline, `Host` allowlist
 *   of the computer's own addresses, the upgrade gate's per-address limits), and its own per-address counts;
 * - serving no pages and no metrics: `/healthz` and the WebSocket only;
 * - every connection through it is a *visitor* (connection.ts): it may join a room this app's people are in, ask
 *   `locate`, and ring this app's person saying who calls; it may not register, nor open a room.
 * Opened and closed at run time, without restarting the server.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { createHttpHandler } from './http-handler'
import { HostAllowlist } from './host-allowlist'
import type { ServerLimits } from './limit-options'
import type { Logger } from './log'
import type { RefusalLog } from './refusal-log'
import { guardSockets } from './socket-guard'
import { UpgradeGate, writeRefusal } from './upgrade-gate'

export interface LanListenerOptions {
  /** Default `0.0.0.0`: every IPv4 address of the computer. */
  host?: string
  /** Default 0: the system picks one. */
  port?: number
  path: string
  limits: ServerLimits
  headersTimeoutMs: number
  /** Sockets this listener may hold (a share of the server's file-descriptor budget). */
  maxSockets: number
  openFilesLimit: number | undefined
  refusals: RefusalLog
  logger: Logger
  /** True once the server is closing: upgrades are then refused. */
  closing: () => boolean
  /** Takes an admitted WebSocket upgrade; `release` gives the address's share back when the socket closes. */
  accept: (request: IncomingMessage, socket: Duplex, head: Buffer, key: string) => void
}

export interface LanListener {
  readonly port: number
  /** Stops listening; open visitor connections are the server's to close. */
  close(): Promise<void>
}

/** How often the deadlines of requests being read are checked, in ms (as the main listener does). */
const DEADLINE_CHECK_MS = 1_000

export async function startLanListener(options: LanListenerOptions): Promise<LanListener> {
  const host = options.host ?? '0.0.0.0'
  const hosts = new HostAllowlist({ listenHost: host, allowedHosts: [] })
  const gate = new UpgradeGate({ path: options.path, limits: options.limits, hosts, refusals: options.refusals })
  const http = createServer(
    { headersTimeout: options.headersTimeoutMs, requestTimeout: options.headersTimeoutMs, connectionsCheckingInterval: DEADLINE_CHECK_MS },
    createHttpHandler({ logger: options.logger, hosts, refusals: options.refusals }),
  )
  const sockets = guardSockets(http, {
    maxSockets: options.maxSockets,
    maxPendingSocketsPerAddress: options.limits.maxPendingSocketsPerAddress,
    trustProxy: false,
    openFilesLimit: options.openFilesLimit,
    refusals: options.refusals,
  })
  const sweeper = setInterval(() => gate.sweep(performance.now()), 60_000)
  sweeper.unref()
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {})
    const full = sockets.upgrading(socket)
    if (full !== undefined) return writeRefusal(socket, full)
    const decision = gate.decide(request, options.closing(), performance.now())
    if (!decision.ok) return writeRefusal(socket, decision)
    socket.once('close', () => gate.release(decision.key))
    options.accept(request, socket, head, decision.key)
  })
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port ?? 0, host, () => {
      http.off('error', reject)
      resolve()
    })
  })
  http.on('error', (error) => options.logger.error('local-network listener error', { error }))
  const address = http.address() as AddressInfo
  hosts.listening(address)
  options.logger.info('reachable on the local network', { port: address.port })
  return {
    port: address.port,
    async close() {
      clearInterval(sweeper)
      const closed = new Promise<void>((resolve) => http.close(() => resolve()))
      http.closeAllConnections()
      await closed
      options.logger.info('no longer reachable on the local network')
    },
  }
}
