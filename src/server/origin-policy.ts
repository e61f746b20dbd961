/**
 * Which web pages may open a signaling connection, checked on the upgrade request (`Origin` header).
 *
 * WebSockets are not covered by the same-origin policy: any page a person visits could open a socket to this
 * server from their browser (cross-site WebSocket hijacking) and, for example, ring their contacts or sit in
 * rooms under their address. Browsers always send `Origin` with a WebSocket upgrade and scripts cannot change
 * it, so refusing unknown origins stops that.
 *
 * Allowed by default:
 * - the server's own origin, i.e. the web app it serves: the `Origin`'s host and port equal the `Host` header
 *   (the scheme is not compared, so it still matches behind a TLS-terminating proxy that forwards `Host`);
 * - requests without `Origin`: native clients such as the desktop app's main process (which uses `ws`) send
 *   none. Origin checks protect people's browsers, not the server: a native client can send any header it
 *   likes, so refusing a missing Origin would stop no attacker. `allowMissingOrigin: false` refuses them anyway.
 *
 * `allowedOrigins` adds origins (`https://app.example.org`); `*` allows every origin.
 */
import type { IncomingMessage } from 'node:http'

export interface OriginPolicyOptions {
  /** Origins allowed besides the server's own, as `scheme://host[:port]`; `*` allows all. */
  allowedOrigins: readonly string[]
  /** Whether a request without an `Origin` header (a native client) may connect. */
  allowMissingOrigin: boolean
}

/** `scheme://host[:port]` as browsers serialize origins (lower case, default port left out); undefined if not a URL. */
export function normalizeOrigin(text: string): string | undefined {
  try {
    const url = new URL(text)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
    return url.origin
  } catch {
    return undefined
  }
}

export function createOriginCheck(options: OriginPolicyOptions): (request: IncomingMessage) => boolean {
  const anyOrigin = options.allowedOrigins.includes('*')
  const allowed = new Set(options.allowedOrigins.flatMap((origin) => normalizeOrigin(origin) ?? []))
  return (request) => {
    const origin = request.headers.origin
    if (origin === undefined) return options.allowMissingOrigin
    if (anyOrigin) return true
    const normalized = normalizeOrigin(origin)
    // `null` (sandboxed frames, file: pages) and other opaque origins are refused unless `*` is set.
    if (normalized === undefined) return false
    if (allowed.has(normalized)) return true
    const host = request.headers.host
    return host !== undefined && new URL(normalized).host === host.toLowerCase()
  }
}
