/**
 * Web mode's phone end to end: two pages' worth of `createWebPhone`, each over its own `SignalingClient`, against
 * the real signaling server on a free loopback port, with `localStorage` played by memory.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createWebPhone, type PhoneBridgePart } from '../../../src/renderer/src/bridge/web-phone'
import { PHONE_STORAGE_KEYS } from '../../../src/renderer/src/bridge/web-phone-storage'
import { startSignalingServer, type RunningSignalingServer } from '../../../src/server'
import { silentLogger } from '../../../src/server/log'
import { ContactErrorCode, type RecentEntry } from '../../../src/shared/contacts'
import type { AppNotice, CallCancelled, CallUpdate, CallWhileBusy, IncomingCall, PhoneIdentity } from '../../../src/shared/phone'
import { formatRoomCode, generateRoomCode, type RoomCode } from '../../../src/shared/room-code'
import { SignalingClient, type WebSocketLike } from '../../../src/shared/signaling-client'

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

let server: RunningSignalingServer | undefined
const clients: SignalingClient[] = []

afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  await server?.close()
  server = undefined
})

interface Page {
  phone: PhoneBridgePart
  storage: MemoryStorage
  client: SignalingClient
  code: RoomCode
}

async function openPage(url: string, options: { storage?: MemoryStorage; search?: string } = {}): Promise<Page> {
  const storage = options.storage ?? new MemoryStorage()
  const client = new SignalingClient({ url, createSocket: (socketUrl) => new WebSocket(socketUrl) as unknown as WebSocketLike })
  clients.push(client)
  client.connect()
  const phone = createWebPhone({ client, storage, search: options.search, warn: () => undefined })
  const identity = await online(phone)
  return { phone, storage, client, code: identity.code }
}

async function twoPages(options: { aliceStorage?: MemoryStorage } = {}) {
  server = await startSignalingServer({ host: '127.0.0.1', port: 0, logger: silentLogger })
  return { alice: await openPage(server.url, { storage: options.aliceStorage }), bob: await openPage(server.url) }
}

/** Resolves with the identity once the page is reachable on its code. */
async function online(phone: PhoneBridgePart): Promise<PhoneIdentity> {
  const now = await phone.getPhoneIdentity()
  if (now.status === 'online') return now
  return next<PhoneIdentity>((listener) => phone.onPhoneIdentity(listener), (identity) => identity.status === 'online')
}

/** The next event from `subscribe` that passes `accept`. */
function next<T>(subscribe: (listener: (value: T) => void) => () => void, accept: (value: T) => boolean = () => true, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe()
      reject(new Error('timed out waiting for an event'))
    }, timeoutMs)
    const unsubscribe = subscribe((value) => {
      if (!accept(value)) return
      clearTimeout(timer)
      unsubscribe()
      resolve(value)
    })
  })
}

const recentsOf = async (page: Page) =>
  (await page.phone.listRecents()).map((entry: RecentEntry) => `${entry.kind === 'room' ? 'room' : entry.direction} ${entry.outcome} ${entry.code}`)

describe('web mode’s phone', () => {
  it('is reachable on the code derived from the secret it keeps in localStorage', async () => {
    const { alice } = await twoPages()
    expect(alice.storage.getItem(PHONE_STORAGE_KEYS.secret)).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(alice.client.registeredCode).toBe(alice.code)
    // The same storage is the same installation: the same code after a reload.
    const again = await openPage(server!.url, { storage: alice.storage })
    expect(again.code).toBe(alice.code)
  })

  it('rings the callee with the caller’s contact name; accepting reaches the caller; both record it', async () => {
    const { alice, bob } = await twoPages()
    await bob.phone.addContact({ name: 'Alice', code: formatRoomCode(alice.code) })
    const ringing = next<IncomingCall>((listener) => bob.phone.onIncomingCall(listener))
    const call = await alice.phone.callPerson(bob.code)
    const incoming = await ringing
    expect(incoming).toEqual({ callId: call.callId, from: alice.code, room: call.room, contactName: 'Alice' })

    const accepted = next<CallUpdate>((listener) => alice.phone.onCallUpdate(listener), (update) => update.state === 'accepted')
    await bob.phone.answerCall(incoming.callId, true)
    await accepted
    await alice.phone.reportCallEnded(call.callId, 42_000)
    expect(await recentsOf(alice)).toEqual([`outgoing answered ${bob.code}`])
    expect(await recentsOf(bob)).toEqual([`incoming answered ${alice.code}`])
    expect((await alice.phone.listRecents())[0]!.durationMs).toBe(42_000)
    expect(JSON.parse(alice.storage.getItem(PHONE_STORAGE_KEYS.recents)!)).toHaveLength(1)
  })

  it('records a room call that ended, in localStorage too, and refuses one that is not a room and a duration', async () => {
    const { alice } = await twoPages()
    const room = generateRoomCode()
    await alice.phone.recordRoomCall(room, 75_000)
    expect(await recentsOf(alice)).toEqual([`room joined ${room}`])
    expect((await alice.phone.listRecents())[0]).toMatchObject({ kind: 'room', durationMs: 75_000 })
    expect(JSON.parse(alice.storage.getItem(PHONE_STORAGE_KEYS.recents)!)).toHaveLength(1)
    await expect(alice.phone.recordRoomCall('7kd-93qf-xz5' as RoomCode, 1)).rejects.toThrow(TypeError)
    await expect(alice.phone.recordRoomCall(room, -5)).rejects.toThrow(TypeError)
    expect(await recentsOf(alice)).toHaveLength(1)
  })

  it('answers "busy" for the callee while the page says it is in a call', async () => {
    const { alice, bob } = await twoPages()
    let rang = false
    bob.phone.onIncomingCall(() => (rang = true))
    await bob.phone.setInCall(true)
    const busy = next<CallUpdate>((listener) => alice.phone.onCallUpdate(listener), (update) => update.state === 'busy')
    const told = next<CallWhileBusy>((listener) => bob.phone.onCallWhileBusy(listener))
    const call = await alice.phone.callPerson(bob.code)
    await busy
    expect(rang).toBe(false)
    // The page in the call hears who tried, to offer a call back.
    expect(await told).toEqual({ callId: call.callId, from: alice.code, contactName: null })
    expect(await recentsOf(bob)).toEqual([`incoming missed ${alice.code}`])
  })

  it('gives up after the ring timeout set in localStorage, and the callee has a missed call', async () => {
    const aliceStorage = new MemoryStorage()
    aliceStorage.setItem(PHONE_STORAGE_KEYS.ringTimeoutMs, '2000')
    const { alice, bob } = await twoPages({ aliceStorage })
    const cancelled = next<CallCancelled>((listener) => bob.phone.onCallCancelled(listener))
    const noAnswer = next<CallUpdate>((listener) => alice.phone.onCallUpdate(listener), (update) => update.state === 'no-answer')
    const call = await alice.phone.callPerson(bob.code)
    expect(call.ringTimeoutMs).toBe(2_000)
    await noAnswer
    expect(await cancelled).toEqual({ callId: call.callId, reason: 'no-answer' })
    expect(await recentsOf(bob)).toEqual([`incoming missed ${alice.code}`])
  }, 10_000)

  it('keeps contacts in localStorage, checked like main checks them', async () => {
    const { alice, bob } = await twoPages()
    const changes = next<unknown>((listener) => alice.phone.onContactsChanged(listener))
    const saved = await alice.phone.addContact({ name: ' Bob ', code: formatRoomCode(bob.code).toLowerCase() })
    expect(await changes).toEqual([saved])
    expect(JSON.parse(alice.storage.getItem(PHONE_STORAGE_KEYS.contacts)!)).toEqual([saved])
    await expect(alice.phone.addContact({ name: 'Me', code: alice.code })).rejects.toThrow(ContactErrorCode.OwnCode)
    await alice.phone.updateContact(saved.id, { name: 'Bobby', code: bob.code })
    expect((await alice.phone.listContacts()).map((contact) => contact.name)).toEqual(['Bobby'])
    await alice.phone.removeContact(saved.id)
    expect(await alice.phone.listContacts()).toEqual([])
  })

  it('tells the page, by code and list, when the browser refuses to save a contact', async () => {
    const { alice, bob } = await twoPages()
    alice.storage.setItem = (key: string, value: string) => {
      if (key === PHONE_STORAGE_KEYS.contacts) throw new DOMException('quota', 'QuotaExceededError')
      alice.storage.items.set(key, value)
    }
    const notice = next<AppNotice>((listener) => alice.phone.onNotice(listener))
    await alice.phone.addContact({ name: 'Bob', code: bob.code })
    expect(await notice).toEqual({ code: 'STORE_ERR_WRITE', list: 'contacts' })
  })

  it('hands a ?call= link and the notices from loading to the first takePending, then notices go to onNotice', async () => {
    server = await startSignalingServer({ host: '127.0.0.1', port: 0, logger: silentLogger })
    const storage = new MemoryStorage()
    storage.setItem(PHONE_STORAGE_KEYS.contacts, 'not json')
    const bob = await openPage(server.url)
    const alice = await openPage(server.url, { storage, search: `?call=${formatRoomCode(bob.code)}` })
    const pending = await alice.phone.takePending()
    expect(pending.links).toEqual([{ kind: 'call', code: bob.code }])
    expect(pending.notices.map((notice) => notice.code)).toEqual(['BROWSER_STORE_NOTICE_RECOVERED'])
    expect(await alice.phone.takePending()).toEqual({ links: [], notices: [] })
  })

  it('regenerates the code: the new one is kept and reachable, the old one reaches nobody', async () => {
    const { alice, bob } = await twoPages()
    const oldCode = bob.code
    const regenerated = await bob.phone.regeneratePersonalCode()
    expect(regenerated.code).not.toBe(oldCode)
    await online(bob.phone)
    expect(bob.storage.getItem(PHONE_STORAGE_KEYS.secret)).not.toBeNull()
    const unreachable = next<CallUpdate>((listener) => alice.phone.onCallUpdate(listener), (update) => update.state === 'unreachable')
    await alice.phone.callPerson(oldCode)
    await unreachable
    const ringing = next<IncomingCall>((listener) => bob.phone.onIncomingCall(listener))
    await alice.phone.callPerson(regenerated.code)
    expect((await ringing).from).toBe(alice.code)
  })
})
