import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { addressKey, clientAddress } from '../../../src/server/client-address'
import { createOriginCheck } from '../../../src/server/origin-policy'

function request(remoteAddress: string, headers: Record<string, string> = {}): IncomingMessage {
  return { socket: { remoteAddress }, headers } as unknown as IncomingMessage
}

describe('addressKey', () => {
  it('keeps IPv4 addresses, and reads IPv4-mapped IPv6 as IPv4', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9')
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9')
  })

  it('counts IPv6 addresses per /64, however they are written', () => {
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64')
    expect(addressKey('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64')
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(addressKey('::1')).toBe('0:0:0:0::/64')
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'))
  })
})

describe('clientAddress', () => {
  it('ignores X-Forwarded-For unless the proxy is trusted', () => {
    expect(clientAddress(request('10.0.0.1', { 'x-forwarded-for': '203.0.113.9' }), false)).toBe('10.0.0.1')
  })

  it('takes the last X-Forwarded-For entry (the one the proxy appended) when trusted', () => {
    expect(clientAddress(request('10.0.0.1', { 'x-forwarded-for': '198.51.100.7, 203.0.113.9' }), true)).toBe('203.0.113.9')
    expect(clientAddress(request('10.0.0.1', { 'x-forwarded-for': 'not an address' }), true)).toBe('10.0.0.1')
    expect(clientAddress(request('10.0.0.1'), true)).toBe('10.0.0.1')
  })
})

describe('createOriginCheck', () => {
  const check = createOriginCheck({ allowedOrigins: ['https://app.example.org'], allowMissingOrigin: true })

  it("allows the server's own origin, compared by host and port with the Host header", () => {
    expect(check(request('1.2.3.4', { host: 'signal.example.org', origin: 'https://signal.example.org' }))).toBe(true)
    expect(check(request('1.2.3.4', { host: 'Signal.Example.org', origin: 'https://signal.example.org' }))).toBe(true)
    expect(check(request('1.2.3.4', { host: 'signal.example.org:8443', origin: 'https://signal.example.org' }))).toBe(false)
  })

  it('allows listed origins and refuses the rest, including look-alikes and null', () => {
    expect(check(request('1.2.3.4', { host: 'signal.example.org', origin: 'https://app.example.org' }))).toBe(true)
    expect(check(request('1.2.3.4', { host: 'signal.example.org', origin: 'http://app.example.org' }))).toBe(false)
    expect(check(request('1.2.3.4', { host: 'signal.example.org', origin: 'https://app.example.org.evil.example' }))).toBe(false)
    expect(check(request('1.2.3.4', { host: 'signal.example.org', origin: 'null' }))).toBe(false)
  })

  it('allows a missing Origin only when allowMissingOrigin is set', () => {
    expect(check(request('1.2.3.4', { host: 'signal.example.org' }))).toBe(true)
    expect(createOriginCheck({ allowedOrigins: [], allowMissingOrigin: false })(request('1.2.3.4', { host: 'x' }))).toBe(false)
  })
})
