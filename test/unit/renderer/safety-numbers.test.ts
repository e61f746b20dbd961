import { describe, expect, it } from 'vitest'
import type { CertificateFingerprint } from '../../../src/shared/certificate-fingerprint'
import { normalizeFingerprint, sdpFingerprints } from '../../../src/shared/certificate-fingerprint'
import type { StatsLike } from '../../../src/renderer/src/call/rtc-types'
import { deriveSafetyNumbers, readConnectionCertificates } from '../../../src/renderer/src/call/safety-numbers'

const hex = (bytes: number[]) => bytes.map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(':')
const ALICE = `sha-256 ${hex(Array.from({ length: 32 }, (_, i) => i))}` as CertificateFingerprint
const BOB = `sha-256 ${hex(Array.from({ length: 32 }, (_, i) => 255 - i))}` as CertificateFingerprint
const MALLORY = `sha-256 ${hex(Array.from({ length: 32 }, () => 0x5a))}` as CertificateFingerprint

const nonce = (byte: number) => new Uint8Array(32).fill(byte)
const alice = { fingerprint: ALICE, nonce: nonce(0x11) }
const bob = { fingerprint: BOB, nonce: nonce(0x22) }

describe('deriveSafetyNumbers', () => {
  it('gives the fixed vector (computed independently with node:crypto pbkdf2Sync)', async () => {
    // pbkdf2Sync(`${ALICE}\n${'11'.repeat(32)}\n${BOB}\n${'22'.repeat(32)}`, 'tonghwa call safety numbers v2', 100000, 20, 'sha256')
    expect(await deriveSafetyNumbers(alice, bob)).toEqual(['84941', '22856', '95039', '32786'])
  })

  it('gives the caller and the callee the same numbers, whichever side is theirs', async () => {
    expect(await deriveSafetyNumbers(bob, alice)).toEqual(await deriveSafetyNumbers(alice, bob))
  })

  it('keeps each nonce with its own certificate: swapping the nonces gives other numbers', async () => {
    const swapped = await deriveSafetyNumbers({ ...alice, nonce: bob.nonce }, { ...bob, nonce: alice.nonce })
    expect(swapped).not.toEqual(await deriveSafetyNumbers(alice, bob))
  })

  it('gives different numbers when either certificate or either nonce is another one', async () => {
    const honest = await deriveSafetyNumbers(alice, bob)
    expect(await deriveSafetyNumbers(alice, { ...bob, fingerprint: MALLORY })).not.toEqual(honest)
    expect(await deriveSafetyNumbers({ ...alice, fingerprint: MALLORY }, bob)).not.toEqual(honest)
    expect(await deriveSafetyNumbers(alice, { ...bob, nonce: nonce(0x23) })).not.toEqual(honest)
    expect((await deriveSafetyNumbers(alice, { ...bob, fingerprint: MALLORY })).join('')).toMatch(/^\d{20}$/)
  })
})

describe('certificate fingerprints', () => {
  it('normalizes the lower-case form of getFingerprints() and the stats to the SDP form', () => {
    expect(normalizeFingerprint('SHA-256', ALICE.slice(8).toLowerCase())).toBe(ALICE)
    expect(normalizeFingerprint('sha-1', 'AB:CD')).toBeNull()
  })

  it('reads every distinct a=fingerprint line of a description', () => {
    const sdp = `v=0\r\na=fingerprint:sha-256 ${ALICE.slice(8)}\r\nm=audio\r\na=fingerprint:SHA-256 ${ALICE.slice(8).toLowerCase()}\r\n`
    expect(sdpFingerprints(sdp)).toEqual([ALICE])
  })
})

function report(local: string, remote: string): { forEach(callback: (stat: StatsLike) => void): void } {
  const stats: StatsLike[] = [
    { id: 'T01', type: 'transport', timestamp: 1, localCertificateId: 'CFa', remoteCertificateId: 'CFb' },
    { id: 'CFa', type: 'certificate', timestamp: 1, fingerprintAlgorithm: 'sha-256', fingerprint: local.slice(8).toLowerCase() },
    { id: 'CFb', type: 'certificate', timestamp: 1, fingerprintAlgorithm: 'sha-256', fingerprint: remote.slice(8).toLowerCase() },
  ]
  return { forEach: (callback) => stats.forEach(callback) }
}
const sdpWith = (fingerprint: string) => `v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=fingerprint:sha-256 ${fingerprint.slice(8)}\r\n`

describe('readConnectionCertificates', () => {
  it('reads the two certificates in use when they are the ones the descriptions named', () => {
    expect(readConnectionCertificates(report(ALICE, BOB), { local: sdpWith(ALICE), remote: sdpWith(BOB) })).toEqual({
      status: 'ready',
      local: ALICE,
      remote: BOB,
    })
  })

  it('reports a mismatch when the certificate in use is not the one the remote description named', () => {
    expect(readConnectionCertificates(report(ALICE, MALLORY), { local: sdpWith(ALICE), remote: sdpWith(BOB) })).toEqual({ status: 'mismatch' })
    expect(readConnectionCertificates(report(MALLORY, BOB), { local: sdpWith(ALICE), remote: sdpWith(BOB) })).toEqual({ status: 'mismatch' })
  })

  it('waits while DTLS has not named the certificates yet', () => {
    const early = { forEach: (callback: (stat: StatsLike) => void) => callback({ id: 'T01', type: 'transport', timestamp: 1 }) }
    expect(readConnectionCertificates(early, { local: sdpWith(ALICE), remote: sdpWith(BOB) })).toEqual({ status: 'pending' })
  })
})
