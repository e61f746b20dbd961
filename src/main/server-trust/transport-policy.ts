/**
 * Where the app may talk to a signaling server over plain `ws://`. The phone's connection carries the personal
 * secret in `register` (whoever reads it can be reachable on this person's code and call from it), and every
 * room's connection carries the offers and answers whose DTLS fingerprints keep the media private; in clear
 * text on a network, anyone on the path can read the first and swap the second. So `ws://` is for this machine
 * only (loopback: the embedded server); a server anywhere else needs `wss://`.
 *
 * The host is sorted into a scope first, and `PLAIN_TEXT_SCOPES` says which scopes may go without TLS, so that
 * the next step (a server on every local network) is one entry there and its own argument, not a new parser.
 * No Electron import: tested in Node.
 */
import { isIPv4, isIPv6 } from 'node:net'

export type HostScope = 'loopback' | 'local-network' | 'internet'

/** The scopes a `ws://` server may be in. */
export const PLAIN_TEXT_SCOPES: ReadonlySet<HostScope> = new Set<HostScope>(['loopback'])

export const TransportErrorCode = {
  /** A `ws://` URL for a server that is not on this machine. */
  InsecureServerUrl: 'TONGHWA_ERR_INSECURE_SERVER_URL',
} as const

/**
 * Why `url` must not carry the secret, in one English sentence; null when it may (`wss:`, or `ws:` in a scope
 * of `PLAIN_TEXT_SCOPES`). A URL that does not parse, or another scheme, is not this function's business
 * (server-url.ts refuses those) and is answered as unsafe.
 */
export function plainTextProblem(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'it is not a URL'
  }
  if (parsed.protocol === 'wss:') return null
  if (parsed.protocol !== 'ws:') return `${parsed.protocol} is not a WebSocket scheme`
  const scope = hostScopeOf(parsed.hostname)
  if (PLAIN_TEXT_SCOPES.has(scope)) return null
  return `ws:// is not encrypted, and ${parsed.hostname} is not this machine: anyone on the way could read the personal secret. Use wss://${parsed.host}${parsed.pathname}`
}

/** Which scope a URL's `hostname` (as WHATWG `URL` gives it: lowercase, IPv6 in brackets) is in. */
export function hostScopeOf(hostname: string): HostScope {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')
  // `localhost` is loopback by definition (RFC 6761); its subdomains are left to the resolver, so not trusted.
  if (host === 'localhost') return 'loopback'
  if (isIPv4(host)) return ipv4Scope(host.split('.').map(Number))
  if (isIPv6(host)) return ipv6Scope(host)
  // mDNS names are answered by whoever on the local network claims them.
  if (host.endsWith('.local')) return 'local-network'
  return 'internet'
}

function ipv4Scope([a = 0, b = 0]: number[]): HostScope {
  if (a === 127) return 'loopback'
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) return 'local-network'
  return 'internet'
}

function ipv6Scope(host: string): HostScope {
  const words = ipv6Words(host)
  if (words === null) return 'internet'
  const zeros = (count: number) => words.slice(0, count).every((word) => word === 0)
  if (zeros(7) && words[7] === 1) return 'loopback'
  // IPv4-mapped (`::ffff:127.0.0.1`, which `URL` writes as `::ffff:7f00:1`): the scope of the IPv4 address.
  if (zeros(5) && words[5] === 0xffff) return ipv4Scope([words[6]! >> 8, words[6]! & 0xff])
  const first = words[0]!
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80) return 'local-network'
  return 'internet'
}

/** The eight 16-bit words of an IPv6 address (`isIPv6` already said it is one); null for a form not handled. */
function ipv6Words(host: string): number[] | null {
  let text = host.split('%', 1)[0]!
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1]!.split('.').map(Number)
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const part = (value: string) => (value === '' ? [] : value.split(':').map((word) => parseInt(word, 16)))
  const start = part(head)
  const end = tail === undefined ? [] : part(tail)
  const missing = 8 - start.length - end.length
  if (missing < 0 || (tail === undefined && missing !== 0)) return null
  return [...start, ...new Array<number>(missing).fill(0), ...end]
}
