import { describe, expect, it } from 'vitest'
import type { CertificateFingerprint } from '../../../src/shared/certificate-fingerprint'
import type { Contact, ContactId } from '../../../src/shared/contacts'
import type { RoomCode } from '../../../src/shared/room-code'
import type { StatsLike } from '../../../src/renderer/src/call/rtc-types'
import { SafetyNumbersState } from '../../../src/renderer/src/state/safety-numbers.svelte'

const fp = (byte: string) => `sha-256 ${Array(32).fill(byte).join(':')}` as CertificateFingerprint
const [MINE, THEIRS, OTHER] = [fp('AA'), fp('BB'), fp('CC')]
const sdp = (fingerprint: string) => `v=0\r\na=fingerprint:${fingerprint}\r\n`

function statsOf(remote: CertificateFingerprint | null) {
  const stats: StatsLike[] = remote
    ? [
        { id: 'T', type: 'transport', timestamp: 1, localCertificateId: 'L', remoteCertificateId: 'R' },
        { id: 'L', type: 'certificate', timestamp: 1, fingerprintAlgorithm: 'sha-256', fingerprint: MINE.slice(8) },
        { id: 'R', type: 'certificate', timestamp: 1, fingerprintAlgorithm: 'sha-256', fingerprint: remote.slice(8) },
      ]
    : [{ id: 'T', type: 'transport', timestamp: 1 }]
  return { forEach: (callback: (stat: StatsLike) => void) => stats.forEach(callback) }
}

function setup(contact: Contact | null, remoteSeen: Array<CertificateFingerprint | null>, announced = THEIRS) {
  const marked: Array<[ContactId, CertificateFingerprint]> = []
  const errors: unknown[] = []
  const safety = new SafetyNumbersState({
    getStats: () => Promise.resolve(statsOf(remoteSeen.length > 1 ? remoteSeen.shift()! : remoteSeen[0]!)),
    getDescriptions: () => ({ local: sdp(MINE), remote: sdp(announced) }),
    contact: () => contact,
    markVerified: async (id, fingerprint) => (marked.push([id, fingerprint]), contact!),
    onError: (error) => errors.push(error),
    wait: () => Promise.resolve(),
  })
  return { safety, marked, errors }
}

const minji: Contact = { id: 'abcdefghij01' as ContactId, name: 'Minji', code: '7kd93qfxz5ab' as RoomCode, createdAt: 1, updatedAt: 1 }

describe('SafetyNumbersState', () => {
  it('waits for the handshake, then shows the numbers and that the contact is not verified yet', async () => {
    const { safety } = setup(minji, [null, null, THEIRS])
    await safety.read()
    expect(safety.reading).toMatchObject({ status: 'ready', remote: THEIRS })
    expect(safety.verification?.kind).toBe('unverified')
  })

  it('"Mark as verified" stores the certificate in use with that contact', async () => {
    const { safety, marked } = setup(minji, [THEIRS])
    await safety.read()
    await safety.markVerified()
    expect(marked).toEqual([[minji.id, THEIRS]])
  })

  it('shows changed for a verified contact whose certificate is another one', async () => {
    const { safety } = setup({ ...minji, verifiedFingerprint: OTHER }, [THEIRS])
    await safety.read()
    expect(safety.verification?.kind).toBe('changed')
  })

  it('offers nothing to mark in a call by room code', async () => {
    const { safety, marked, errors } = setup(null, [THEIRS])
    await safety.read()
    await safety.markVerified()
    expect(safety.verification?.kind).toBe('not-a-contact')
    expect(marked).toEqual([])
    expect(errors).toEqual([])
  })

  it('shows a mismatch, never numbers, when the certificate in use is not the one announced', async () => {
    const { safety } = setup(minji, [THEIRS], OTHER)
    await safety.read()
    expect(safety.reading).toEqual({ status: 'mismatch' })
    expect(safety.verification).toBeNull()
  })
})
