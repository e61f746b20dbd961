import type { NetworkInterfaceInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { addressesKey, isOnLink, localNetworks } from '../../../../src/main/lan/lan-addresses'

function ipv4(address: string, netmask: string, internal = false): NetworkInterfaceInfo {
  return { address, netmask, family: 'IPv4', mac: '02:00:00:00:00:01', internal, cidr: null }
}

const table = { lo: [ipv4('127.0.0.1', '255.0.0.0', true)], eth0: [ipv4('10.77.0.2', '255.255.255.0')], wlan0: [ipv4('192.168.5.20', '255.255.252.0')] }

describe('local networks', () => {
  it('lists the non-internal IPv4 addresses', () => {
    expect(localNetworks(table).map((network) => network.address)).toEqual(['10.77.0.2', '192.168.5.20'])
  })

  it('calls an address on one of them a neighbour, and nothing else', () => {
    expect(isOnLink('10.77.0.9', table)).toBe(true)
    expect(isOnLink('192.168.7.1', table)).toBe(true)
    expect(isOnLink('192.168.8.1', table)).toBe(false)
    expect(isOnLink('10.77.1.9', table)).toBe(false)
    expect(isOnLink('127.0.0.1', table)).toBe(false)
    expect(isOnLink('10.77.0.2', table)).toBe(false) // itself
    expect(isOnLink('fe80::1', table)).toBe(false)
    expect(isOnLink('10.77.0.300', table)).toBe(false)
  })

  it('notices a changed address, not a reordered table', () => {
    const reordered = { wlan0: table.wlan0, eth0: table.eth0 }
    expect(addressesKey(reordered)).toBe(addressesKey(table))
    expect(addressesKey({ ...table, eth0: [ipv4('10.77.0.3', '255.255.255.0')] })).not.toBe(addressesKey(table))
  })
})
