import { describe, expect, it } from 'vitest'
import type { CertificateFingerprint } from '../../../src/shared/certificate-fingerprint'
import type { Contact, ContactId } from '../../../src/shared/contacts'
import type { RoomCode } from '../../../src/shared/room-code'
import { verifyContact } from '../../../src/renderer/src/call/contact-verification'

const fp = (byte: string) => `sha-256 ${Array(32).fill(byte).join(':')}` as CertificateFingerprint
const minji: Contact = { id: 'abcdefghij01' as ContactId, name: 'Minji', code: '7kd93qfxz5ab' as RoomCode, createdAt: 1, updatedAt: 1 }

describe('verifyContact', () => {
  it('says a call by room code has no contact to verify', () => {
    expect(verifyContact(null, fp('AB')).kind).toBe('not-a-contact')
  })

  it('says a contact never marked is unverified', () => {
    expect(verifyContact(minji, fp('AB')).kind).toBe('unverified')
  })

  it('says verified only for the very certificate that was marked', () => {
    expect(verifyContact({ ...minji, verifiedFingerprint: fp('AB') }, fp('AB')).kind).toBe('verified')
  })

  it('says changed, never verified or unverified, for another certificate', () => {
    expect(verifyContact({ ...minji, verifiedFingerprint: fp('AB') }, fp('CD')).kind).toBe('changed')
  })
})
