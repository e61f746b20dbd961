/**
 * Who a connection comes from, for the limits kept per client (connections, failed attempts).
 *
 * Behind a reverse proxy every connection comes from the proxy, so with `trustProxy` the address is taken from
 * `X-Forwarded-For` instead: its last entry, the one the proxy itself appended (earlier entries are whatever the
 * client sent and prove nothing). Without `trustProxy` the header is ignored, since anyone can send it.
 *
 * Limits are kept per *key*, not per address: an IPv6 host usually holds a whole /64 and can pick a new
 * address for every connection, so IPv6 addresses count per /64. IPv4-mapped IPv6 (`::ffff:1.2.3.4`) counts as
 * the IPv4 address.
 */
import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'

/** The client's address as a limit key. `unknown` when the socket no longer knows its peer. */
export function clientKey(request: IncomingMessage, trustProxy: boolean): string {
  return addressKey(clientAddress(request, trustProxy))
}

export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers['x-forwarded-for']
    const list = Array.isArray(forwarded) ? forwarded.join(',') : forwarded
    const last = list?.split(',').pop()?.trim()
    if (last !== undefined && isIP(last) !== 0) return last
  }
  return request.socket.remoteAddress ?? 'unknown'
}

export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped?.[1] !== undefined) return mapped[1]
  if (isIP(address) !== 6) return address
  return `${expandIpv6(address).slice(0, 4).join(':')}::/64`
}

/** The eight groups of an IPv6 address, without leading zeros (`2001:db8::1` → 2001,db8,0,0,0,0,0,1). */
function expandIpv6(address: string): string[] {
  const withoutZone = address.split('%', 1)[0] ?? address
  const [head = '', tail] = withoutZone.split('::', 2)
  const left = head === '' ? [] : head.split(':')
  const right = tail === undefined || tail === '' ? [] : tail.split(':')
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
  return groups.map((group) => (group.includes('.') ? group : (Number.parseInt(group, 16) || 0).toString(16)))
}
