/**
 * `tonghwa://` links: `tonghwa://call/<personal code>`, `tonghwa://join/<room code>`, and a join link that names
 * the server the room is on, `tonghwa://join/<room code>?server=<wss URL, percent-encoded>` (an invitation from
 * someone on another server: shared/invite.ts).
 *
 * Any web page, e-mail or chat message can hand the OS such a link, so it is untrusted input: the parser is
 * strict by construction instead of relying on a general URL parser (WHATWG `URL` silently drops tabs and
 * newlines inside a URL and trims control characters around it, so hostile text can come out looking valid).
 * It accepts printable ASCII only (no Unicode look-alikes such as a Cyrillic `а` in the scheme or a dotless
 * `ı` that upper-cases to `I` in a code), no credentials, port or fragment, no query but the one `server` of a
 * join link (decoded once, then an address `parseServerAddress` accepts: `wss://`), exactly one path segment
 * (one trailing slash is allowed: Windows adds it to some links), decodes percent-escapes once, and checks
 * the code with `parseRoomCode`. Reasons never echo the link itself.
 * No Electron import: tested in Node.
 */
import type { DeepLink, DeepLinkProblem } from '../shared/phone'
import { parseRoomCode } from '../shared/room-code'
import { parseServerAddress } from '../shared/server-address'

export const DEEP_LINK_SCHEME = 'tonghwa'
/** Longer than any valid link (`tonghwa://join/`, a code with escapes, and a server address encoded) with room to spare. */
export const MAX_DEEP_LINK_LENGTH = 2_048

/** `problem` is what the person is told; `reason`, the exact fault in English, is for the log. */
export type DeepLinkResult = { ok: true; link: DeepLink } | { ok: false; problem: DeepLinkProblem; reason: string }

const PRINTABLE_ASCII = /^[\x21-\x7e]*$/
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/

export function parseDeepLink(url: unknown): DeepLinkResult {
  if (typeof url !== 'string' || url.length === 0) return fail('not-a-link', 'the link is empty')
  if (url.length > MAX_DEEP_LINK_LENGTH) return fail('not-a-link', `the link is longer than ${MAX_DEEP_LINK_LENGTH} characters`)
  if (!PRINTABLE_ASCII.test(url)) return fail('not-a-link', 'the link contains spaces, control characters or non-ASCII characters')
  const scheme = SCHEME.exec(url)
  if (!scheme || scheme[1]!.toLowerCase() !== DEEP_LINK_SCHEME) return fail('not-a-link', `not a ${DEEP_LINK_SCHEME}: link`)
  const rest = url.slice(scheme[0].length)
  if (!rest.startsWith('//')) return fail('not-a-link', `expected ${DEEP_LINK_SCHEME}://call/<code> or ${DEEP_LINK_SCHEME}://join/<code>`)
  if (rest.includes('#')) return fail('not-a-link', 'the link has a fragment, which Tonghwa links never have')
  const [target = '', query, ...more] = rest.split('?')
  if (more.length > 0) return fail('not-a-link', 'the link has more than one ?')

  const afterSlashes = target.slice(2)
  const slash = afterSlashes.indexOf('/')
  const authority = slash === -1 ? afterSlashes : afterSlashes.slice(0, slash)
  if (authority.includes('@')) return fail('not-a-link', 'the link has a user name or password')
  if (authority.includes(':')) return fail('not-a-link', 'the link has a port')
  const kind = authority.toLowerCase()
  if (kind !== 'call' && kind !== 'join') return fail('unknown-kind', 'the link is neither a call nor a join link')

  const path = slash === -1 ? '' : afterSlashes.slice(slash + 1)
  const segment = path.endsWith('/') ? path.slice(0, -1) : path
  if (segment.length === 0) return fail('no-code', 'the link has no code')
  if (segment.includes('/')) return fail('not-a-link', 'the link has more than one path segment')
  let decoded: string
  try {
    decoded = decodeURIComponent(segment)
  } catch {
    return fail('not-a-link', 'the link has a malformed percent-escape')
  }
  // Decoded once, and then it must still be plain printable ASCII with nothing left to decode.
  if (!PRINTABLE_ASCII.test(decoded) || /[%/\\]/.test(decoded)) return fail('bad-code', 'the code in the link has characters a code never has')
  const code = parseRoomCode(decoded)
  if (!code.ok) return fail('bad-code', `the code in the link is not valid (${code.problem})`)
  if (kind === 'call') return query === undefined ? { ok: true, link: { kind: 'call', code: code.code } } : fail('not-a-link', 'a call link has a query, which call links never have')
  if (query === undefined) return { ok: true, link: { kind: 'join', room: code.code } }
  const server = parseServerQuery(query)
  return server.ok ? { ok: true, link: { kind: 'join', room: code.code, server: server.url } } : server
}

/** `server=<percent-encoded address>`, nothing else. */
function parseServerQuery(query: string): { ok: true; url: string } | { ok: false; problem: DeepLinkProblem; reason: string } {
  const match = /^server=([^&=]+)$/.exec(query)
  if (!match) return fail('not-a-link', 'the query of a join link is not one server=')
  let decoded: string
  try {
    decoded = decodeURIComponent(match[1]!)
  } catch {
    return fail('bad-server', 'the server in the link has a malformed percent-escape')
  }
  if (!PRINTABLE_ASCII.test(decoded)) return fail('bad-server', 'the server in the link has spaces, control characters or non-ASCII characters')
  const address = parseServerAddress(decoded)
  return address.ok ? { ok: true, url: address.url } : fail('bad-server', `the server in the link cannot be used (${address.problem})`)
}

/**
 * The `tonghwa:` link among command-line arguments (Windows and Linux hand the link over as an argument, both
 * at start and to the running instance through `second-instance`), or null. Switches never count, even when
 * they contain a link, so `--foo=tonghwa://…` is not mistaken for one.
 */
export function findDeepLinkArg(argv: readonly string[]): string | null {
  return argv.find((arg) => !arg.startsWith('-') && arg.slice(0, DEEP_LINK_SCHEME.length + 1).toLowerCase() === `${DEEP_LINK_SCHEME}:`) ?? null
}

function fail(problem: DeepLinkProblem, reason: string): { ok: false; problem: DeepLinkProblem; reason: string } {
  return { ok: false, problem, reason }
}
