/** Which `Host` headers a listener answers to (DNS rebinding), without sockets. */
import { describe, expect, it } from 'vitest'
import { HostAllowlist, parseAllowedHost, parseHost } from '../../../src/server/host-allowlist'

function listener(address: string, port: number, options: { listenHost?: string; allowedHosts?: string[]; interfaces?: () => string[]; now?: () => number } = {}): HostAllowlist {
  const hosts = new HostAllowlist({
    listenHost: options.listenHost ?? address,
    allowedHosts: options.allowedHosts ?? [],
    ...(options.interfaces !== undefined ? { interfaceAddresses: options.interfaces } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
  })
  hosts.listening({ address, port, family: address.includes(':') ? 'IPv6' : 'IPv4' })
  return hosts
}

describe('parseHost', () => {
  it('reads names, addresses and IPv6 in brackets, with or without a port, in the form URL writes them', () => {
    expect(parseHost('Signal.Example.org.')).toEqual({ host: 'signal.example.org', port: undefined })
    expect(parseHost('127.0.0.1:47800')).toEqual({ host: '127.0.0.1', port: 47800 })
    expect(parseHost('[0:0::1]:4780')).toEqual({ host: '[::1]', port: 4780 })
  })

  it('refuses what is not a Host: user info, paths, bare IPv6, ports out of range, nothing', () => {
    for (const text of ['', 'user@host', 'host/path', '::1', 'host:0', 'host:70000', 'host:', 'a b', 'x'.repeat(400)]) expect(parseHost(text), text).toBeUndefined()
  })

  it('takes bare IPv6 addresses and * as allowedHosts entries', () => {
    expect(parseAllowedHost('2001:db8::1')).toEqual({ host: '[2001:db8::1]', port: undefined })
    expect(parseAllowedHost('*')).toBe('*')
    expect(parseAllowedHost('https://signal.example.org')).toBeUndefined()
  })
})

describe('a loopback listener', () => {
  const hosts = listener('127.0.0.1', 47800)

  it('answers to its address, localhost and [::1] on its own port', () => {
    for (const host of ['127.0.0.1:47800', 'localhost:47800', 'LOCALHOST:47800', '[::1]:47800']) expect(hosts.allows(host), host).toBe(true)
  })

  it('refuses a rebound name, another port, a missing Host and a Host without the port', () => {
    for (const host of ['evil.example:47800', '127.0.0.1:80', '127.0.0.1', 'localhost.evil.example:47800', '192.168.1.20:47800', undefined]) expect(hosts.allows(host), String(host)).toBe(false)
  })

  it('answers to nothing before it listens', () => {
    expect(new HostAllowlist({ listenHost: '127.0.0.1', allowedHosts: [] }).allows('127.0.0.1:47800')).toBe(false)
  })
})

describe('a listener on one LAN address', () => {
  it('answers to that address only, not to loopback names or other addresses', () => {
    const hosts = listener('192.168.1.20', 4780)
    expect(hosts.allows('192.168.1.20:4780')).toBe(true)
    expect(hosts.allows('localhost:4780')).toBe(false)
    expect(hosts.allows('192.168.1.21:4780')).toBe(false)
  })

  it('answers to the name it was told to listen on', () => {
    expect(listener('192.168.1.20', 4780, { listenHost: 'desk.lan' }).allows('desk.lan:4780')).toBe(true)
  })
})

describe('a wildcard listener', () => {
  it("answers to the machine's interface addresses, and reads them again when one it does not know is asked for", () => {
    let interfaces = ['127.0.0.1', '::1', '10.0.0.5']
    let now = 0
    const hosts = listener('0.0.0.0', 4780, { interfaces: () => interfaces, now: () => now })
    expect(hosts.allows('10.0.0.5:4780')).toBe(true)
    expect(hosts.allows('[::1]:4780')).toBe(true)
    expect(hosts.allows('10.0.0.6:4780')).toBe(false)
    interfaces = [...interfaces, '10.0.0.6']
    // At most once a second, so a flood of unknown addresses does not read the interfaces on every request.
    expect(hosts.allows('10.0.0.6:4780')).toBe(false)
    now = 1_000
    expect(hosts.allows('10.0.0.6:4780')).toBe(true)
    expect(hosts.allows('evil.example:4780')).toBe(false)
  })
})

describe('allowedHosts', () => {
  it('adds names on any port unless one is given, and addresses a NAT or Docker mapping uses', () => {
    const hosts = listener('0.0.0.0', 4780, { interfaces: () => ['172.17.0.2'], allowedHosts: ['signal.example.org', 'alt.example.org:8443', '203.0.113.5', '2001:db8::1'] })
    expect(hosts.allows('signal.example.org')).toBe(true)
    expect(hosts.allows('signal.example.org:443')).toBe(true)
    expect(hosts.allows('alt.example.org:8443')).toBe(true)
    expect(hosts.allows('alt.example.org')).toBe(false)
    expect(hosts.allows('203.0.113.5:4781')).toBe(true)
    expect(hosts.allows('[2001:db8::1]:4780')).toBe(true)
    expect(hosts.allows('signal.example.org.evil.example')).toBe(false)
  })

  it('turns the check off with *', () => {
    expect(listener('127.0.0.1', 4780, { allowedHosts: ['*'] }).allows('evil.example:4780')).toBe(true)
  })
})
