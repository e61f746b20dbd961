import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createIceServerIssuer, turnRestCredential, type IceServerIssuerOptions } from '../../../src/server/turn-credentials'

const SECRET = 'tonghwa-test-secret'
/** 2023-11-14T22:13:20Z */
const NOW_MS = 1_700_000_000_000

function issuer(options: Partial<IceServerIssuerOptions> = {}) {
  return createIceServerIssuer({ iceServers: [], stunUrls: [], turnUrls: [], turnSecret: undefined, ttlSeconds: 3600, clock: () => NOW_MS, ...options })
}

describe('turnRestCredential', () => {
  it('matches a vector computed with openssl: username <expiry>:<user>, credential base64(HMAC-SHA1(secret, username))', () => {
    // printf '%s' '1700000000:k3v0q9d2m1ab' | openssl dgst -sha1 -hmac 'tonghwa-test-secret' -binary | base64
    expect(turnRestCredential(SECRET, 'k3v0q9d2m1ab', 1_700_000_000)).toEqual({
      username: '1700000000:k3v0q9d2m1ab',
      credential: 'MdvzeoX1udBoiBYD+R/0sLfL/5E=',
    })
  })

  it('agrees with HMAC-SHA1 from node:crypto for any user and expiry', () => {
    for (const [user, expiry] of [['a', 1], ['m1ab3v0q9d2k', 4_102_444_800], ['peer with spaces', 1_700_000_123]] as const) {
      const { username, credential } = turnRestCredential(SECRET, user, expiry)
      expect(username).toBe(`${expiry}:${user}`)
      expect(credential).toBe(createHmac('sha1', SECRET).update(username).digest('base64'))
    }
  })
})

describe('createIceServerIssuer', () => {
  it('hands out the fixed servers, then STUN, then TURN with a credential for the peer that expires after the TTL', () => {
    const issue = issuer({
      iceServers: [{ urls: ['stun:stun.example.org'] }],
      stunUrls: ['stun:turn.example.org:3478'],
      turnUrls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'],
      turnSecret: SECRET,
      ttlSeconds: 600,
    })
    const { iceServers } = issue('k3v0q9d2m1ab')
    const expiry = NOW_MS / 1000 + 600
    expect(iceServers).toEqual([
      { urls: ['stun:stun.example.org'] },
      { urls: ['stun:turn.example.org:3478'] },
      { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'], ...turnRestCredential(SECRET, 'k3v0q9d2m1ab', expiry) },
    ])
  })

  it('rounds the expiry down to whole seconds, as coturn reads it', () => {
    const issue = issuer({ turnUrls: ['turn:t'], turnSecret: SECRET, ttlSeconds: 60, clock: () => NOW_MS + 999 })
    expect(issue('p').iceServers[0]?.username).toBe(`${NOW_MS / 1000 + 60}:p`)
  })

  it('asks for a refresh at 80 % of the time left before expiry', () => {
    expect(issuer({ turnUrls: ['turn:t'], turnSecret: SECRET, ttlSeconds: 3600 })('p').refreshInMs).toBe(2_880_000)
    // 500 ms into a second, 9.5 s are left of a 10 s credential.
    expect(issuer({ turnUrls: ['turn:t'], turnSecret: SECRET, ttlSeconds: 10, clock: () => NOW_MS + 500 })('p').refreshInMs).toBe(7_600)
  })

  it('asks for no refresh when nothing expires', () => {
    expect(issuer({ stunUrls: ['stun:s'] })('p')).toEqual({ iceServers: [{ urls: ['stun:s'] }], refreshInMs: undefined })
    expect(issuer()('p')).toEqual({ iceServers: [], refreshInMs: undefined })
  })

  it('gives every peer its own credential, and every call a fresh list (not shared objects)', () => {
    const issue = issuer({ iceServers: [{ urls: ['stun:a'] }], turnUrls: ['turn:t'], turnSecret: SECRET })
    const first = issue('peer1').iceServers
    const second = issue('peer2').iceServers
    expect(first[1]?.username).not.toBe(second[1]?.username)
    expect(first[1]?.credential).not.toBe(second[1]?.credential)
    first[0]?.urls.push('stun:changed')
    expect(issue('peer1').iceServers[0]).toEqual({ urls: ['stun:a'] })
  })

  it('never puts the secret into what it hands out', () => {
    const issued = issuer({ turnUrls: ['turn:t'], turnSecret: SECRET })('p')
    expect(JSON.stringify(issued)).not.toContain(SECRET)
  })

  it('refuses TURN URLs without a secret', () => {
    expect(() => issuer({ turnUrls: ['turn:t'] })).toThrow(/turnUrls need turnSecret/)
  })
})
