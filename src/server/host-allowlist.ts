/**
 * Which `Host` headers the server answers to: the names and addresses it actually serves, so that DNS rebinding
 * cannot reach it.
 *
 * The attack: a page on `http://evil.example:47800` makes `evil.example` resolve to 127.0.0.1 (a DNS answer
 * with a short lifetime, then a second one). The browser still thinks it talks to evil.example, so the page's
 * requests and WebSocket carry `Origin: http://evil.example:47800` and `Host: evil.example:47800`; the Origin
 * check (origin-policy.ts) sees an origin equal to the Host and takes the page for the server's own web app. The
 * `Host` is the one thing the attacker cannot make right: it is always the name the page was loaded from. So the
 * server answers only to a `Host` on this list:
 *
 * - the listener's own address with its port (`127.0.0.1:47800`; a LAN listener `192.168.1.20:4780`);
 * - on a loopback listener also `localhost`, `127.0.0.1` and `[::1]` with the port (no DNS answer changes them);
 * - on a wildcard listener (`0.0.0.0`, `::`) the machine's interface addresses with the port, read again (at most
 *   once a second) when a request names an address that is not among them, since addresses come and go;
 * - the listen host itself with the port, when it was given as a name;
 * - `allowedHosts`: public names behind a proxy (`signal.example.org`, any port unless one is given), or
 *   addresses clients use that are not the listener's (a NAT or Docker port mapping). `*` turns the check off.
 *
 * An address (not a name) cannot be rebound, so listing addresses is always safe; listing a name means trusting
 * whoever controls its DNS.
 */
import { isIP, type AddressInfo } from 'node:net'
import { networkInterfaces } from 'node:os'

/** A host as compared: lower case, no trailing dot, IPv6 in brackets (as `URL` writes it); `port` is explicit. */
export interface HostAndPort {
  host: string
  port: number | undefined
}

export interface HostAllowlistOptions {
  /** The `host` the server was told to listen on, as given (`127.0.0.1`, `0.0.0.0`, `localhost`). */
  listenHost: string
  /** Validated `allowedHosts` (limit-options.ts). */
  allowedHosts: readonly string[]
  /** The machine's interface addresses, for a wildcard listener. Default: `os.networkInterfaces()`. */
  interfaceAddresses?: () => string[]
  /** Monotonic clock in ms. Default `performance.now`. */
  now?: () => number
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]']
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]'])
/** A Host header: a DNS name or IPv4 address, or an IPv6 address in brackets, then an optional port. */
const HOST_SYNTAX = /^(?:\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::\d{1,5})?$/i
const INTERFACE_REREAD_MS = 1_000

/** Parses a `Host` header value; undefined if it is not one. */
export function parseHost(text: string): HostAndPort | undefined {
  if (text.length > 300 || !HOST_SYNTAX.test(text)) return undefined
  let url: URL
  try {
    url = new URL(`http://${text}`)
  } catch {
    return undefined
  }
  const port = /:(\d{1,5})$/.exec(text.startsWith('[') ? text.slice(text.indexOf(']')) : text)?.[1]
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) return undefined
  return { host: url.hostname.replace(/\.$/, ''), port: port === undefined ? undefined : Number(port) }
}

/** Parses one `allowedHosts` entry: `*`, a `Host`, or a bare IPv6 address; undefined if it is none of them. */
export function parseAllowedHost(entry: string): HostAndPort | '*' | undefined {
  if (entry === '*') return '*'
  return parseHost(isIP(entry) === 6 ? `[${entry}]` : entry)
}

/** An address as `parseHost` writes it: IPv6 in brackets and compressed, IPv4 as it is. */
function canonicalAddress(address: string): string | undefined {
  const plain = address.split('%', 1)[0] ?? address
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain)?.[1]
  if (mapped !== undefined) return mapped
  if (isIP(plain) === 0) return undefined
  return parseHost(isIP(plain) === 6 ? `[${plain}]` : plain)?.host
}

function readInterfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((entry) => entry.address))
}

export class HostAllowlist {
  readonly #options: HostAllowlistOptions
  readonly #anyHost: boolean
  readonly #allowed: HostAndPort[]
  /** The listener's own hosts (compared with its port); empty until `listening`. */
  readonly #own = new Set<string>()
  #port: number | undefined
  #wildcard = false
  #interfaces = new Set<string>()
  #interfacesReadAt = Number.NEGATIVE_INFINITY

  constructor(options: HostAllowlistOptions) {
    this.#options = options
    const parsed = options.allowedHosts.map(parseAllowedHost)
    this.#anyHost = parsed.includes('*')
    this.#allowed = parsed.filter((entry): entry is HostAndPort => entry !== undefined && entry !== '*')
  }

  /** The address and port actually bound. Until this is called nothing is allowed (nothing can connect yet). */
  listening(address: AddressInfo): void {
    this.#port = address.port
    const bound = canonicalAddress(address.address)
    this.#wildcard = WILDCARDS.has(address.address) || WILDCARDS.has(this.#options.listenHost)
    if (bound !== undefined) this.#own.add(bound)
    const given = parseHost(this.#options.listenHost)
    if (given !== undefined && isIP(this.#options.listenHost) === 0) this.#own.add(given.host)
    if (this.#wildcard || (bound !== undefined && isLoopback(bound))) for (const name of LOOPBACK_NAMES) this.#own.add(name)
  }

  /** Whether a request with this `Host` header is for this server. */
  allows(header: string | undefined): boolean {
    if (this.#anyHost) return true
    if (header === undefined) return false
    const target = parseHost(header)
    if (target === undefined) return false
    if (this.#allowed.some((entry) => entry.host === target.host && (entry.port === undefined || entry.port === (target.port ?? 80)))) return true
    if (this.#port === undefined || (target.port ?? 80) !== this.#port) return false
    if (this.#own.has(target.host)) return true
    if (!this.#wildcard || canonicalAddress(target.host.replace(/^\[|\]$/g, '')) === undefined) return false
    return this.#interfaceAddresses(false).has(target.host) || this.#interfaceAddresses(true).has(target.host)
  }

  #interfaceAddresses(reread: boolean): ReadonlySet<string> {
    const now = (this.#options.now ?? performance.now.bind(performance))()
    if ((reread && now - this.#interfacesReadAt >= INTERFACE_REREAD_MS) || this.#interfacesReadAt === Number.NEGATIVE_INFINITY) {
      this.#interfacesReadAt = now
      const addresses = (this.#options.interfaceAddresses ?? readInterfaceAddresses)()
      this.#interfaces = new Set(addresses.flatMap((address) => canonicalAddress(address) ?? []))
    }
    return this.#interfaces
  }
}

function isLoopback(host: string): boolean {
  return host === '[::1]' || /^127\./.test(host)
}
