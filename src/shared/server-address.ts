/**
 * A signaling server's address as a person types it, a link carries it, or the settings file keeps it, and the
 * server setting itself (`settings.json`: `server`). Plain TS that runs anywhere: the IPC contract, the
 * `tonghwa://join/…?server=` parser and the settings screen all check an address with `parseServerAddress`.
 *
 * The rule is the one main applies to a server that carries the personal secret (main/server-trust/
 * transport-policy.ts): `wss://`, or `ws://` to this machine only. Here "this machine" is the three loopback
 * spellings `localhost`, `127.x.x.x` and `[::1]` (WHATWG `URL` has already turned `127.1` and the like into
 * dotted quads); main checks again with its fuller host scopes before it connects.
 */

/** The server setting: automatic (this network), or one server for everything. */
export type ServerSetting = { kind: 'automatic' } | { kind: 'server'; url: string }

/** Longest address accepted; a real one is a few dozen characters. */
export const MAX_SERVER_ADDRESS_LENGTH = 512

/**
 * What is wrong with a typed address: `empty`; `not-a-url` (no scheme, spaces…); `not-websocket` (`https://`,
 * `http://`…: the app needs the WebSocket address); `insecure` (`ws://` to another machine); `credentials` (a user
 * name or password in it); `fragment` (a `#…`); `too-long`.
 */
export type ServerAddressProblem = 'empty' | 'not-a-url' | 'not-websocket' | 'insecure' | 'credentials' | 'fragment' | 'too-long'

export type ServerAddressResult = { ok: true; url: string } | { ok: false; problem: ServerAddressProblem }

export function parseServerAddress(raw: unknown): ServerAddressResult {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, problem: 'empty' }
  if (raw.length > MAX_SERVER_ADDRESS_LENGTH) return { ok: false, problem: 'too-long' }
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return { ok: false, problem: 'not-a-url' }
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return { ok: false, problem: 'not-websocket' }
  if (url.hostname === '') return { ok: false, problem: 'not-a-url' }
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'credentials' }
  if (url.hash !== '' || raw.includes('#')) return { ok: false, problem: 'fragment' }
  if (url.protocol === 'ws:' && !isLoopbackHostname(url.hostname)) return { ok: false, problem: 'insecure' }
  return { ok: true, url: url.href }
}

/** `localhost`, `127.x.x.x` or `[::1]`, as WHATWG `URL` writes a hostname. */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.replace(/\.$/, '')
  return host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '[::1]'
}

export function isServerSetting(value: unknown): value is ServerSetting {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const setting = value as Record<string, unknown>
  if (setting.kind === 'automatic') return Object.keys(setting).length === 1
  return setting.kind === 'server' && Object.keys(setting).length === 2 && parseServerAddress(setting.url).ok
}

/** The same address written the same way, so `wss://Signal.example.org/signal` and its canonical form compare equal. */
export function sameServerAddress(a: string, b: string): boolean {
  const [left, right] = [parseServerAddress(a), parseServerAddress(b)]
  return left.ok && right.ok && left.url === right.url
}

/** What a person calls the server: its host, with the port when it is not the scheme's default (`signal.example.org`). */
export function serverHostLabel(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}
