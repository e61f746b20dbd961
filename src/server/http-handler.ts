/**
 * Plain HTTP: on the signaling port a health check for load balancers and supervisors, what the server is
 * (`/.well-known/tonghwa`, server-info.ts) and, when configured, the built renderer; on the metrics listener (metrics-listener.ts) the health check and Prometheus metrics.
 * Everything else is 404.
 *
 * Every route but `/healthz` answers only to a `Host` the listener serves (host-allowlist.ts), so a page that
 * rebinds its own name to this server cannot read the web app's files or the metrics through it; others get
 * 421 `SIG_ERR_HOST_NOT_ALLOWED`. `/healthz` answers whatever the `Host`: load balancers and container health
 * checks ask by an address the server may not know as its own (a Docker port mapping, a pod IP), and all it
 * tells a rebinding page is `ok`, which the page could learn from timing anyway.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { SignalingRefusal } from '../shared/signaling-errors'
import type { HostAllowlist } from './host-allowlist'
import type { Logger } from './log'
import type { RefusalLog } from './refusal-log'
import { SERVER_INFO_PATH, type ServerInfo } from './server-info'
import { sendText, serveStaticFile } from './static-files'

export interface HttpHandlerOptions {
  staticDir?: string
  logger: Logger
  /**
   * Whether this process can serve: always in one process alone; in a cluster, only while Redis answers.
   * Default: always.
   */
  healthy?: () => Promise<boolean>
  /** The metrics in Prometheus text format; without it `/metrics` is 404. */
  metrics?: () => Promise<{ contentType: string; body: string }>
  /** The `Host` headers this listener answers to. Default: any. */
  hosts?: Pick<HostAllowlist, 'allows'>
  /** Where refused requests are counted and logged. */
  refusals?: RefusalLog
  /** What `GET /.well-known/tonghwa` answers (server-info.ts); without it that path is 404. */
  info?: ServerInfo
}

/** Sent on every response, including errors: no MIME sniffing, and never leak a room URL as a referrer. */
const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' } as const
const NO_STORE = { 'Cache-Control': 'no-store' } as const

export function createHttpHandler(options: HttpHandlerOptions): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value)
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendText(response, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' })
    }
    const path = (request.url ?? '').split('?', 1)[0]
    if (path === '/healthz') {
      if (options.healthy === undefined) return sendText(response, 200, 'ok', NO_STORE)
      void options.healthy().then(
        (healthy) => sendText(response, healthy ? 200 : 503, healthy ? 'ok' : 'unavailable', NO_STORE),
        () => sendText(response, 503, 'unavailable', NO_STORE),
      )
      return
    }
    if (options.hosts !== undefined && !options.hosts.allows(request.headers.host)) {
      const code = SignalingRefusal.HostNotAllowed
      options.refusals?.refused(code, { host: request.headers.host?.slice(0, 200) ?? null }, 'refused a request')
      return sendText(response, 421, code, { ...NO_STORE, 'X-Tonghwa-Error': code, Connection: 'close' })
    }
    // Behind the Host check, like the WebSocket itself: a name the upgrade would refuse is refused here too, so the
    // app's Test says so instead of "works".
    if (path === SERVER_INFO_PATH && options.info !== undefined) {
      return sendText(response, 200, JSON.stringify(options.info), { ...NO_STORE, 'Content-Type': 'application/json; charset=utf-8' })
    }
    if (path === '/metrics' && options.metrics !== undefined) {
      void options.metrics().then(
        ({ contentType, body }) => sendText(response, 200, body, { ...NO_STORE, 'Content-Type': contentType }),
        (error: unknown) => {
          options.logger.error('could not collect metrics', { error })
          sendText(response, 500, 'Internal Server Error', NO_STORE)
        },
      )
      return
    }
    if (options.staticDir === undefined) return sendText(response, 404, 'Not Found')
    void serveStaticFile(request, response, options.staticDir, options.logger)
  }
}
