/**
 * Plain HTTP on the signaling port: a health check for load balancers and supervisors, and, when configured,
 * the built renderer. Everything else is 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from './log'
import { sendText, serveStaticFile } from './static-files'

export interface HttpHandlerOptions {
  staticDir?: string
  logger: Logger
}

/** Sent on every response, including errors: no MIME sniffing, and never leak a room URL as a referrer. */
const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' } as const

export function createHttpHandler(options: HttpHandlerOptions): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value)
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendText(response, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' })
    }
    if ((request.url ?? '').split('?', 1)[0] === '/healthz') {
      return sendText(response, 200, 'ok', { 'Cache-Control': 'no-store' })
    }
    if (options.staticDir === undefined) return sendText(response, 404, 'Not Found')
    void serveStaticFile(request, response, options.staticDir, options.logger)
  }
}
