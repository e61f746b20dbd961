/**
 * Serves the built renderer (web mode). Only files inside the configured directory, only known types, never
 * hidden files or directory listings: whatever else sits next to the build must stay unreachable.
 */
import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, resolve, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Logger } from './log'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
}

/** Vite puts content-hashed files under /assets/, so their content never changes under the same name. */
const HASHED_ASSETS = 'assets/'
const IMMUTABLE = 'public, max-age=31536000, immutable'

export type StaticPath = { ok: true; relative: string } | { ok: false; status: 400 | 404 }

/**
 * Maps a request target to a path relative to the static root, or refuses it. Pure, so every traversal trick
 * is tested without a file system. Decoding happens once, and every check runs on the decoded form.
 */
export function resolveStaticPath(target: string): StaticPath {
  const rawPath = target.split(/[?#]/, 1)[0] ?? ''
  if (!rawPath.startsWith('/')) return { ok: false, status: 400 }
  // An encoded slash or backslash would change where segments split after decoding.
  if (/%(2f|5c)/i.test(rawPath)) return { ok: false, status: 400 }
  let decoded: string
  try {
    decoded = decodeURIComponent(rawPath)
  } catch {
    return { ok: false, status: 400 }
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400 }
  const segments = decoded.slice(1).split('/')
  if (segments.some((segment) => segment === '..' || segment === '.')) return { ok: false, status: 400 }
  if (decoded === '/') return { ok: true, relative: 'index.html' }
  // No directory listings, no empty segments, no dotfiles (.env, .git, ...).
  if (segments.some((segment) => segment === '' || segment.startsWith('.'))) return { ok: false, status: 404 }
  return { ok: true, relative: segments.join('/') }
}

/** Answers a GET or HEAD for a file under `root`; 4xx for anything else. Never throws. */
export async function serveStaticFile(request: IncomingMessage, response: ServerResponse, root: string, logger: Logger): Promise<void> {
  const target = resolveStaticPath(request.url ?? '')
  if (!target.ok) return sendText(response, target.status, target.status === 400 ? 'Bad Request' : 'Not Found')
  const contentType = CONTENT_TYPES[extname(target.relative).toLowerCase()]
  if (contentType === undefined) return sendText(response, 404, 'Not Found')

  let file: string
  let size: number
  try {
    // Resolve symlinks on both sides, so that a link inside the build cannot point outside it.
    const realRoot = await realpath(root)
    file = await realpath(resolve(realRoot, target.relative))
    if (!file.startsWith(realRoot + sep)) return sendText(response, 404, 'Not Found')
    const info = await stat(file)
    if (!info.isFile()) return sendText(response, 404, 'Not Found')
    size = info.size
  } catch {
    return sendText(response, 404, 'Not Found')
  }

  response.writeHead(200, {
    'Content-Type': contentType,
    'Content-Length': size,
    // index.html names the current hashed bundles, so it must be revalidated; the bundles themselves never change.
    'Cache-Control': target.relative.startsWith(HASHED_ASSETS) ? IMMUTABLE : 'no-cache',
  })
  if (request.method === 'HEAD') {
    response.end()
    return
  }
  try {
    await pipeline(createReadStream(file), response)
  } catch (error) {
    // The client went away mid-download, or the file vanished; the status line is already sent.
    logger.debug('static file stream failed', { path: target.relative, error })
    response.destroy()
  }
}

export function sendText(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers })
  response.end(response.req.method === 'HEAD' ? undefined : body)
}
