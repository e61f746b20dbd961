/**
 * The contacts and the recent calls as lists in memory, with every change checked and then handed to
 * `onChange` whole: main writes it to a file, web mode to localStorage. Pure: ids from the platform CSPRNG,
 * time from an injected clock.
 */
import type { CallId } from './calls'
import { isCertificateFingerprint, type CertificateFingerprint } from './certificate-fingerprint'
import { checkContactDraft, CONTACT_LIMITS, ContactErrorCode, isRecentCall, type Contact, type ContactId, type RecentCall } from './contacts'
import type { RecentsLog } from './phone-line'
import type { RoomCode } from './room-code'

/** A refused contact change. The message starts with the code; `field` says which input to point at. */
export class ContactError extends Error {
  readonly code: ContactErrorCode
  readonly field: 'name' | 'code' | null
  constructor(code: ContactErrorCode, field: 'name' | 'code' | null, detail: string) {
    super(`${code}: ${detail}`)
    this.name = 'ContactError'
    this.code = code
    this.field = field
  }
}

/** Lower-case base32 ("extended hex" order), the symbols call ids and peer ids use. */
const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuv'

/** A fresh contact id: 12 lower-case base32 characters, 60 random bits. */
export function generateContactId(): ContactId {
  const bytes = new Uint8Array(12)
  globalThis.crypto.getRandomValues(bytes)
  // 32 divides 256, so `byte % 32` is uniform.
  return Array.from(bytes, (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('') as ContactId
}

export interface ContactBookOptions {
  /** The contacts to start with, already validated (main checks each with `isContact` when it loads the file). */
  contacts?: readonly Contact[]
  /** Called with the whole list after every change. */
  onChange?: (contacts: Contact[]) => void
  /** This installation's personal code now (it can be regenerated), so it is never saved as a contact. */
  ownCode?: () => RoomCode | null
  /** Milliseconds since the epoch. Default `Date.now`. */
  now?: () => number
  /** Default `generateContactId`. */
  newId?: () => ContactId
}

export class ContactBook {
  #contacts: Contact[]
  readonly #onChange: (contacts: Contact[]) => void
  readonly #ownCode: () => RoomCode | null
  readonly #now: () => number
  readonly #newId: () => ContactId

  constructor(options: ContactBookOptions = {}) {
    this.#contacts = (options.contacts ?? []).map((contact) => ({ ...contact }))
    this.#onChange = options.onChange ?? (() => {})
    this.#ownCode = options.ownCode ?? (() => null)
    this.#now = options.now ?? Date.now
    this.#newId = options.newId ?? generateContactId
  }

  /** Every contact, by name (case- and accent-insensitive), then by code. Copies. */
  list(): Contact[] {
    return this.#contacts
      .map((contact) => ({ ...contact }))
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.code.localeCompare(b.code))
  }

  /** The name saved for a personal code, or null: how an incoming call is announced. */
  nameFor(code: RoomCode): string | null {
    return this.#contacts.find((contact) => contact.code === code)?.name ?? null
  }

  /** Saves a new contact. Throws a `ContactError` when the draft does not pass `checkContactDraft`. */
  add(draft: unknown): Contact {
    const checked = this.#check(draft)
    const at = this.#now()
    const contact: Contact = { id: this.#uniqueId(), name: checked.name, code: checked.code, createdAt: at, updatedAt: at }
    this.#commit([...this.#contacts, contact])
    return { ...contact }
  }

  /** Replaces a contact's name and code. Throws `CONTACT_ERR_NOT_FOUND` for an unknown id. */
  update(id: ContactId, draft: unknown): Contact {
    const current = this.#contacts.find((contact) => contact.id === id)
    if (!current) throw new ContactError(ContactErrorCode.NotFound, null, 'That contact does not exist any more.')
    const checked = this.#check(draft, id)
    const contact: Contact = { ...current, name: checked.name, code: checked.code, updatedAt: this.#now() }
    // A verified mark is for the person behind a code: another code is another person, not yet compared.
    if (checked.code !== current.code) delete contact.verifiedFingerprint
    this.#commit(this.#contacts.map((existing) => (existing.id === id ? contact : existing)))
    return { ...contact }
  }

  /**
   * "Mark as verified": keeps the certificate their app used in the call where the safety numbers were
   * compared (null: forget it). Throws `CONTACT_ERR_NOT_FOUND` for an unknown id and a `TypeError` for
   * anything that is not a SHA-256 fingerprint.
   */
  setVerified(id: ContactId, fingerprint: CertificateFingerprint | null): Contact {
    const current = this.#contacts.find((contact) => contact.id === id)
    if (!current) throw new ContactError(ContactErrorCode.NotFound, null, 'That contact does not exist any more.')
    if (fingerprint !== null && !isCertificateFingerprint(fingerprint)) throw new TypeError('not a certificate fingerprint')
    const contact: Contact = { ...current, updatedAt: this.#now() }
    if (fingerprint === null) delete contact.verifiedFingerprint
    else contact.verifiedFingerprint = fingerprint
    this.#commit(this.#contacts.map((existing) => (existing.id === id ? contact : existing)))
    return { ...contact }
  }

  /** Throws `CONTACT_ERR_NOT_FOUND` for an unknown id. */
  remove(id: ContactId): void {
    if (!this.#contacts.some((contact) => contact.id === id)) {
      throw new ContactError(ContactErrorCode.NotFound, null, 'That contact does not exist any more.')
    }
    this.#commit(this.#contacts.filter((contact) => contact.id !== id))
  }

  #check(draft: unknown, editing?: ContactId): { name: string; code: RoomCode } {
    const checked = checkContactDraft(draft, this.#contacts, { ownCode: this.#ownCode(), ...(editing ? { editing } : {}) })
    if (!checked.ok) throw new ContactError(checked.code, checked.field, checked.message)
    return checked
  }

  #uniqueId(): ContactId {
    for (;;) {
      const id = this.#newId()
      if (!this.#contacts.some((contact) => contact.id === id)) return id
    }
  }

  #commit(contacts: Contact[]): void {
    this.#contacts = contacts
    this.#onChange(this.list())
  }
}

export interface RecentsBookOptions {
  /** The entries to start with, already validated (`isRecentCall`), in any order. */
  entries?: readonly RecentCall[]
  /** Called with the whole list (newest first) after every change. */
  onChange?: (entries: RecentCall[]) => void
  /** Most entries kept; the oldest go first. Default `CONTACT_LIMITS.recents`. */
  limit?: number
}

/** Recent calls, newest first, at most `limit`. The `RecentsLog` a `PhoneLine` writes to. */
export class RecentsBook implements RecentsLog {
  #entries: RecentCall[]
  readonly #onChange: (entries: RecentCall[]) => void
  readonly #limit: number

  constructor(options: RecentsBookOptions = {}) {
    this.#limit = options.limit ?? CONTACT_LIMITS.recents
    this.#entries = newestFirst((options.entries ?? []).map((entry) => ({ ...entry }))).slice(0, this.#limit)
    this.#onChange = options.onChange ?? (() => {})
  }

  list(): RecentCall[] {
    return this.#entries.map((entry) => ({ ...entry }))
  }

  /**
   * Records a call. An entry with the same id replaces the old one (call ids are the caller's choice, so a
   * repeated id is the same caller's business). Throws a `TypeError` for an entry that is not a `RecentCall`.
   */
  add(entry: RecentCall): void {
    if (!isRecentCall(entry)) throw new TypeError('not a recent call')
    const others = this.#entries.filter((existing) => existing.id !== entry.id)
    this.#commit(newestFirst([{ ...entry }, ...others]).slice(0, this.#limit))
  }

  /** Changes an entry (not its id): its outcome or duration. Unknown ids are ignored: the entry may have aged out. */
  update(id: CallId, patch: Partial<RecentCall>): void {
    const index = this.#entries.findIndex((entry) => entry.id === id)
    if (index === -1) return
    const updated = { ...this.#entries[index]!, ...patch, id }
    if (!isRecentCall(updated)) throw new TypeError('the change would make the entry invalid')
    this.#commit(this.#entries.map((entry, at) => (at === index ? updated : entry)))
  }

  clear(): void {
    this.#commit([])
  }

  #commit(entries: RecentCall[]): void {
    this.#entries = entries
    this.#onChange(this.list())
  }
}

/** Stable: entries that started ringing at the same moment keep their order. */
function newestFirst(entries: RecentCall[]): RecentCall[] {
  return entries.sort((a, b) => b.at - a.at)
}
