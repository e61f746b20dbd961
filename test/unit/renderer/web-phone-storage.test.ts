import { describe, expect, it } from 'vitest'
import { callLinkFromSearch } from '../../../src/renderer/src/bridge/web-links'
import {
  loadContacts,
  loadPersonalSecret,
  loadRecents,
  PHONE_STORAGE_KEYS,
  readRingTimeout,
  WebStoreNoticeCode,
} from '../../../src/renderer/src/bridge/web-phone-storage'
import { generateCallId } from '../../../src/shared/calls'
import type { CertificateFingerprint } from '../../../src/shared/certificate-fingerprint'
import type { IdentityPublicKey } from '../../../src/shared/identity-key'
import type { Contact, ContactId, RecentCall, RoomRecent } from '../../../src/shared/contacts'
import { generatePersonalSecret, isPersonalSecret } from '../../../src/shared/personal-code'
import { RING_TIMEOUT } from '../../../src/shared/phone'
import { formatRoomCode, generateRoomCode } from '../../../src/shared/room-code'

class MemoryStorage {
  readonly items = new Map<string, string>()
  getItem(key: string): string | null {
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value)
  }
  removeItem(key: string): void {
    this.items.delete(key)
  }
}

const AT = () => new Date('2026-06-15T14:30:00.000Z')
const contact = (id: string, name: string): Contact => ({ id: id.padEnd(12, '0') as ContactId, name, code: generateRoomCode(), createdAt: 1, updatedAt: 1 })

describe('the ring timeout setting', () => {
  it('is 30 s unless set, and a setting is clamped to what the app allows', () => {
    const storage = new MemoryStorage()
    expect(readRingTimeout(storage)).toBe(30_000)
    expect(readRingTimeout(null)).toBe(30_000)
    storage.setItem(PHONE_STORAGE_KEYS.ringTimeoutMs, '2000')
    expect(readRingTimeout(storage)).toBe(2_000)
    storage.setItem(PHONE_STORAGE_KEYS.ringTimeoutMs, '10')
    expect(readRingTimeout(storage)).toBe(RING_TIMEOUT.minMs)
    storage.setItem(PHONE_STORAGE_KEYS.ringTimeoutMs, '1e9')
    expect(readRingTimeout(storage)).toBe(RING_TIMEOUT.maxMs)
    storage.setItem(PHONE_STORAGE_KEYS.ringTimeoutMs, 'soon')
    expect(readRingTimeout(storage)).toBe(30_000)
  })
})

describe('the personal secret', () => {
  it('is made and kept on first use, then read back', () => {
    const storage = new MemoryStorage()
    const first = loadPersonalSecret(storage)
    expect(isPersonalSecret(first.value)).toBe(true)
    expect(first.notice).toBeNull()
    expect(loadPersonalSecret(storage).value).toBe(first.value)
  })

  it('lasts only as long as the page, and the person is told, where the browser keeps nothing', () => {
    const secret = generatePersonalSecret()
    expect(loadPersonalSecret(null, () => secret)).toEqual({ value: secret, notice: { code: WebStoreNoticeCode.NoStorage } })
  })

  it('is replaced, and the person told, when what is stored is not a secret', () => {
    const storage = new MemoryStorage()
    storage.setItem(PHONE_STORAGE_KEYS.secret, 'not a secret')
    const secret = generatePersonalSecret()
    const loaded = loadPersonalSecret(storage, () => secret)
    expect(loaded.value).toBe(secret)
    expect(loaded.notice?.code).toBe(WebStoreNoticeCode.NewCode)
    expect(storage.getItem(PHONE_STORAGE_KEYS.secret)).toBe(secret)
  })
})

describe('stored contacts and recents', () => {
  it('read back what was saved', () => {
    const storage = new MemoryStorage()
    const saved = [contact('a', 'Minji')]
    storage.setItem(PHONE_STORAGE_KEYS.contacts, JSON.stringify(saved))
    expect(loadContacts(storage, AT)).toEqual({ value: saved, notice: null })
    expect(loadRecents(storage, AT)).toEqual({ value: [], notice: null })
  })

  it('set a value that is not JSON aside under a backup key, and say where', () => {
    const storage = new MemoryStorage()
    storage.setItem(PHONE_STORAGE_KEYS.contacts, '[{"name": "Minji"')
    const loaded = loadContacts(storage, AT)
    expect(loaded.value).toEqual([])
    const backupKey = 'tonghwa.contacts.backup-2026-06-15T14-30-00-000Z'
    expect(storage.getItem(backupKey)).toBe('[{"name": "Minji"')
    expect(storage.getItem(PHONE_STORAGE_KEYS.contacts)).toBe('[]')
    expect(loaded.notice).toEqual({ code: WebStoreNoticeCode.Recovered, list: 'contacts', unreadable: null, backupKey })
  })

  it('say that no copy was kept when the browser refuses the backup', () => {
    const storage = new MemoryStorage()
    storage.setItem(PHONE_STORAGE_KEYS.recents, '{}')
    const full = Object.assign(storage, {
      setItem(key: string, value: string): void {
        if (key.includes('.backup-')) throw new DOMException('quota', 'QuotaExceededError')
        storage.items.set(key, value)
      },
    })
    expect(loadRecents(full, AT)).toEqual({ value: [], notice: { code: WebStoreNoticeCode.Recovered, list: 'recents', unreadable: null, backupKey: null } })
  })

  it('keep the entries that are still valid, drop the rest and duplicates, and back up the original', () => {
    const storage = new MemoryStorage()
    const good: RecentCall = { id: generateCallId(), direction: 'incoming', code: generateRoomCode(), at: 5, outcome: 'missed', durationMs: null }
    const raw = JSON.stringify([good, { ...good }, { ...good, id: generateCallId(), outcome: 'exploded' }])
    storage.setItem(PHONE_STORAGE_KEYS.recents, raw)
    const loaded = loadRecents(storage, AT)
    expect(loaded.value).toEqual([good])
    expect(loaded.notice).toMatchObject({ code: WebStoreNoticeCode.Recovered, list: 'recents', unreadable: { count: 2, of: 3 } })
    expect(JSON.parse(storage.getItem(PHONE_STORAGE_KEYS.recents)!)).toEqual([good])
    expect([...storage.items.values()]).toContain(raw)
  })

  it('keep room calls, and drop a room call that is not one (no duration, or an outcome of a call with a person)', () => {
    const storage = new MemoryStorage()
    const room: RoomRecent = { id: generateCallId(), kind: 'room', code: generateRoomCode(), at: 5, outcome: 'joined', durationMs: 30_000 }
    const person: RecentCall = { id: generateCallId(), direction: 'incoming', code: generateRoomCode(), at: 4, outcome: 'missed', durationMs: null }
    const raw = JSON.stringify([room, person, { ...room, id: generateCallId(), durationMs: null }, { ...room, id: generateCallId(), outcome: 'missed' }])
    storage.setItem(PHONE_STORAGE_KEYS.recents, raw)
    const loaded = loadRecents(storage, AT)
    expect(loaded.value).toEqual([room, person])
    expect(loaded.notice).toMatchObject({ code: WebStoreNoticeCode.Recovered, list: 'recents', unreadable: { count: 2, of: 4 } })
  })
})

describe('a page opened at ?call=', () => {
  it('is a call link for a valid code, typed any way', () => {
    const code = generateRoomCode()
    expect(callLinkFromSearch(`?call=${formatRoomCode(code).toLowerCase()}`)).toEqual({ link: { kind: 'call', code } })
    expect(callLinkFromSearch('?room=ABC')).toBeNull()
  })

  it('says what is wrong with a code that is not one', () => {
    const typo = callLinkFromSearch('?call=7KD-93QF-XZ6')
    expect(typo).toEqual({ notice: { code: 'LINK_ERR_BAD_CODE', problem: 'typo' } })
    expect(callLinkFromSearch('?call=')).toEqual({ notice: { code: 'LINK_ERR_BAD_CODE', problem: 'empty' } })
    expect(callLinkFromSearch('?call=abc')).toEqual({ notice: { code: 'LINK_ERR_BAD_CODE', problem: 'too-short' } })
  })
})

describe('verified contacts in localStorage', () => {
  const fingerprint = `sha-256 ${Array(32).fill('AB').join(':')}` as CertificateFingerprint
  const identityKey = `MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE${'k'.repeat(85)}A==` as IdentityPublicKey

  it('keep marks with an identity key and older ones with a fingerprint only, and drop a mark with a bad key', () => {
    const storage = new MemoryStorage()
    const withKey = { ...contact('a1', 'Minji'), verifiedFingerprint: fingerprint, verifiedIdentityKey: identityKey }
    const old = { ...contact('b1', 'Jun'), verifiedFingerprint: fingerprint }
    const forged = { ...contact('c1', 'Mallory'), verifiedFingerprint: fingerprint, verifiedIdentityKey: 'trust me' }
    storage.setItem(PHONE_STORAGE_KEYS.contacts, JSON.stringify([withKey, old, forged]))
    const loaded = loadContacts(storage, AT)
    expect(loaded.value).toEqual([withKey, old])
    expect(loaded.notice).toMatchObject({ code: WebStoreNoticeCode.Recovered, list: 'contacts', unreadable: { count: 1, of: 3 } })
  })
})
