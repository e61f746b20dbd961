import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ListFileNoticeCode } from '../../../src/main/list-file'
import { CONTACTS_FILE_NAME, openPhoneStores } from '../../../src/main/phone-stores'
import type { CertificateFingerprint } from '../../../src/shared/certificate-fingerprint'
import { ContactBook } from '../../../src/shared/contact-book'
import { isContact, type ContactId } from '../../../src/shared/contacts'
import type { IdentityPublicKey } from '../../../src/shared/identity-key'
import { commandArgs } from '../../../src/shared/ipc-contract'
import { generateRoomCode } from '../../../src/shared/room-code'

const fp = (byte: string) => `sha-256 ${Array(32).fill(byte).join(':')}` as CertificateFingerprint
/** A P-256 SPKI in the one form the app accepts (the point need not be on the curve for storage). */
const key = (char: string) => `MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE${char.repeat(85)}A==` as IdentityPublicKey
let dir: string
const opened: Array<{ flush(): Promise<void> }> = []

beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'tonghwa-verified-'))
})
afterEach(async () => {
  await Promise.all(opened.splice(0).map((stores) => stores.flush()))
  await fs.rm(dir, { recursive: true, force: true })
})
const open = async () => {
  const stores = await openPhoneStores({ userDataDir: dir, ownCode: () => null, onSaveError: () => {}, log: () => {} })
  opened.push(stores)
  return stores
}

describe('a contact marked as verified', () => {
  it('keeps the fingerprint on disk through a restart of the store', async () => {
    const first = await open()
    const minji = first.contacts.add({ name: 'Minji', code: generateRoomCode() })
    first.contacts.setVerified(minji.id, fp('AB'))
    await first.flush()

    const restarted = await open()
    expect(restarted.notices).toEqual([])
    expect(restarted.contacts.list()).toEqual([{ ...minji, updatedAt: expect.any(Number), verifiedFingerprint: fp('AB') }])
  })

  it('forgets the mark when asked, and when the contact gets another code (another person)', () => {
    const book = new ContactBook()
    const minji = book.add({ name: 'Minji', code: generateRoomCode() })
    book.setVerified(minji.id, fp('AB'))
    expect(book.update(minji.id, { name: 'Minji Kim', code: minji.code }).verifiedFingerprint).toBe(fp('AB'))
    expect(book.update(minji.id, { name: 'Minji Kim', code: generateRoomCode() }).verifiedFingerprint).toBeUndefined()
    book.setVerified(minji.id, fp('CD'))
    expect(book.setVerified(minji.id, null).verifiedFingerprint).toBeUndefined()
  })

  it('refuses what is not a SHA-256 fingerprint, and an unknown contact', () => {
    const book = new ContactBook()
    const minji = book.add({ name: 'Minji', code: generateRoomCode() })
    expect(() => book.setVerified(minji.id, 'sha-256 AB:CD' as CertificateFingerprint)).toThrow(TypeError)
    expect(() => book.setVerified('zzzzzzzzzzzz' as ContactId, fp('AB'))).toThrow(/^CONTACT_ERR_NOT_FOUND: /)
    expect(book.list()[0]!.verifiedFingerprint).toBeUndefined()
  })

  it('is refused at the IPC boundary unless it is a contact id and a fingerprint or null', () => {
    const check = commandArgs['contacts:set-verified']
    expect(check(['abcdefghij01', fp('AB')])).toEqual({ ok: true, args: ['abcdefghij01', fp('AB')] })
    expect(check(['abcdefghij01', null])).toEqual({ ok: true, args: ['abcdefghij01', null] })
    expect(check(['abcdefghij01', fp('AB').toLowerCase()]).ok).toBe(false)
    expect(check(['abcdefghij01', `sha-1 ${Array(20).fill('AB').join(':')}`]).ok).toBe(false)
    expect(check(['abcdefghij01']).ok).toBe(false)
  })

  it('moves a contacts file with a bad fingerprint aside instead of trusting it', async () => {
    const bad = { id: 'abcdefghij01', name: 'Minji', code: generateRoomCode(), createdAt: 1, updatedAt: 1, verifiedFingerprint: 'trust me' }
    expect(isContact(bad)).toBe(false)
    await fs.writeFile(join(dir, CONTACTS_FILE_NAME), JSON.stringify({ version: 1, contacts: [bad] }))
    const stores = await open()
    expect(stores.notices.map((notice) => notice.code)).toEqual([ListFileNoticeCode.Recovered])
    expect(stores.contacts.list()).toEqual([])
  })

  it('keeps the identity key with the fingerprint through a restart, and still reads marks without one', async () => {
    const first = await open()
    const minji = first.contacts.add({ name: 'Minji', code: generateRoomCode() })
    const jun = first.contacts.add({ name: 'Jun', code: generateRoomCode() })
    first.contacts.setVerified(minji.id, fp('AB'), key('a'))
    first.contacts.setVerified(jun.id, fp('CD'))
    await first.flush()

    const restarted = await open()
    expect(restarted.notices).toEqual([])
    const storedMinji = restarted.contacts.list().find((contact) => contact.id === minji.id)
    const storedJun = restarted.contacts.list().find((contact) => contact.id === jun.id)
    expect(storedMinji).toMatchObject({ verifiedFingerprint: fp('AB'), verifiedIdentityKey: key('a') })
    expect(storedJun!.verifiedFingerprint).toBe(fp('CD'))
    expect(storedJun).not.toHaveProperty('verifiedIdentityKey')
  })

  it('upgrades an old mark to an identity key, and forgets the key with the mark or with the code', () => {
    const book = new ContactBook()
    const minji = book.add({ name: 'Minji', code: generateRoomCode() })
    book.setVerified(minji.id, fp('AB'))
    expect(book.setVerified(minji.id, fp('AB'), key('a')).verifiedIdentityKey).toBe(key('a'))
    expect(book.setVerified(minji.id, null).verifiedIdentityKey).toBeUndefined()
    book.setVerified(minji.id, fp('AB'), key('a'))
    expect(book.update(minji.id, { name: 'Minji', code: generateRoomCode() }).verifiedIdentityKey).toBeUndefined()
  })

  it('refuses an identity key that is not a P-256 SPKI, or one without a fingerprint', () => {
    const book = new ContactBook()
    const minji = book.add({ name: 'Minji', code: generateRoomCode() })
    expect(() => book.setVerified(minji.id, fp('AB'), 'trust me' as IdentityPublicKey)).toThrow(TypeError)
    expect(() => book.setVerified(minji.id, null, key('a'))).toThrow(TypeError)
    expect(book.list()[0]).not.toHaveProperty('verifiedIdentityKey')
  })

  it('checks the identity key at the IPC boundary', () => {
    const check = commandArgs['contacts:set-verified']
    expect(check(['abcdefghij01', fp('AB'), key('a')])).toEqual({ ok: true, args: ['abcdefghij01', fp('AB'), key('a')] })
    expect(check(['abcdefghij01', fp('AB'), null])).toEqual({ ok: true, args: ['abcdefghij01', fp('AB'), null] })
    expect(check(['abcdefghij01', fp('AB'), key('a').replace('A==', 'B==')]).ok).toBe(false)
    expect(check(['abcdefghij01', fp('AB'), `${key('a')} `]).ok).toBe(false)
    expect(check(['abcdefghij01', null, key('a')]).ok).toBe(false)
    expect(check(['abcdefghij01', fp('AB'), key('a'), 'more']).ok).toBe(false)
  })

  it('moves a contacts file with a bad identity key aside instead of trusting it', async () => {
    const bad = { id: 'abcdefghij01', name: 'Minji', code: generateRoomCode(), createdAt: 1, updatedAt: 1, verifiedFingerprint: fp('AB'), verifiedIdentityKey: 'trust me' }
    expect(isContact(bad)).toBe(false)
    expect(isContact({ ...bad, verifiedIdentityKey: key('a') })).toBe(true)
    await fs.writeFile(join(dir, CONTACTS_FILE_NAME), JSON.stringify({ version: 1, contacts: [bad] }))
    const stores = await open()
    expect(stores.notices.map((notice) => notice.code)).toEqual([ListFileNoticeCode.Recovered])
    expect(stores.contacts.list()).toEqual([])
  })
})
