/**
 * What web mode keeps in `localStorage` for the phone (in the app, main keeps it in files): the personal
 * secret, the contacts, the recent calls and the ring-timeout setting. Everything read back is checked like any
 * input from outside. A list that is not valid is not thrown away: its text is set aside under a backup key,
 * the entries that are still valid are kept, and the person is told with an `AppNotice`.
 */
import { CONTACT_LIMITS, isContact, isRecentEntry, type Contact, type RecentEntry } from '../../../shared/contacts'
import { generatePersonalSecret, isPersonalSecret, type PersonalSecret } from '../../../shared/personal-code'
import { RING_TIMEOUT, type NoticeList, type StructuredNotice } from '../../../shared/phone'
import type { StorageLike } from './web-device-preferences'

export const PHONE_STORAGE_KEYS = {
  secret: 'tonghwa.personalSecret',
  contacts: 'tonghwa.contacts',
  recents: 'tonghwa.recents',
  /** A number of milliseconds; clamped to `RING_TIMEOUT`. */
  ringTimeoutMs: 'tonghwa.ringTimeoutMs',
} as const

/** The codes of web mode's storage notices (`StructuredNotice` in shared/phone.ts; worded in messages/notices.ts). */
export const WebStoreNoticeCode = {
  /** A stored list was damaged: its text was set aside under a backup key, the valid entries kept. */
  Recovered: 'BROWSER_STORE_NOTICE_RECOVERED',
  /** The stored secret was missing a valid value although one had been saved: a new code was made. */
  NewCode: 'STORE_NOTICE_NEW_CODE',
  /** This browser does not let the page keep anything: the code and contacts last only as long as the page. */
  NoStorage: 'STORE_NOTICE_NO_STORAGE',
  /** A change could not be saved (storage full or refused). */
  WriteFailed: 'STORE_ERR_WRITE',
} as const satisfies Record<string, StructuredNotice['code']>

export interface Loaded<T> {
  value: T
  notice: StructuredNotice | null
}

/** The ring timeout setting: a whole number of ms within `RING_TIMEOUT`; the default when unset or not a number. */
export function readRingTimeout(storage: StorageLike | null): number {
  const raw = storage?.getItem(PHONE_STORAGE_KEYS.ringTimeoutMs) ?? null
  const value = raw === null || raw.trim() === '' ? NaN : Number(raw)
  if (!Number.isFinite(value)) return RING_TIMEOUT.defaultMs
  return Math.min(RING_TIMEOUT.maxMs, Math.max(RING_TIMEOUT.minMs, Math.round(value)))
}

/** The installation's secret; made and saved on first use. A damaged one is replaced, and the person told. */
export function loadPersonalSecret(storage: StorageLike | null, generate: () => PersonalSecret = generatePersonalSecret): Loaded<PersonalSecret> {
  if (!storage) {
    return { value: generate(), notice: { code: WebStoreNoticeCode.NoStorage } }
  }
  const stored = storage.getItem(PHONE_STORAGE_KEYS.secret)
  if (isPersonalSecret(stored)) return { value: stored, notice: null }
  const secret = generate()
  storage.setItem(PHONE_STORAGE_KEYS.secret, secret)
  if (stored === null) return { value: secret, notice: null }
  return { value: secret, notice: { code: WebStoreNoticeCode.NewCode } }
}

export function savePersonalSecret(storage: StorageLike | null, secret: PersonalSecret): void {
  storage?.setItem(PHONE_STORAGE_KEYS.secret, secret)
}

export function loadContacts(storage: StorageLike | null, now: () => Date = () => new Date()): Loaded<Contact[]> {
  return loadList(storage, PHONE_STORAGE_KEYS.contacts, 'contacts', isContact, (contact) => [contact.id, contact.code], CONTACT_LIMITS.contacts, now)
}

export function loadRecents(storage: StorageLike | null, now: () => Date = () => new Date()): Loaded<RecentEntry[]> {
  return loadList(storage, PHONE_STORAGE_KEYS.recents, 'recents', isRecentEntry, (entry) => [entry.id], CONTACT_LIMITS.recents, now)
}

/** Writes a list; false when the browser refused (storage full, or forbidden). */
export function saveList(storage: StorageLike | null, key: string, list: readonly unknown[]): boolean {
  if (!storage) return true
  try {
    storage.setItem(key, JSON.stringify(list))
    return true
  } catch {
    return false
  }
}

function loadList<T>(
  storage: StorageLike | null,
  key: string,
  list: NoticeList,
  isItem: (value: unknown) => value is T,
  uniqueKeys: (item: T) => string[],
  limit: number,
  now: () => Date,
): Loaded<T[]> {
  const raw = storage?.getItem(key) ?? null
  if (!storage || raw === null) return { value: [], notice: null }
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    parsed = undefined
  }
  const items = Array.isArray(parsed) ? parsed : []
  const kept: T[] = []
  const seen = new Set<string>()
  for (const item of items) {
    if (kept.length >= limit || !isItem(item)) continue
    const keys = uniqueKeys(item)
    if (keys.some((unique) => seen.has(unique))) continue
    keys.forEach((unique) => seen.add(unique))
    kept.push(item)
  }
  if (Array.isArray(parsed) && kept.length === items.length) return { value: kept, notice: null }

  const backupKey = `${key}.backup-${now().toISOString().replace(/[:.]/g, '-')}`
  let keptAside = true
  try {
    storage.setItem(backupKey, raw)
  } catch {
    keptAside = false
  }
  saveList(storage, key, kept)
  return {
    value: kept,
    notice: {
      code: WebStoreNoticeCode.Recovered,
      list,
      unreadable: Array.isArray(parsed) ? { count: items.length - kept.length, of: items.length } : null,
      backupKey: keptAside ? backupKey : null,
    },
  }
}
