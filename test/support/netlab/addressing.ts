/**
 * The lab's address plan, and the guard that keeps it away from this machine's own network. Only /24 subnets:
 * every topology the tests need fits, and hosts are then simply `.1`, `.10`, `.11`, …
 */
import { NetlabError } from './commands'

/** "Public internet" ranges (RFC 5737 documentation space): servers, and the routers' outside addresses. */
export const SERVER_SUBNET = '203.0.113.0/24'
export const ROUTER_SUBNET = '198.51.100.0/24'

/** This machine's own network (eth0). The lab must never use, route or shadow it. */
const FORBIDDEN_PREFIX = '192.0.2.'

export interface Subnet {
  /** e.g. `10.77.0` */
  readonly base: string
  readonly prefixLength: 24
  /** The text the caller wrote, for messages. */
  readonly cidr: string
}

/** Parses `a.b.c.0/24`; `allow` says which ranges this part of the lab may use. */
export function parseSubnet(cidr: string, allow: 'private' | 'public'): Subnet {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.0\/24$/.exec(cidr)
  const octets = match?.slice(1, 4).map(Number)
  if (!octets || octets.some((octet) => octet > 255)) {
    throw new NetlabError('NETLAB_BAD_TOPOLOGY', `subnet ${cidr} is not of the form a.b.c.0/24`)
  }
  const base = octets.join('.')
  if (`${base}.`.startsWith(FORBIDDEN_PREFIX)) {
    throw new NetlabError('NETLAB_UNSAFE_ADDRESS', `${cidr} is this machine's own network; the lab never uses it`)
  }
  const ok = allow === 'private' ? isPrivate(octets) : cidr === SERVER_SUBNET || cidr === ROUTER_SUBNET
  if (!ok) {
    const wanted = allow === 'private' ? '10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16' : `${SERVER_SUBNET} or ${ROUTER_SUBNET}`
    throw new NetlabError('NETLAB_UNSAFE_ADDRESS', `${cidr} is outside the lab's ranges (${wanted})`)
  }
  return { base, prefixLength: 24, cidr }
}

/** Host `n` (1…254) of a subnet. */
export function host(subnet: Subnet, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 254) throw new NetlabError('NETLAB_BAD_TOPOLOGY', `host number ${n} is outside 1…254`)
  return `${subnet.base}.${n}`
}

function isPrivate([a, b]: number[]): boolean {
  return a === 10 || (a === 172 && b !== undefined && b >= 16 && b <= 31) || (a === 192 && b === 168)
}
