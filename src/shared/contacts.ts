/**
 * Contacts and recent calls: the records the app keeps about people, with the one validator that both the
 * window (as someone types) and the main process (before it writes anything to disk) use.
 */
import type { CallId } from './calls'
import { isCertificateFingerprint, type CertificateFingerprint } from './certificate-fingerprint'
import { isIdentityPublicKey, type IdentityPublicKey } from './identity-key'
import { isRoomCode, parseRoomCode, type RoomCode } from './room-code'

declare const contactIdBrand: unique symbol
export type ContactId = string & { readonly [contactIdBrand]: true }

export interface Contact {
  id: ContactId
  name: string
  /** Their personal code: what the app calls. */
  code: RoomCode
  createdAt: number
  updatedAt: number
  /**
   * The DTLS certificate their app used in the call where this person compared the safety numbers and chose
   * "Mark as verified". A later call with another certificate is shown as changed, never as verified.
   */
  verifiedFingerprint?: CertificateFingerprint
  /**
   * Their app's identity key (identity-key.ts), kept with the mark: a later call is verified when that key signs
   * the certificate in use, so a renewed certificate stays verified. Absent in marks made before identity keys
   * existed; those are compared by `verifiedFingerprint` and gain the key the next time it matches.
   */
  verifiedIdentityKey?: IdentityPublicKey
}

/** What a person typed into the contact form; validated into a name and a canonical code. */
export interface ContactDraft {
  name: string
  code: string
}

export const CONTACT_LIMITS = { nameChars: 80, contacts: 1_000, recents: 200 } as const

export const ContactErrorCode = {
  NameMissing: 'CONTACT_ERR_NAME_MISSING',
  NameTooLong: 'CONTACT_ERR_NAME_TOO_LONG',
  BadCode: 'CONTACT_ERR_BAD_CODE',
  DuplicateCode: 'CONTACT_ERR_DUPLICATE_CODE',
  OwnCode: 'CONTACT_ERR_OWN_CODE',
  NotFound: 'CONTACT_ERR_NOT_FOUND',
  TooMany: 'CONTACT_ERR_TOO_MANY',
} as const
export type ContactErrorCode = (typeof ContactErrorCode)[keyof typeof ContactErrorCode]

export type ContactCheck =
  | { ok: true; name: string; code: RoomCode }
  | { ok: false; code: ContactErrorCode; field: 'name' | 'code' | null; message: string }

/**
 * Validates a draft against the contacts already saved. `editing` is the id of the contact being edited (its
 * own code is not a duplicate of itself); `ownCode` is this installation's personal code.
 */
export function checkContactDraft(
  draft: unknown,
  existing: readonly Contact[],
  options: { editing?: ContactId; ownCode?: RoomCode | null } = {},
): ContactCheck {
  const record = typeof draft === 'object' && draft !== null ? (draft as Record<string, unknown>) : {}
  // Control characters would corrupt how a name is shown (and, in notifications, spoofed line breaks).
  const name = typeof record.name === 'string' ? record.name.replace(/[\u0000-\u001f\u007f]/g, ' ').trim() : ''
  if (name.length === 0) return fail(ContactErrorCode.NameMissing, 'name', 'Give the contact a name.')
  if (name.length > CONTACT_LIMITS.nameChars) {
    return fail(ContactErrorCode.NameTooLong, 'name', `A name can have at most ${CONTACT_LIMITS.nameChars} characters.`)
  }
  const parsed = parseRoomCode(record.code)
  if (!parsed.ok) return fail(ContactErrorCode.BadCode, 'code', parsed.message.replace('room code', 'code'))
  if (options.ownCode && parsed.code === options.ownCode) {
    return fail(ContactErrorCode.OwnCode, 'code', 'That is your own code: enter the code of the person you want to call.')
  }
  const twin = existing.find((contact) => contact.code === parsed.code && contact.id !== options.editing)
  if (twin) return fail(ContactErrorCode.DuplicateCode, 'code', `That code is already saved as "${twin.name}".`)
  if (!options.editing && existing.length >= CONTACT_LIMITS.contacts) {
    return fail(ContactErrorCode.TooMany, null, `You can keep at most ${CONTACT_LIMITS.contacts} contacts.`)
  }
  return { ok: true, name, code: parsed.code }
}

/** Case- and accent-insensitive search over names and codes (a code matches with or without dashes). */
export function searchContacts(contacts: readonly Contact[], query: string): Contact[] {
  const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
  const words = fold(query).split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...contacts]
  return contacts.filter((contact) => {
    const haystack = `${fold(contact.name)} ${contact.code.toLowerCase()}`
    return words.every((word) => haystack.includes(word.replace(/-/g, '')) || haystack.includes(word))
  })
}

export function isContactId(value: unknown): value is ContactId {
  return typeof value === 'string' && /^[0-9a-z]{12}$/.test(value)
}

export function isContact(value: unknown): value is Contact {
  if (typeof value !== 'object' || value === null) return false
  const c = value as Record<string, unknown>
  const check = checkContactDraft({ name: c.name, code: c.code }, [])
  return (
    isContactId(c.id) &&
    check.ok &&
    check.name === c.name &&
    check.code === c.code &&
    Number.isFinite(c.createdAt) &&
    Number.isFinite(c.updatedAt) &&
    (c.verifiedFingerprint === undefined || isCertificateFingerprint(c.verifiedFingerprint)) &&
    (c.verifiedIdentityKey === undefined || isIdentityPublicKey(c.verifiedIdentityKey))
  )
}

// ── recent calls ───────────────────────────────────────────────────────────────────────────────────────

/**
 * How a call went. Outgoing: `answered`, `declined`, `no-answer`, `unreachable`, `busy`, `cancelled` (you hung
 * up while it rang). Incoming: `answered`, `declined` (you declined), `missed` (it rang and stopped, or you were
 * busy).
 */
export type RecentOutcome = 'answered' | 'declined' | 'no-answer' | 'unreachable' | 'busy' | 'cancelled' | 'missed'
export const RECENT_OUTCOMES: readonly RecentOutcome[] = ['answered', 'declined', 'no-answer', 'unreachable', 'busy', 'cancelled', 'missed']

/** A call with a person, by their personal code. */
export interface RecentCall {
  /** The call id of the call (unique per call, so an entry can be updated when the call ends). */
  id: CallId
  /** Absent in entries written before rooms were recorded: those are all calls with a person. */
  kind?: 'person'
  direction: 'outgoing' | 'incoming'
  /** The other person's personal code; the name is looked up in contacts when shown. */
  code: RoomCode
  /** When it started ringing (ms since the epoch). */
  at: number
  outcome: RecentOutcome
  /** How long the conversation lasted, for answered calls once they have ended; else null. */
  durationMs: number | null
}

export function isRecentCall(value: unknown): value is RecentCall {
  if (typeof value !== 'object' || value === null) return false
  const r = value as Record<string, unknown>
  return (
    typeof r.id === 'string' &&
    /^[0-9a-z]{12}$/.test(r.id) &&
    (r.kind === undefined || r.kind === 'person') &&
    (r.direction === 'outgoing' || r.direction === 'incoming') &&
    isRoomCode(r.code) &&
    Number.isFinite(r.at) &&
    RECENT_OUTCOMES.includes(r.outcome as RecentOutcome) &&
    (r.durationMs === null || (typeof r.durationMs === 'number' && r.durationMs >= 0))
  )
}

/** The longest a recorded call can have lasted: a week (the same bound `phone:call-ended` puts on a duration). */
export const RECENT_MAX_DURATION_MS = 7 * 24 * 3600_000

/**
 * A call by room code: the room, when this person joined it and how long they stayed. Who else was there is not
 * known (a room has no names), so there is no direction and no other outcome than `joined`.
 */
export interface RoomRecent {
  /** Made when the call is recorded: a room call has no call id of its own. */
  id: CallId
  kind: 'room'
  /** The room code. */
  code: RoomCode
  /** When this person joined the room (ms since the epoch). */
  at: number
  outcome: 'joined'
  /** How long they were in the room. */
  durationMs: number
}

/** One line of the recent calls: a call with a person, or a call in a room. */
export type RecentEntry = RecentCall | RoomRecent

export function isRoomRecent(value: unknown): value is RoomRecent {
  if (typeof value !== 'object' || value === null) return false
  const r = value as Record<string, unknown>
  return (
    typeof r.id === 'string' &&
    /^[0-9a-z]{12}$/.test(r.id) &&
    r.kind === 'room' &&
    isRoomCode(r.code) &&
    Number.isFinite(r.at) &&
    r.outcome === 'joined' &&
    isRecentDuration(r.durationMs)
  )
}

export function isRecentEntry(value: unknown): value is RecentEntry {
  return isRecentCall(value) || isRoomRecent(value)
}

/** A length of time a call can have lasted, in ms: finite, not negative, at most `RECENT_MAX_DURATION_MS`. */
export function isRecentDuration(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= RECENT_MAX_DURATION_MS
}

function fail(code: ContactErrorCode, field: 'name' | 'code' | null, message: string): ContactCheck {
  return { ok: false, code, field, message }
}
