/**
 * Maps an `app://tonghwa/…` request to a file inside the built renderer, or refuses it with a reason.
 *
 * The raw URL is checked segment by segment *before* anything is decoded or joined: Chromium already
 * collapses plain `..` in standard-scheme URLs, but percent-encoded dots and slashes (`%2e%2e`, `%2f`,
 * `%5c`) arrive intact and would become traversal once decoded. The final containment check on the joined
 * path is belt and braces, not the defence. No Electron import: tested in Node.
 */
import type { CustomScheme } from 'electron'
import { extname, isAbsolute, relative, resolve } from 'node:path'
import { APP_HOST, APP_SCHEME } from './app-origin'
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy'

/**
 * What `app://` may do, registered before `ready`. `standard` gives it real origins and relative URLs;
 * `secure` makes its pages a secure context, which `getUserMedia` requires. Deliberately absent:
 * `bypassCSP` (the page's CSP must apply in full), `corsEnabled`, `allowServiceWorkers`, `stream`.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
} as const satisfies NonNullable<CustomScheme['privileges']>

export type AppRequestResolution =
  | { ok: true; filePath: string; headers: Record<string, string> }
  | { ok: false; status: 400 | 403 | 405; reason: string }

const INDEX_FILE = 'index.html'

/** Module scripts are refused by Chromium unless served with a JavaScript MIME type, so this is not cosmetic. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.txt': 'text/plain; charset=utf-8',
}

/** `rendererDir` must be absolute (it is `out/renderer`, found from the main bundle's own location). */
export function resolveAppRequest(rawUrl: string, rendererDir: string, method = 'GET'): AppRequestResolution {
  if (method !== 'GET' && method !== 'HEAD') return refuse(405, `method ${method} is not allowed`)

  const prefix = `${APP_SCHEME}://`
  if (!rawUrl.startsWith(prefix)) return refuse(403, `not an ${prefix} URL`)
  const rest = rawUrl.slice(prefix.length)
  const authorityEnd = firstIndexOf(rest, ['/', '?', '#'])
  const authority = rest.slice(0, authorityEnd)
  if (authority !== APP_HOST) return refuse(403, `wrong host ${JSON.stringify(authority.slice(0, 80))}`)

  const afterAuthority = rest.slice(authorityEnd)
  const rawPath = afterAuthority.slice(0, firstIndexOf(afterAuthority, ['?', '#']))
  const segments = rawPath === '' || rawPath === '/' ? [INDEX_FILE] : rawPath.slice(1).split('/')

  const decoded: string[] = []
  for (const segment of segments) {
    const problem = rawSegmentProblem(segment)
    if (problem) return refuse(403, problem)
    let name: string
    try {
      name = decodeURIComponent(segment)
    } catch {
      return refuse(400, 'malformed percent-encoding')
    }
    const decodedProblem = decodedSegmentProblem(name)
    if (decodedProblem) return refuse(403, decodedProblem)
    decoded.push(name)
  }

  const root = resolve(rendererDir)
  const filePath = resolve(root, ...decoded)
  const inside = relative(root, filePath)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return refuse(403, 'resolves outside the renderer directory')
  return { ok: true, filePath, headers: responseHeaders(filePath) }
}

/** Headers for a served file: a real content type, no sniffing, and the CSP on every HTML document. */
export function responseHeaders(filePath: string): Record<string, string> {
  const extension = extname(filePath).toLowerCase()
  const headers: Record<string, string> = {
    'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
    'X-Content-Type-Options': 'nosniff',
  }
  if (extension === '.html') headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY
  return headers
}

function rawSegmentProblem(segment: string): string | null {
  if (segment === '') return 'empty path segment (a doubled or trailing slash, or an absolute path)'
  if (segment === '.' || segment === '..') return 'dot segment in path'
  if (segment.includes('\\')) return 'backslash in path'
  return null
}

function decodedSegmentProblem(name: string): string | null {
  if (name === '.' || name === '..') return 'percent-encoded dot segment in path'
  if (name.includes('/') || name.includes('\\')) return 'percent-encoded path separator'
  if (name.includes('\0')) return 'NUL byte in path'
  if (/[\u0001-\u001f\u007f]/.test(name)) return 'control character in path'
  // A drive letter (`C:`) or an NTFS stream (`index.html::$DATA`) on Windows; no asset of ours has a colon.
  if (name.includes(':')) return 'colon in path'
  return null
}

function firstIndexOf(text: string, needles: readonly string[]): number {
  let first = text.length
  for (const needle of needles) {
    const index = text.indexOf(needle)
    if (index !== -1 && index < first) first = index
  }
  return first
}

function refuse(status: 400 | 403 | 405, reason: string): AppRequestResolution {
  return { ok: false, status, reason }
}
