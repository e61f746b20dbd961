/**
 * Plain HTTP on the signaling port: a health check for load balancers and supervisors, Prometheus metrics when
 * enabled, and, when configured, the built renderer. Everything else is 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from './log'
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
