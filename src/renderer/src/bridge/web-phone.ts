/**
 * The phone half of the bridge in web mode: the same `PhoneLine`, `ContactBook` and `RecentsBook` main runs in
 * the app, run in the page over the page's one signaling connection (the room and the presence share it). The
 * secret, contacts, recents and the ring-timeout setting live in `localStorage` (web-phone-storage.ts).
 */
import type { CallId } from '../../../shared/calls'
import { isCertificateFingerprint, type CertificateFingerprint } from '../../../shared/certificate-fingerprint'
import { isIdentityPublicKey, type IdentityPublicKey } from '../../../shared/identity-key'
import { ContactBook, RecentsBook } from '../../../shared/contact-book'
import type { ContactDraft, ContactId } from '../../../shared/contacts'
import type { TonghwaBridge, Unsubscribe } from '../../../shared/ipc-contract'
import { generatePersonalSecret, personalCodeFromDigest, type PersonalSecret } from '../../../shared/personal-code'
import type { AppNotice, DeepLink, NoticeList } from '../../../shared/phone'
import { PhoneLine } from '../../../shared/phone-line'
import type { RoomCode } from '../../../shared/room-code'
import type { SignalingClient } from '../../../shared/signaling-client'
import type { StorageLike } from './web-device-preferences'
import { callLinkFromSearch } from './web-links'
import {
  loadContacts,
  loadPersonalSecret,
  loadRecents,
  PHONE_STORAGE_KEYS,
  readRingTimeout,
  saveList,
  savePersonalSecret,
  WebStoreNoticeCode,
} from './web-phone-storage'

export type PhoneBridgePart = Pick<
  TonghwaBridge,
  | 'getPhoneIdentity'
  | 'regeneratePersonalCode'
  | 'callPerson'
  | 'hangUpCall'
  | 'answerCall'
  | 'setInCall'
  | 'reportCallEnded'
  | 'listContacts'
  | 'addContact'
  | 'updateContact'
  | 'removeContact'
  | 'setContactVerified'
  | 'listRecents'
  | 'clearRecents'
  | 'recordRoomCall'
  | 'takePending'
  | 'onPhoneIdentity'
  | 'onIncomingCall'
  | 'onCallUpdate'
  | 'onCallCancelled'
  | 'onCallWhileBusy'
  | 'onContactsChanged'
  | 'onRecentsChanged'
  | 'onOpenLink'
  | 'onNotice'
>

export interface WebPhoneOptions {
  client: SignalingClient
  storage: StorageLike | null
  /** The page's query string: `?call=<code>` is taken as a call link. */
  search?: string
  /** SHA-256 of the secret as a personal code. Default: `crypto.subtle` (needs a secure page). */
  deriveCode?: (secret: PersonalSecret) => Promise<RoomCode>
  generateSecret?: () => PersonalSecret
  warn?: (message: string) => void
}

export function createWebPhone(options: WebPhoneOptions): PhoneBridgePart {
  const { client, storage } = options
  const warn = options.warn ?? ((message: string) => console.warn('[tonghwa]', message))
  const generateSecret = options.generateSecret ?? generatePersonalSecret
  const notices = new Emitter<AppNotice>()
  const contactsChanged = new Emitter<ReturnType<ContactBook['list']>>()
  const recentsChanged = new Emitter<ReturnType<RecentsBook['list']>>()
  /** Links and notices from before anyone listened, for `takePending`. */
  const pending: { links: DeepLink[]; notices: AppNotice[] } = { links: [], notices: [] }
  const tell = (notice: AppNotice) => {
    if (notices.size > 0) notices.emit(notice)
    else pending.notices.push(notice)
  }
  const saved = (which: NoticeList, list: readonly unknown[]) => {
    const key = PHONE_STORAGE_KEYS[which]
    if (saveList(storage, key, list)) return
    warn(`${WebStoreNoticeCode.WriteFailed}: could not write localStorage["${key}"]`)
    tell({ code: WebStoreNoticeCode.WriteFailed, list: which })
  }

  const secret = loadPersonalSecret(storage, generateSecret)
  const contacts = loadContacts(storage)
  const recents = loadRecents(storage)
  for (const notice of [secret.notice, contacts.notice, recents.notice]) if (notice) tell(notice)
  const link = callLinkFromSearch(options.search ?? '')
  if (link && 'link' in link) pending.links.push(link.link)
  if (link && 'notice' in link) tell(link.notice)

  let ownCode: RoomCode | null = null
  let inCall = false
  const contactBook = new ContactBook({
    contacts: contacts.value,
    ownCode: () => ownCode,
    onChange: (list) => {
      saved('contacts', list)
      contactsChanged.emit(list)
    },
  })
  const recentsBook = new RecentsBook({
    entries: recents.value,
    onChange: (list) => {
      saved('recents', list)
      recentsChanged.emit(list)
    },
  })
  const line = new PhoneLine({
    client,
    secret: secret.value,
    deriveCode: options.deriveCode ?? deriveCodeWithWebCrypto,
    ringTimeoutMs: readRingTimeout(storage),
    lookupName: (code) => contactBook.nameFor(code),
    recents: recentsBook,
    isBusy: () => inCall,
  })
  line.on('identity', (identity) => {
    ownCode = identity.code
  })
  line.on('notice', tell)
  // Reachable from the moment the page loads, not only once the home screen asks.
  const started = line.start().then(
    (identity) => {
      ownCode = identity.code
      return identity
    },
    (error: unknown) => {
      tell({ code: 'PHONE_ERR_NO_CODE' })
      throw error
    },
  )
  started.catch(() => undefined)

  return {
    getPhoneIdentity: async () => {
      await started
      return line.identity
    },
    regeneratePersonalCode: async () => {
      await started
      const next = generateSecret()
      savePersonalSecret(storage, next)
      return line.regenerate(next)
    },
    callPerson: async (code) => {
      await started
      return line.call(code)
    },
    hangUpCall: async (callId: CallId) => line.hangUp(callId),
    answerCall: async (callId, accept) => line.answer(callId, accept),
    setInCall: async (value) => {
      inCall = value
    },
    reportCallEnded: async (callId, durationMs) => line.callEnded(callId, durationMs),
    listContacts: async () => contactBook.list(),
    addContact: async (draft: ContactDraft) => contactBook.add(draft),
    updateContact: async (id: ContactId, draft: ContactDraft) => contactBook.update(id, draft),
    removeContact: async (id: ContactId) => contactBook.remove(id),
    // The same check as on the IPC boundary: the page's own code could pass anything.
    setContactVerified: async (id: ContactId, fingerprint: CertificateFingerprint | null, identityKey: IdentityPublicKey | null = null) => {
      if (fingerprint !== null && !isCertificateFingerprint(fingerprint)) throw new TypeError('not a certificate fingerprint')
      if (identityKey !== null && !isIdentityPublicKey(identityKey)) throw new TypeError('not an identity key')
      return contactBook.setVerified(id, fingerprint, identityKey)
    },
    listRecents: async () => recentsBook.list(),
    clearRecents: async () => recentsBook.clear(),
    recordRoomCall: async (room, durationMs) => {
      recentsBook.addRoomCall(room, durationMs)
    },
    takePending: async () => ({ links: pending.links.splice(0), notices: pending.notices.splice(0) }),
    onPhoneIdentity: (listener) => line.on('identity', listener),
    onIncomingCall: (listener) => line.on('incoming-call', listener),
    onCallUpdate: (listener) => line.on('call-update', listener),
    onCallCancelled: (listener) => line.on('call-cancelled', listener),
    onCallWhileBusy: (listener) => line.on('call-while-busy', listener),
    onContactsChanged: (listener) => contactsChanged.on(listener),
    onRecentsChanged: (listener) => recentsChanged.on(listener),
    // A page has no `tonghwa://` links; `?call=` arrives through `takePending`.
    onOpenLink: () => () => undefined,
    onNotice: (listener) => notices.on(listener),
  }
}

/** The browser's SHA-256 (only on secure pages: https, or http on localhost). */
async function deriveCodeWithWebCrypto(secret: PersonalSecret): Promise<RoomCode> {
  if (!globalThis.crypto?.subtle) throw new Error('PHONE_ERR_NO_CRYPTO: crypto.subtle is missing (not a secure page)')
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret))
  return personalCodeFromDigest(new Uint8Array(digest))
}

class Emitter<T> {
  readonly #listeners = new Set<(payload: T) => void>()
  get size(): number {
    return this.#listeners.size
  }
  on(listener: (payload: T) => void): Unsubscribe {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }
  emit(payload: T): void {
    for (const listener of [...this.#listeners]) listener(payload)
  }
}
