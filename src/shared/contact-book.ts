/**
 * The contacts and the recent calls as lists in memory, with every change checked and then handed to
 * `onChange` whole: main writes it to a file, web mode to localStorage. Pure: ids from the platform CSPRNG,
 * time from an injected clock.
 */
import { generateCallId, type CallId } from './calls'
import { isCertificateFingerprint, type CertificateFingerprint } from './certificate-fingerprint'
import { isIdentityPublicKey, type IdentityPublicKey } from './identity-key'
import {
  checkContactDraft,
  CONTACT_LIMITS,
  ContactErrorCode,
  isRecentCall,
  isRecentEntry,
  isRoomRecent,
  type Contact,
  type ContactId,
  type RecentCall,
  type RecentEntry,
  type RoomRecent,
} from './contacts'
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
    if (checked.code !== current.code) {
      delete contact.verifiedFingerprint
      delete contact.verifiedIdentityKey
    }
    this.#commit(this.#contacts.map((existing) => (existing.id === id ? contact : existing)))
    return { ...contact }
  }

  /**
   * "Mark as verified": keeps the certificate their app used in the call where the safety numbers were
   * compared, and the identity key that signed it when there was one (null: forget both). Throws
   * `CONTACT_ERR_NOT_FOUND` for an unknown id and a `TypeError` for anything that is not a SHA-256 fingerprint
   * or an identity key, and for an identity key without a fingerprint.
   */
  setVerified(id: ContactId, fingerprint: CertificateFingerprint | null, identityKey: IdentityPublicKey | null = null): Contact {
    const current = this.#contacts.find((contact) => contact.id === id)
    if (!current) throw new ContactError(ContactErrorCode.NotFound, null, 'That contact does not exist any more.')
    if (fingerprint !== null && !isCertificateFingerprint(fingerprint)) throw new TypeError('not a certificate fingerprint')
    if (identityKey !== null && (fingerprint === null || !isIdentityPublicKey(identityKey))) throw new TypeError('not an identity key')
    const contact: Contact = { ...current, updatedAt: this.#now() }
    if (fingerprint === null) delete contact.verifiedFingerprint
    else contact.verifiedFingerprint = fingerprint
    if (identityKey === null) delete contact.verifiedIdentityKey
    else contact.verifiedIdentityKey = identityKey
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
  /** The entries to start with, already validated (`isRecentEntry`), in any order. */
  entries?: readonly RecentEntry[]
  /** Called with the whole list (newest first) after every change. */
  onChange?: (entries: RecentEntry[]) => void
  /** Most entries kept; the oldest go first. Default `CONTACT_LIMITS.recents`. */
  limit?: number
  /** Milliseconds since the epoch, for when a room call began. Default `Date.now`. */
  now?: () => number
  /** Ids for room calls. Default `generateCallId`. */
  newId?: () => CallId
}

/** Recent calls, newest first, at most `limit`. The `RecentsLog` a `PhoneLine` writes to. */
export class RecentsBook implements RecentsLog {
  #entries: RecentEntry[]
  readonly #onChange: (entries: RecentEntry[]) => void
  readonly #limit: number
  readonly #now: () => number
  readonly #newId: () => CallId

  constructor(options: RecentsBookOptions = {}) {
    this.#limit = options.limit ?? CONTACT_LIMITS.recents
    this.#entries = newestFirst((options.entries ?? []).map((entry) => ({ ...entry }))).slice(0, this.#limit)
    this.#onChange = options.onChange ?? (() => {})
    this.#now = options.now ?? Date.now
    this.#newId = options.newId ?? generateCallId
  }

  list(): RecentEntry[] {
    return this.#entries.map((entry) => ({ ...entry }))
  }

  /**
   * Records a call. An entry with the same id replaces the old one (call ids are the caller's choice, so a
   * repeated id is the same caller's business). Throws a `TypeError` for an entry that is not a `RecentCall`.
   */
  add(entry: RecentEntry): void {
    if (!isRecentEntry(entry)) throw new TypeError('not a recent call')
    const others = this.#entries.filter((existing) => existing.id !== entry.id)
    this.#commit(newestFirst([{ ...entry }, ...others]).slice(0, this.#limit))
  }

  /**
   * Records a call in a room that has just ended: it began `durationMs` ago (the window measures how long it was
   * in the room; the time is this clock's). Throws a `TypeError` for a room or duration that is not one.
   */
  addRoomCall(room: RoomCode, durationMs: number): RoomRecent {
    // Checked here too: web mode calls this straight from the page, without the IPC boundary's check.
    const entry: RoomRecent = { id: this.#uniqueId(), kind: 'room', code: room, at: this.#now() - durationMs, outcome: 'joined', durationMs }
    if (!isRoomRecent(entry)) throw new TypeError('not a room code and a call duration')
    this.add(entry)
    return { ...entry }
  }

  /**
   * Changes a call with a person (not its id): its outcome or duration. Unknown ids are ignored: the entry may have
   * aged out. Room calls are recorded whole when they end and never change.
   */
  update(id: CallId, patch: Partial<RecentCall>): void {
    const index = this.#entries.findIndex((entry) => entry.id === id)
    const current = this.#entries[index]
    if (!current || !isRecentCall(current)) return
    const updated = { ...current, ...patch, id }
    if (!isRecentCall(updated)) throw new TypeError('the change would make the entry invalid')
    this.#commit(this.#entries.map((entry, at) => (at === index ? updated : entry)))
  }

  clear(): void {
    this.#commit([])
  }

  #uniqueId(): CallId {
    for (;;) {
      const id = this.#newId()
      if (!this.#entries.some((entry) => entry.id === id)) return id
    }
  }

  #commit(entries: RecentEntry[]): void {
    this.#entries = entries
    this.#onChange(this.list())
  }
}

/** Stable: entries that started ringing at the same moment keep their order. */
function newestFirst(entries: RecentEntry[]): RecentEntry[] {
  return entries.sort((a, b) => b.at - a.at)
}
