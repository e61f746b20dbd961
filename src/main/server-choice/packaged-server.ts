/**
 * The server an organisation ships the app pointed at: `server.json` in the app's resources
 * (`process.resourcesPath` in a packaged app), written by `npm run dist` from `TONGHWA_PACKAGED_SERVER_URL`
 * (scripts/write-packaged-server.mjs) and packed by electron-builder (`extraResources`). The format:
 *
 *   { "version": 1, "server": "wss://signal.example.org/signal" }   one server for everything
 *   { "version": 1, "server": null }                                  none: automatic, as without the file
 *
 * A missing file means none (a development run, or a package built before this existed). A file that is there
 * but cannot be used is never silently taken for "none": it comes back as `invalid` with the reason, which the
 * settings screen shows and the log records. `wss://` only: a package is for other machines.
 * No Electron import: tested in Node.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseServerAddress } from '../../shared/server-address'

export const PACKAGED_SERVER_FILE = 'server.json'
export const PACKAGED_SERVER_VERSION = 1
/** Larger than any file the dist script writes; a bigger one is not ours. */
const MAX_FILE_BYTES = 4_096

export type PackagedServer =
  | { kind: 'none' }
  | { kind: 'server'; url: string; path: string }
  | { kind: 'invalid'; path: string; reason: string }

export interface PackagedServerFs {
  readFile(path: string): Promise<Buffer>
}

/** `resourcesDir`: `process.resourcesPath`; null when there are no packaged resources (development). */
export async function readPackagedServer(resourcesDir: string | null, fs: PackagedServerFs = { readFile: (path) => readFile(path) }): Promise<PackagedServer> {
  if (resourcesDir === null) return { kind: 'none' }
  const path = join(resourcesDir, PACKAGED_SERVER_FILE)
  let bytes: Buffer
  try {
    bytes = await fs.readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' }
    return { kind: 'invalid', path, reason: `it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` }
  }
  const parsed = parsePackagedServer(bytes)
  return parsed.ok ? (parsed.url === null ? { kind: 'none' } : { kind: 'server', url: parsed.url, path }) : { kind: 'invalid', path, reason: parsed.reason }
}

export type PackagedServerParse = { ok: true; url: string | null } | { ok: false; reason: string }

/** The file's bytes → its server (null: none), or why it cannot be used, in English. */
export function parsePackagedServer(bytes: Uint8Array): PackagedServerParse {
  if (bytes.byteLength > MAX_FILE_BYTES) return { ok: false, reason: `it is larger than ${MAX_FILE_BYTES} bytes` }
  let raw: unknown
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    return { ok: false, reason: 'it is not UTF-8 JSON' }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'it is not a JSON object' }
  const { version, server, ...rest } = raw as Record<string, unknown>
  if (version !== PACKAGED_SERVER_VERSION) return { ok: false, reason: `its version is ${JSON.stringify(version)}, not ${PACKAGED_SERVER_VERSION}` }
  const extra = Object.keys(rest)
  if (extra.length > 0) return { ok: false, reason: `it has fields this version does not know (${extra.slice(0, 3).join(', ')})` }
  if (server === null) return { ok: true, url: null }
  const address = parseServerAddress(server)
  if (!address.ok) return { ok: false, reason: `its server is not a usable address (${address.problem})` }
  if (!address.url.startsWith('wss:')) return { ok: false, reason: 'its server must be a wss:// address' }
  return { ok: true, url: address.url }
}
