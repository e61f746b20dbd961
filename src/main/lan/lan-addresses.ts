/**
 * This computer's addresses on its local networks, and whether another address is on one of them. Pure over
 * the shape of `os.networkInterfaces()`, so the lab's namespaces and the tests can hand it any set.
 */
import type { NetworkInterfaceInfo } from 'node:os'

export type InterfaceTable = NodeJS.Dict<NetworkInterfaceInfo[]>

/** Non-internal IPv4 addresses with their netmasks: where the LAN listener can be reached. */
export function localNetworks(table: InterfaceTable): { address: string; netmask: string }[] {
  const networks: { address: string; netmask: string }[] = []
  for (const entries of Object.values(table)) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal) networks.push({ address: entry.address, netmask: entry.netmask })
    }
  }
  return networks
}

export function ipv4ToNumber(address: string): number | null {
  const parts = address.split('.')
  if (parts.length !== 4) return null
  let value = 0
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null
    value = value * 256 + Number(part)
  }
  return value
}

/**
 * True when `address` is on one of this computer's IPv4 networks (not itself). An announcement from anywhere
 * else (a routed address, a spoofed one, a loopback one) is never called: only a neighbour is.
 */
export function isOnLink(address: string, table: InterfaceTable): boolean {
  const target = ipv4ToNumber(address)
  if (target === null) return false
  return localNetworks(table).some(({ address: own, netmask }) => {
    const ownNumber = ipv4ToNumber(own)
    const mask = ipv4ToNumber(netmask)
    if (ownNumber === null || mask === null || ownNumber === target) return false
    // Unsigned: JavaScript's bitwise operators work on signed 32-bit integers.
    return ((ownNumber & mask) >>> 0) === ((target & mask) >>> 0)
  })
}

/** A stable description of the addresses, to notice when they change (a new network, a new DHCP lease). */
export function addressesKey(table: InterfaceTable): string {
  return localNetworks(table)
    .map(({ address, netmask }) => `${address}/${netmask}`)
    .sort()
    .join(',')
}
