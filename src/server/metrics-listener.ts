/**
 * Prometheus metrics on a listener of their own (`metricsHost:metricsPort`, loopback by default), never on the
 * signaling port: what the server counts (connections, rooms, refusals by code, the process's memory) is for
 * the operator, and a public port would hand it to anyone. It answers `/metrics` and `/healthz`, to `Host`s it
 * serves (host-allowlist.ts), a few connections at a time.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { HostAllowlist } from './host-allowlist'
import { createHttpHandler } from './http-handler'
import type { Logger } from './log'
import type { RefusalLog } from './refusal-log'

export interface MetricsListenerOptions {
  host: string
  port: number
  /** Extra `Host` names it answers to (`allowedHosts`), e.g. the name Prometheus scrapes it by. */
  allowedHosts: readonly string[]
  headersTimeoutMs: number
  render: () => Promise<{ contentType: string; body: string }>
  logger: Logger
  refusals: RefusalLog
}

export interface MetricsListener {
  /** e.g. `http://127.0.0.1:4790/metrics` */
  url: string
  close(): Promise<void>
}

/** Scrapers are few; more connections than this at once are dropped by Node as they open. */
const MAX_CONNECTIONS = 8

export async function startMetricsListener(options: MetricsListenerOptions): Promise<MetricsListener> {
  const hosts = new HostAllowlist({ listenHost: options.host, allowedHosts: options.allowedHosts })
  const server: Server = createServer(
    { headersTimeout: options.headersTimeoutMs, requestTimeout: options.headersTimeoutMs, connectionsCheckingInterval: 1_000 },
    createHttpHandler({ logger: options.logger, metrics: options.render, hosts, refusals: options.refusals }),
  )
  server.maxConnections = MAX_CONNECTIONS
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolvePromise()
    })
  })
  server.on('error', (error) => options.logger.error('metrics listener error', { error }))
  const address = server.address() as AddressInfo
  hosts.listening(address)
  const authority = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${address.port}`
  return {
    url: `http://${authority}/metrics`,
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise())
        server.closeAllConnections()
      }),
  }
}
