import { describe, expect, it } from 'vitest'
import type { CallId } from '../../../src/shared/calls'
import { ContactBook, ContactError, generateContactId, RecentsBook } from '../../../src/shared/contact-book'
import {
  CONTACT_LIMITS,
  isContact,
  isContactId,
  isRecentEntry,
  RECENT_MAX_DURATION_MS,
  type Contact,
  type ContactId,
  type RecentCall,
  type RecentEntry,
} from '../../../src/shared/contacts'
import { formatRoomCode, generateRoomCode, type RoomCode } from '../../../src/shared/room-code'

function book(options: { contacts?: Contact[]; ownCode?: RoomCode } = {}) {
  let clock = 1_000
  const changes: Contact[][] = []
  const contacts = new ContactBook({
    ...(options.contacts ? { contacts: options.contacts } : {}),
    onChange: (list) => changes.push(list),
    ownCode: () => options.ownCode ?? null,
    now: () => (clock += 1_000),
  })
  return { contacts, changes }
}

/** The error `run` throws, for matching its code, field and message together. */
function thrown(run: () => unknown): ContactError {
  try {
    run()
  } catch (error) {
    if (error instanceof ContactError) return error
    throw error
  }
  throw new Error('nothing was thrown')
}

describe('generateContactId', () => {
  it('makes distinct ids of 12 lower-case base32 characters', () => {
    const ids = Array.from({ length: 2_000 }, generateContactId)
    expect(ids.every(isContactId)).toBe(true)
    expect(ids.every((id) => /^[0-9a-v]{12}$/.test(id))).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('ContactBook', () => {
  it('adds a contact with a trimmed name, the canonical code, an id and timestamps, and reports the new list', () => {
    const { contacts, changes } = book()
    const code = generateRoomCode()
    const added = contacts.add({ name: '  Minji Kim ', code: formatRoomCode(code).toLowerCase() })
    expect(added).toEqual({ id: expect.any(String), name: 'Minji Kim', code, createdAt: 2_000, updatedAt: 2_000 })
    expect(isContact(added)).toBe(true)
    expect(changes).toEqual([[added]])
    expect(contacts.nameFor(code)).toBe('Minji Kim')
  })

  it.each([
    [{ name: '', code: 'x' }, 'CONTACT_ERR_NAME_MISSING', 'name'],
    [{ name: 'x'.repeat(CONTACT_LIMITS.nameChars + 1), code: 'x' }, 'CONTACT_ERR_NAME_TOO_LONG', 'name'],
    [{ name: 'Bo', code: '7KD-93QF-XZ6' }, 'CONTACT_ERR_BAD_CODE', 'code'],
    [{ name: 'Bo', code: 'not a code at all' }, 'CONTACT_ERR_BAD_CODE', 'code'],
    [{ name: 'Bo' }, 'CONTACT_ERR_BAD_CODE', 'code'],
    [null, 'CONTACT_ERR_NAME_MISSING', 'name'],
  ] as const)('rejects %j with %s, pointing at the %s field, and changes nothing', (draft, code, field) => {
    const { contacts, changes } = book()
    const error = thrown(() => contacts.add(draft))
    expect(error).toMatchObject({ code, field })
    expect(error.message.startsWith(`${code}: `)).toBe(true)
    expect(contacts.list()).toEqual([])
    expect(changes).toEqual([])
  })

  it('rejects a code that is already saved, naming who has it, and this installation’s own code', () => {
    const own = generateRoomCode()
    const { contacts } = book({ ownCode: own })
    const code = generateRoomCode()
    contacts.add({ name: 'Minji', code })
    expect(thrown(() => contacts.add({ name: 'Someone', code }))).toMatchObject({ code: 'CONTACT_ERR_DUPLICATE_CODE', message: expect.stringContaining('"Minji"') })
    expect(thrown(() => contacts.add({ name: 'Me', code: own }))).toMatchObject({ code: 'CONTACT_ERR_OWN_CODE', field: 'code' })
  })

  it('rejects a contact past the limit', () => {
    const existing = Array.from({ length: CONTACT_LIMITS.contacts }, (_, index): Contact => ({
      id: generateContactId(),
      name: `Person ${index}`,
      code: generateRoomCode(),
      createdAt: 1,
      updatedAt: 1,
    }))
    const { contacts } = book({ contacts: existing })
    expect(thrown(() => contacts.add({ name: 'One more', code: generateRoomCode() }))).toMatchObject({ code: 'CONTACT_ERR_TOO_MANY' })
  })

  it('edits a contact in place: keeps its id and creation time, may keep its own code', () => {
    const { contacts, changes } = book()
    const code = generateRoomCode()
    const added = contacts.add({ name: 'Minji', code })
    const edited = contacts.update(added.id, { name: 'Minji Kim', code })
    expect(edited).toEqual({ ...added, name: 'Minji Kim', updatedAt: 3_000 })
    expect(changes.at(-1)).toEqual([edited])
  })

  it('refuses to edit a contact onto the code of another one, or one that does not exist', () => {
    const { contacts } = book()
    const a = contacts.add({ name: 'A', code: generateRoomCode() })
    const b = contacts.add({ name: 'B', code: generateRoomCode() })
    expect(thrown(() => contacts.update(b.id, { name: 'B', code: a.code }))).toMatchObject({ code: 'CONTACT_ERR_DUPLICATE_CODE' })
    expect(thrown(() => contacts.update('zzzzzzzzzzzz' as ContactId, { name: 'B', code: generateRoomCode() }))).toMatchObject({ code: 'CONTACT_ERR_NOT_FOUND' })
  })

  it('removes a contact, and says when there was none', () => {
    const { contacts, changes } = book()
    const a = contacts.add({ name: 'A', code: generateRoomCode() })
    contacts.remove(a.id)
    expect(contacts.list()).toEqual([])
    expect(changes.at(-1)).toEqual([])
    expect(thrown(() => contacts.remove(a.id))).toMatchObject({ code: 'CONTACT_ERR_NOT_FOUND' })
  })

  it('lists by name regardless of case and accents, and hands out copies', () => {
    const { contacts } = book()
    for (const name of ['bora', 'Éun', 'Ahn', 'chul']) contacts.add({ name, code: generateRoomCode() })
    const list = contacts.list()
    expect(list.map((c) => c.name)).toEqual(['Ahn', 'bora', 'chul', 'Éun'])
    list[0]!.name = 'changed'
    expect(contacts.list()[0]!.name).toBe('Ahn')
  })
})

function recent(id: string, at: number, overrides: Partial<RecentCall> = {}): RecentCall {
  return { id: id as CallId, direction: 'outgoing', code: generateRoomCode(), at, outcome: 'answered', durationMs: null, ...overrides }
}

describe('RecentsBook', () => {
  it('keeps entries newest first and reports each change', () => {
    const changes: RecentEntry[][] = []
    const recents = new RecentsBook({ entries: [recent('aaaaaaaaaaa1', 10), recent('aaaaaaaaaaa2', 30)], onChange: (list) => changes.push(list) })
    recents.add(recent('aaaaaaaaaaa3', 20))
    expect(recents.list().map((e) => e.at)).toEqual([30, 20, 10])
    expect(changes).toEqual([recents.list()])
  })

  it(`keeps only the newest ${CONTACT_LIMITS.recents} by default`, () => {
    const recents = new RecentsBook()
    for (let index = 0; index < CONTACT_LIMITS.recents + 5; index++) recents.add(recent(index.toString(32).padStart(12, '0'), index))
    const list = recents.list()
    expect(list).toHaveLength(CONTACT_LIMITS.recents)
    expect(list.at(-1)!.at).toBe(5)
  })

  it('replaces an entry with the same id instead of listing it twice', () => {
    const recents = new RecentsBook()
    recents.add(recent('aaaaaaaaaaa1', 10, { outcome: 'answered' }))
    recents.add(recent('aaaaaaaaaaa1', 10, { outcome: 'missed' }))
    expect(recents.list().map((e) => e.outcome)).toEqual(['missed'])
  })

  it('updates the duration of an entry, ignores unknown ids, and never changes an id', () => {
    const recents = new RecentsBook({ entries: [recent('aaaaaaaaaaa1', 10)] })
    recents.update('aaaaaaaaaaa1' as CallId, { durationMs: 5_000, id: 'bbbbbbbbbbbb' as CallId })
    recents.update('cccccccccccc' as CallId, { durationMs: 1 })
    expect(recents.list()).toEqual([expect.objectContaining({ id: 'aaaaaaaaaaa1', durationMs: 5_000 })])
  })

  it('refuses an entry or a change that is not a valid recent call', () => {
    const recents = new RecentsBook({ entries: [recent('aaaaaaaaaaa1', 10)] })
    expect(() => recents.add({ ...recent('aaaaaaaaaaa2', 1), outcome: 'exploded' as RecentCall['outcome'] })).toThrow(TypeError)
    expect(() => recents.update('aaaaaaaaaaa1' as CallId, { durationMs: -1 })).toThrow(TypeError)
    expect(recents.list()).toHaveLength(1)
  })

  it('clears everything', () => {
    const changes: RecentEntry[][] = []
    const recents = new RecentsBook({ entries: [recent('aaaaaaaaaaa1', 10)], onChange: (list) => changes.push(list) })
    recents.clear()
    expect(recents.list()).toEqual([])
    expect(changes).toEqual([[]])
  })

  it('records a room call that just ended as joined, begun as long ago as it lasted, with an id of its own', () => {
    const room = generateRoomCode()
    const changes: RecentEntry[][] = []
    const earlier = recent('aaaaaaaaaaa1', 10)
    const recents = new RecentsBook({ entries: [earlier], now: () => 100_000, newId: () => 'rrrrrrrrrrr1' as CallId, onChange: (list) => changes.push(list) })
    const entry = recents.addRoomCall(room, 60_000)
    expect(entry).toEqual({ id: 'rrrrrrrrrrr1', kind: 'room', code: room, at: 40_000, outcome: 'joined', durationMs: 60_000 })
    expect(recents.list()).toEqual([entry, earlier])
    expect(changes).toEqual([recents.list()])
    expect(isRecentEntry(entry)).toBe(true)
  })

  it('gives a room call an id no other entry has', () => {
    const ids = ['aaaaaaaaaaa1', 'aaaaaaaaaaa1', 'rrrrrrrrrrr2']
    const recents = new RecentsBook({ entries: [recent('aaaaaaaaaaa1', 10)], newId: () => ids.shift() as CallId })
    expect(recents.addRoomCall(generateRoomCode(), 1_000).id).toBe('rrrrrrrrrrr2')
    expect(recents.list()).toHaveLength(2)
  })

  it('refuses a room call with a room that is not a canonical code, or a duration that is not one, and records nothing', () => {
    const recents = new RecentsBook()
    const room = generateRoomCode()
    for (const [badRoom, duration] of [
      [formatRoomCode(room), 1_000],
      ['ABCDEFGHJK', 1_000],
      [room, -1],
      [room, Number.NaN],
      [room, Number.POSITIVE_INFINITY],
      [room, RECENT_MAX_DURATION_MS + 1],
    ] as const) {
      expect(() => recents.addRoomCall(badRoom as RoomCode, duration)).toThrow(TypeError)
    }
    expect(recents.list()).toEqual([])
  })

  it('never changes a room call through `update`: it is recorded whole when it ends', () => {
    const recents = new RecentsBook({ newId: () => 'rrrrrrrrrrr1' as CallId, now: () => 5_000 })
    const entry = recents.addRoomCall(generateRoomCode(), 2_000)
    recents.update(entry.id, { outcome: 'missed', durationMs: null, direction: 'incoming' })
    expect(recents.list()).toEqual([entry])
  })
})

describe('the recent-call validators', () => {
  it('take a call with a person with or without `kind`, and a room call only as joined with a duration', () => {
    const person = recent('aaaaaaaaaaa1', 10)
    const room = { id: 'aaaaaaaaaaa2', kind: 'room', code: generateRoomCode(), at: 10, outcome: 'joined', durationMs: 5_000 }
    expect(isRecentEntry(person)).toBe(true)
    expect(isRecentEntry({ ...person, kind: 'person' })).toBe(true)
    expect(isRecentEntry(room)).toBe(true)
    expect(isRecentEntry({ ...person, kind: 'room' })).toBe(false)
    expect(isRecentEntry({ ...room, kind: undefined })).toBe(false)
    expect(isRecentEntry({ ...room, outcome: 'answered' })).toBe(false)
    expect(isRecentEntry({ ...room, durationMs: null })).toBe(false)
    expect(isRecentEntry({ ...room, durationMs: RECENT_MAX_DURATION_MS + 1 })).toBe(false)
    expect(isRecentEntry({ ...room, at: '10' })).toBe(false)
    expect(isRecentEntry({ ...room, id: 'not an id' })).toBe(false)
    expect(isRecentEntry({ ...room, kind: 'group' })).toBe(false)
    expect(isRecentEntry(null)).toBe(false)
  })
})
