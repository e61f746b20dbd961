import { describe, expect, it } from 'vitest'
import type { CertificateFingerprint } from '../../../src/shared/certificate-fingerprint'
import type { Contact, ContactId } from '../../../src/shared/contacts'
import type { IdentityPublicKey } from '../../../src/shared/identity-key'
import type { RoomCode } from '../../../src/shared/room-code'
import { verifyContact } from '../../../src/renderer/src/call/contact-verification'

const fp = (byte: string) => `sha-256 ${Array(32).fill(byte).join(':')}` as CertificateFingerprint
const key = (char: string) => `MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE${char.repeat(85)}A==` as IdentityPublicKey
const minji: Contact = { id: 'abcdefghij01' as ContactId, name: 'Minji', code: '7kd93qfxz5ab' as RoomCode, createdAt: 1, updatedAt: 1 }
const seen = (fingerprint: CertificateFingerprint, identityKey: IdentityPublicKey | null = null) => ({ fingerprint, identityKey })

describe('verifyContact', () => {
  it('says a call by room code has no contact to verify', () => {
    expect(verifyContact(null, seen(fp('AB'))).kind).toBe('not-a-contact')
  })

  it('says a contact never marked is unverified', () => {
    expect(verifyContact(minji, seen(fp('AB'), key('a'))).kind).toBe('unverified')
  })

  it('keeps a contact verified by identity key when their certificate was renewed', () => {
    const marked = { ...minji, verifiedFingerprint: fp('AB'), verifiedIdentityKey: key('a') }
    expect(verifyContact(marked, seen(fp('CD'), key('a')))).toEqual({ kind: 'verified', contact: marked, upgrade: null })
  })

  it('says changed for another identity key, or none, even with the very certificate that was marked', () => {
    const marked = { ...minji, verifiedFingerprint: fp('AB'), verifiedIdentityKey: key('a') }
    expect(verifyContact(marked, seen(fp('AB'), key('b'))).kind).toBe('changed')
    expect(verifyContact(marked, seen(fp('AB'), null)).kind).toBe('changed')
  })

  it('verifies an old mark (certificate only) by its certificate, and offers the key that signed it as an upgrade', () => {
    const old = { ...minji, verifiedFingerprint: fp('AB') }
    expect(verifyContact(old, seen(fp('AB'), key('a')))).toEqual({ kind: 'verified', contact: old, upgrade: key('a') })
    expect(verifyContact(old, seen(fp('AB')))).toEqual({ kind: 'verified', contact: old, upgrade: null })
  })

  it('says changed, never verified, for an old mark and another certificate, whatever key signed it', () => {
    expect(verifyContact({ ...minji, verifiedFingerprint: fp('AB') }, seen(fp('CD'), key('a'))).kind).toBe('changed')
  })
})
