import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { JsonStoreFs } from '../../../src/main/json-file-store'
import { ListFileNoticeCode } from '../../../src/main/list-file'
import { CONTACTS_FILE_NAME, openPhoneStores, RECENTS_FILE_NAME, type PhoneStoresOptions } from '../../../src/main/phone-stores'
import type { CallId } from '../../../src/shared/calls'
import type { Contact, RecentCall } from '../../../src/shared/contacts'
import type { AppNotice } from '../../../src/shared/phone'
import { generateRoomCode, type RoomCode } from '../../../src/shared/room-code'

let dir: string
let contactsFile: string
let recentsFile: string
let saveErrors: AppNotice[]
let logs: string[]
let ownCode: RoomCode | null
const NOW = new Date('2025-03-04T05:06:07.089Z')
const STAMP = '2025-03-04T05-06-07-089Z'

beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'tonghwa-phone-stores-'))
  contactsFile = join(dir, CONTACTS_FILE_NAME)
  recentsFile = join(dir, RECENTS_FILE_NAME)
  saveErrors = []
  logs = []
  ownCode = null
})

/** Every store a test opened: their last writes must land before the folder is removed, or `rm` races them. */
const opened: Array<Pick<Awaited<ReturnType<typeof openPhoneStores>>, 'flush'>> = []

afterEach(async () => {
  await Promise.all(opened.splice(0).map((stores) => stores.flush().catch(() => undefined)))
  await fs.rm(dir, { recursive: true, force: true })
})

const open = async (overrides: Partial<PhoneStoresOptions> = {}) => {
  const stores = await openPhoneStores({ userDataDir: dir, ownCode: () => ownCode, onSaveError: (notice) => saveErrors.push(notice), now: () => NOW, log: (message) => void logs.push(message), ...overrides })
  opened.push(stores)
  return stores
}

const readJson = async (path: string) => JSON.parse(await fs.readFile(path, 'utf8')) as unknown
const filesIn = async () => (await fs.readdir(dir)).sort()

function contact(overrides: Partial<Contact> = {}): Contact {
  return { id: 'abcdefghij01' as Contact['id'], name: 'Minji', code: generateRoomCode(), createdAt: 1, updatedAt: 1, ...overrides }
}

function recent(overrides: Partial<RecentCall> = {}): RecentCall {
  return { id: 'abcdefghij01' as CallId, direction: 'incoming', code: generateRoomCode(), at: 1_000, outcome: 'missed', durationMs: null, ...overrides }
}

describe('openPhoneStores', () => {
  it('starts with empty lists and creates no file until something changes', async () => {
    const stores = await open()
    expect(stores.contacts.list()).toEqual([])
    expect(stores.recents.list()).toEqual([])
    expect(stores.notices).toEqual([])
    expect(await filesIn()).toEqual([])
    expect([stores.contactsPath, stores.recentsPath]).toEqual([contactsFile, recentsFile])
  })

  it('writes every change under a version and loads it back at the next start', async () => {
    const stores = await open()
    const minji = stores.contacts.add({ name: 'Minji', code: generateRoomCode() })
    stores.recents.add(recent({ code: minji.code }))
    await stores.flush()
    expect(await readJson(contactsFile)).toEqual({ version: 1, contacts: [minji] })
    expect(await readJson(recentsFile)).toEqual({ version: 1, recents: [recent({ code: minji.code })] })
    const again = await open()
    expect(again.contacts.list()).toEqual([minji])
    expect(again.recents.list()).toEqual([recent({ code: minji.code })])
  })

  it('keeps room calls next to calls with a person, and loads both back from a file written before rooms were recorded', async () => {
    // A file from before room calls were recorded: person calls without `kind`.
    const old = recent({ at: 500 })
    await fs.writeFile(recentsFile, JSON.stringify({ version: 1, recents: [old] }))
    const stores = await open()
    expect(stores.recents.list()).toEqual([old])
    const room = generateRoomCode()
    const added = stores.recents.addRoomCall(room, 61_000)
    expect(added).toMatchObject({ kind: 'room', code: room, outcome: 'joined', durationMs: 61_000 })
    await stores.flush()
    const again = await open()
    expect(again.recents.list()).toEqual([added, old])
    expect(again.notices).toEqual([])
  })

  it.each([
    ['a room call with a direction-less outcome of a person call', { kind: 'room', outcome: 'answered', durationMs: 1_000 }],
    ['a room call without a duration', { kind: 'room', outcome: 'joined', durationMs: null }],
    ['a room call that lasted longer than a week', { kind: 'room', outcome: 'joined', durationMs: 8 * 24 * 3600_000 }],
    ['a room call whose code fails its check character', { kind: 'room', outcome: 'joined', durationMs: 1_000, code: 'ABCDEFGHJK' }],
    ['an entry of a kind the app does not know', { kind: 'group', outcome: 'joined', durationMs: 1_000 }],
  ])('sets aside a recents file with %s', async (_what, fields) => {
    const room = { id: 'abcdefghij02', code: generateRoomCode(), at: 1_000, ...fields }
    await fs.writeFile(recentsFile, JSON.stringify({ version: 1, recents: [recent(), room] }))
    const stores = await open()
    expect(stores.recents.list()).toEqual([])
    expect(stores.notices.map((notice) => notice.code)).toEqual([ListFileNoticeCode.Recovered])
  })

  it('tells listeners about every change, with the whole list', async () => {
    const stores = await open()
    const seen: string[] = []
    stores.onContactsChanged((list) => seen.push(`contacts ${list.length}`))
    const off = stores.onRecentsChanged((list) => seen.push(`recents ${list.length}`))
    const added = stores.contacts.add({ name: 'Minji', code: generateRoomCode() })
    stores.recents.add(recent())
    off()
    stores.recents.clear()
    stores.contacts.remove(added.id)
    expect(seen).toEqual(['contacts 1', 'recents 1', 'contacts 0'])
  })

  it('rejects an invalid contact and writes nothing', async () => {
    const stores = await open()
    expect(() => stores.contacts.add({ name: '   ', code: generateRoomCode() })).toThrow(/^CONTACT_ERR_NAME_MISSING: /)
    expect(() => stores.contacts.add({ name: 'Minji', code: '7KD-93QF-XZ6' })).toThrow(/^CONTACT_ERR_BAD_CODE: /)
    ownCode = generateRoomCode()
    expect(() => stores.contacts.add({ name: 'Me', code: ownCode })).toThrow(/^CONTACT_ERR_OWN_CODE: /)
    await stores.flush()
    expect(await filesIn()).toEqual([])
  })

  it('survives a crash between writing the temp file and renaming it: the contacts saved before load, the temp file goes', async () => {
    const first = await open()
    const minji = first.contacts.add({ name: 'Minji', code: generateRoomCode() })
    await first.flush()

    // The next save writes and fsyncs its temp file, then the process dies before the rename.
    let tempWritten!: () => void
    const reachedRename = new Promise<void>((resolve) => (tempWritten = resolve))
    const crashing: JsonStoreFs = { ...fs, rename: () => (tempWritten(), new Promise<never>(() => {})) }
    // Not tracked by `open`: this one stands for a dead process, whose last write never finishes.
    const doomed = await openPhoneStores({ userDataDir: dir, ownCode: () => ownCode, onSaveError: () => {}, now: () => NOW, fs: crashing })
    doomed.contacts.add({ name: 'Bora', code: generateRoomCode() })
    await reachedRename
    expect((await filesIn()).some((name) => name.startsWith(`${CONTACTS_FILE_NAME}.`) && name.endsWith('.tmp'))).toBe(true)

    const restarted = await open()
    expect(restarted.contacts.list()).toEqual([minji])
    expect(restarted.notices).toEqual([])
    expect(await filesIn()).toEqual([CONTACTS_FILE_NAME])
  })

  it('keeps a damaged contacts file aside, byte for byte, starts empty, and tells the person where it is', async () => {
    await fs.writeFile(contactsFile, '{"version":1,"contacts":[{"id":')
    const stores = await open()
    const backup = join(dir, `${CONTACTS_FILE_NAME}.corrupt-${STAMP}`)
    expect(stores.contacts.list()).toEqual([])
    // Structured, for the window to word in its language: which list, where it was, where it went.
    expect(stores.notices).toEqual([{ code: ListFileNoticeCode.Recovered, list: 'contacts', path: contactsFile, backupPath: backup }])
    expect(await fs.readFile(backup, 'utf8')).toBe('{"version":1,"contacts":[{"id":')
    // The next change writes a fresh file and leaves the backup alone.
    stores.contacts.add({ name: 'Minji', code: generateRoomCode() })
    await stores.flush()
    expect(await filesIn()).toEqual([CONTACTS_FILE_NAME, `${CONTACTS_FILE_NAME}.corrupt-${STAMP}`])
  })

  it.each([
    ['an entry with a bad code', { version: 1, contacts: [contact(), contact({ id: 'abcdefghij02' as Contact['id'], code: '7KD93QFXZ6' as RoomCode })] }, 'entry 2 of 2'],
    ['an entry with a control character in the name', { version: 1, contacts: [contact({ name: 'Min\u0007ji' })] }, 'entry 1 of 1'],
    ['an entry with an extra-long name', { version: 1, contacts: [contact({ name: 'x'.repeat(81) })] }, 'entry 1 of 1'],
    ['two contacts with one code', { version: 1, contacts: [contact({ code: '7KD93QFXZ5' as RoomCode }), contact({ id: 'abcdefghij02' as Contact['id'], code: '7KD93QFXZ5' as RoomCode })] }, 'same code'],
    ['two contacts with one id', { version: 1, contacts: [contact(), contact()] }, 'same id'],
    ['no version', { contacts: [] }, 'no version'],
    ['a newer version', { version: 2, contacts: [] }, 'unknown version 2'],
    ['no list', { version: 1 }, 'no contacts list'],
    ['a list that is not one', { version: 1, contacts: {} }, 'no contacts list'],
    ['an array', [], 'not a JSON object'],
  ])('sets aside a contacts file with %s, logging the reason in English', async (_, content, reason) => {
    await fs.writeFile(contactsFile, JSON.stringify(content))
    const stores = await open()
    expect(stores.contacts.list()).toEqual([])
    expect(stores.notices.map((notice) => notice.code)).toEqual([ListFileNoticeCode.Recovered])
    expect(logs.join('\n')).toContain(reason)
    expect(await filesIn()).toEqual([`${CONTACTS_FILE_NAME}.corrupt-${STAMP}`])
  })

  it('sets aside a damaged recents file on its own, keeping the contacts', async () => {
    const first = await open()
    const minji = first.contacts.add({ name: 'Minji', code: generateRoomCode() })
    await first.flush()
    await fs.writeFile(recentsFile, JSON.stringify({ version: 1, recents: [recent({ outcome: 'exploded' as RecentCall['outcome'] })] }))
    const stores = await open()
    expect(stores.contacts.list()).toEqual([minji])
    expect(stores.notices).toEqual([{ code: ListFileNoticeCode.Recovered, list: 'recents', path: recentsFile, backupPath: expect.stringContaining('.corrupt-') }])
  })

  it('goes on without a file it cannot read, says so, and never overwrites it', async () => {
    const saved = { version: 1, contacts: [contact()] }
    await fs.writeFile(contactsFile, JSON.stringify(saved))
    const denied: JsonStoreFs = {
      ...fs,
      readFile: async (path, encoding) => {
        if (path === contactsFile) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })
        return fs.readFile(path, encoding)
      },
    }
    const stores = await open({ fs: denied })
    expect(stores.notices).toEqual([{ code: ListFileNoticeCode.Unreadable, list: 'contacts', path: contactsFile, error: expect.stringContaining('EACCES: permission denied') }])
    stores.contacts.add({ name: 'Bora', code: generateRoomCode() })
    await stores.flush()
    expect(await readJson(contactsFile)).toEqual(saved)
  })

  it('reports a save that failed, and keeps the change in memory', async () => {
    const full: JsonStoreFs = { ...fs, open: async () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })) }
    const stores = await open({ fs: full })
    stores.contacts.add({ name: 'Minji', code: generateRoomCode() })
    await stores.flush()
    expect(saveErrors).toEqual([{ code: ListFileNoticeCode.NotSaved, list: 'contacts', path: contactsFile, error: expect.stringContaining('ENOSPC') }])
    expect(logs.join('\n')).toContain('ENOSPC')
    expect(stores.contacts.list()).toHaveLength(1)
  })
})
