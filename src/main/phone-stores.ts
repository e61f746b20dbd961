/**
 * The contacts and recent calls on disk: `<userData>/contacts.json` and `<userData>/recents.json`, each a
 * `list-file.ts` file (atomic writes, a damaged file moved aside and reported, never silently emptied),
 * loaded into the shared `ContactBook` and `RecentsBook`. Every change is written at once, in order, and
 * announced to whoever listens (every window, as `contacts:changed` / `recents:changed`).
 * No Electron import: tested in Node.
 */
import { join } from 'node:path'
import { ContactBook, RecentsBook } from '../shared/contact-book'
import { CONTACT_LIMITS, isContact, isRecentEntry, type Contact, type RecentEntry } from '../shared/contacts'
import type { StructuredNotice } from '../shared/phone'
import type { RoomCode } from '../shared/room-code'
import type { JsonStoreFs } from './json-file-store'
import { openListFile } from './list-file'

export const CONTACTS_FILE_NAME = 'contacts.json'
export const RECENTS_FILE_NAME = 'recents.json'

export interface PhoneStoresOptions {
  /** `app.getPath('userData')`. */
  userDataDir: string
  /** This installation's personal code now, so it is never saved as a contact. */
  ownCode: () => RoomCode | null
  /** Told when a change could not be written. */
  onSaveError: (notice: StructuredNotice) => void
  fs?: JsonStoreFs
  now?: () => Date
  /** Default `console.warn`. */
  log?: (message: string) => void
}

export interface PhoneStores {
  readonly contacts: ContactBook
  readonly recents: RecentsBook
  readonly contactsPath: string
  readonly recentsPath: string
  /** What the person must be told about the files found at start (damaged and moved aside, unreadable). */
  readonly notices: StructuredNotice[]
  onContactsChanged(listener: (contacts: Contact[]) => void): () => void
  onRecentsChanged(listener: (recents: RecentEntry[]) => void): () => void
  /** Resolves when every write queued so far is on disk: call before quitting. */
  flush(): Promise<void>
}

export async function openPhoneStores(options: PhoneStoresOptions): Promise<PhoneStores> {
  const io = {
    ...(options.fs ? { fs: options.fs } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.log ? { log: options.log } : {}),
    onSaveError: options.onSaveError,
  }
  const [contactsFile, recentsFile] = await Promise.all([
    openListFile<Contact>({
      path: join(options.userDataDir, CONTACTS_FILE_NAME),
      key: 'contacts',
      list: 'contacts',
      isItem: isContact,
      checkList: checkContacts,
      ...io,
    }),
    openListFile<RecentEntry>({
      path: join(options.userDataDir, RECENTS_FILE_NAME),
      key: 'recents',
      list: 'recents',
      // Calls with a person and calls in a room; each entry is checked whole, as the kind it says it is.
      isItem: isRecentEntry,
      checkList: (recents) => (hasDuplicates(recents.map((recent) => recent.id)) ? 'two entries have the same id' : null),
      ...io,
    }),
  ])

  const contactListeners = new Set<(contacts: Contact[]) => void>()
  const recentListeners = new Set<(recents: RecentEntry[]) => void>()
  const contacts = new ContactBook({
    contacts: contactsFile.items,
    ownCode: options.ownCode,
    onChange: (list) => {
      void contactsFile.save(list)
      for (const listener of contactListeners) listener(list)
    },
  })
  const recents = new RecentsBook({
    entries: recentsFile.items,
    onChange: (list) => {
      void recentsFile.save(list)
      for (const listener of recentListeners) listener(list)
    },
  })

  return {
    contacts,
    recents,
    contactsPath: contactsFile.path,
    recentsPath: recentsFile.path,
    notices: [contactsFile.notice, recentsFile.notice].filter((notice): notice is StructuredNotice => notice !== null),
    onContactsChanged: (listener) => subscribe(contactListeners, listener),
    onRecentsChanged: (listener) => subscribe(recentListeners, listener),
    flush: async () => {
      await Promise.all([contactsFile.flush(), recentsFile.flush()])
    },
  }
}

function checkContacts(contacts: readonly Contact[]): string | null {
  if (contacts.length > CONTACT_LIMITS.contacts) return `more than ${CONTACT_LIMITS.contacts} contacts`
  if (hasDuplicates(contacts.map((contact) => contact.id))) return 'two contacts have the same id'
  if (hasDuplicates(contacts.map((contact) => contact.code))) return 'two contacts have the same code'
  return null
}

function hasDuplicates(values: readonly string[]): boolean {
  return new Set(values).size !== values.length
}

function subscribe<T>(set: Set<T>, listener: T): () => void {
  set.add(listener)
  return () => set.delete(listener)
}
