import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSenderCheck, trustedAppOrigins } from '../../../src/main/app-origin'
import { openAppPhone, SettingsNoticeCode, type AppPhone } from '../../../src/main/app-phone'
import { DevicesMenuController } from '../../../src/main/devices-menu-controller'
import { ListFileNoticeCode } from '../../../src/main/list-file'
import { createMediaAccessService } from '../../../src/main/media-commands'
import { CONTACTS_FILE_NAME } from '../../../src/main/phone-stores'
import { SettingsStore } from '../../../src/main/settings-store'
import { createSignalingClient } from '../../../src/main/signaling-connection'
import { connectWindowIpc } from '../../../src/main/window-ipc'
import { silentLogger, startSignalingServer, type RunningSignalingServer } from '../../../src/server'
import type { CallId } from '../../../src/shared/calls'
import type { Contact, RecentCall } from '../../../src/shared/contacts'
import type { BridgeEvents } from '../../../src/shared/ipc-contract'
import type { IncomingCall, OutgoingCall, PhoneIdentity, StructuredNotice } from '../../../src/shared/phone'
import { generateRoomCode } from '../../../src/shared/room-code'
import { delay } from './client-events'
import { FakeIpcMain, fromApp } from './fake-ipc-main'
import { recordingAttentionHost, type RecordingAttentionHost } from './recording-attention'

type Emitted = { [C in keyof BridgeEvents]: { channel: C; payload: BridgeEvents[C] } }[keyof BridgeEvents]

/** One window of an app: its IPC as the page sees it, and what main sent it. */
interface TestWindow {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  emitted: Emitted[]
  close(): void
}

/** One running app: its own user data, settings, phone and windows. */
interface TestApp {
  phone: AppPhone
  host: RecordingAttentionHost
  userDataDir: string
  openWindow(): TestWindow
  identity(): Promise<PhoneIdentity>
  quit(): Promise<void>
}

let server: RunningSignalingServer
const cleanups: Array<() => Promise<void>> = []

beforeEach(async () => {
  server = await startSignalingServer({ port: 0, logger: silentLogger, shutdownGraceMs: 100 })
})

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  await server.close()
})

async function startApp(options: { userDataDir?: string; ringTimeoutMs?: number; focused?: boolean } = {}): Promise<TestApp> {
  const userDataDir = options.userDataDir ?? (await fs.mkdtemp(join(tmpdir(), 'tonghwa-app-phone-')))
  if (!options.userDataDir) cleanups.push(() => fs.rm(userDataDir, { recursive: true, force: true }))
  const settings = await SettingsStore.open({ userDataDir, log: () => {} })
  const host = recordingAttentionHost({ count: 0, focused: options.focused ?? true })
  const phone = await openAppPhone({
    signalingUrl: server.url,
    userDataDir,
    settings,
    env: {},
    attentionHost: host,
    connection: { backoff: { initialMs: 50, maxMs: 100, factor: 2, jitter: 0 } },
    ...(options.ringTimeoutMs !== undefined ? { ringTimeoutMs: options.ringTimeoutMs } : {}),
    log: () => {},
  })
  const windows = new Set<() => void>()
  let nextId = 1
  let quit = false
  const app: TestApp = {
    phone,
    host,
    userDataDir,
    openWindow() {
      const ipc = new FakeIpcMain()
      const emitted: Emitted[] = []
      const client = createSignalingClient(server.url)
      const dispose = connectWindowIpc({
        ipc,
        isTrustedSender: createSenderCheck(trustedAppOrigins()),
        emit: (channel, payload) => void emitted.push({ channel, payload } as Emitted),
        client,
        windowId: nextId++,
        settings,
        devicesMenu: new DevicesMenuController({ onChange: () => {} }),
        media: createMediaAccessService({ platform: 'linux', systemPreferences: { getMediaAccessStatus: () => 'granted', askForMediaAccess: async () => true }, openExternal: async () => {} }),
        phone,
      })
      const close = () => {
        windows.delete(close)
        host.state.count -= 1
        dispose()
        client.close()
      }
      windows.add(close)
      host.state.count += 1
      return { invoke: (channel, ...args) => ipc.invoke(channel, fromApp, ...args), emitted, close }
    },
    identity: async () => {
      await until(() => phone.line.identity.status === 'online', 'the phone to be online')
      return phone.line.identity
    },
    async quit() {
      if (quit) return
      quit = true
      for (const close of [...windows]) close()
      await phone.close()
    },
  }
  cleanups.push(() => app.quit())
  return app
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await delay(5)
  }
}

/** The payloads sent to a window on `channel`, once there are `count` of them. */
async function received<C extends keyof BridgeEvents>(window: TestWindow, channel: C, count = 1): Promise<BridgeEvents[C][]> {
  const of = () => window.emitted.filter((entry) => entry.channel === channel).map((entry) => entry.payload as BridgeEvents[C])
  await until(() => of().length >= count, `${count} × ${channel}`)
  return of()
}

/** Alice and Bob, each with a window and online; Bob has Alice in his contacts. */
async function aliceAndBob(options: { aliceRingTimeoutMs?: number; bobFocused?: boolean } = {}) {
  const alice = await startApp(options.aliceRingTimeoutMs !== undefined ? { ringTimeoutMs: options.aliceRingTimeoutMs } : {})
  const bob = await startApp({ focused: options.bobFocused ?? true })
  const aliceWindow = alice.openWindow()
  const bobWindow = bob.openWindow()
  const [aliceId, bobId] = await Promise.all([alice.identity(), bob.identity()])
  await bobWindow.invoke('contacts:add', { name: 'Alice', code: aliceId.code })
  return { alice, bob, aliceWindow, bobWindow, aliceId, bobId }
}

describe('the app-level phone', () => {
  it('makes a personal code at the first start, saves its secret, and is reachable on the same code after a restart', async () => {
    const first = await startApp()
    const { code } = await first.identity()
    const settings = JSON.parse(await fs.readFile(join(first.userDataDir, 'settings.json'), 'utf8')) as { personalSecret?: string }
    expect(settings.personalSecret).toMatch(/^[A-Za-z0-9_-]{43}$/)
    await first.quit()
    const again = await startApp({ userDataDir: first.userDataDir })
    expect((await again.identity()).code).toBe(code)
  })

  it('regenerates the code on request: saved, registered, and the old code reaches nobody', async () => {
    const { bob, aliceWindow, bobWindow, bobId } = await aliceAndBob()
    const fresh = (await bobWindow.invoke('phone:regenerate-code')) as PhoneIdentity
    expect(fresh.code).not.toBe(bobId.code)
    const online = () => bobWindow.emitted.some((e) => e.channel === 'phone:identity' && e.payload.code === fresh.code && e.payload.status === 'online')
    await until(online, 'the new code to be online')
    const settings = JSON.parse(await fs.readFile(join(bob.userDataDir, 'settings.json'), 'utf8')) as { personalSecret?: string }
    expect(settings.personalSecret).toBe(bob.phone.line.code === fresh.code ? settings.personalSecret : 'the saved secret')
    const call = (await aliceWindow.invoke('phone:call', bobId.code)) as OutgoingCall
    expect((await received(aliceWindow, 'phone:call-update')).at(-1)).toEqual({ callId: call.callId, state: 'unreachable' })
    await bob.quit()
    const restarted = await startApp({ userDataDir: bob.userDataDir })
    expect((await restarted.identity()).code).toBe(fresh.code)
  })

  it('rings the callee with the name from their contacts; accepting reaches the caller; both record it, with its duration', async () => {
    const { aliceWindow, bobWindow, aliceId, bobId } = await aliceAndBob()
    const call = (await aliceWindow.invoke('phone:call', bobId.code)) as OutgoingCall
    const [incoming] = await received(bobWindow, 'phone:incoming-call')
    expect(incoming).toEqual<IncomingCall>({ callId: call.callId, from: aliceId.code, room: call.room, contactName: 'Alice' })
    expect(await received(aliceWindow, 'phone:call-update')).toEqual([{ callId: call.callId, state: 'ringing' }])

    await bobWindow.invoke('phone:answer', call.callId, true)
    expect((await received(aliceWindow, 'phone:call-update', 2))[1]).toEqual({ callId: call.callId, state: 'accepted' })
    await aliceWindow.invoke('phone:call-ended', call.callId, 90_000)
    await bobWindow.invoke('phone:call-ended', call.callId, 89_000)
    expect((await aliceWindow.invoke('recents:list')) as RecentCall[]).toEqual([
      { id: call.callId, direction: 'outgoing', code: bobId.code, at: expect.any(Number), outcome: 'answered', durationMs: 90_000 },
    ])
    expect(((await bobWindow.invoke('recents:list')) as RecentCall[]).map((r) => [r.direction, r.outcome, r.durationMs])).toEqual([['incoming', 'answered', 89_000]])
    expect((await received(bobWindow, 'recents:changed', 2)).at(-1)?.[0]?.durationMs).toBe(89_000)
  })

  it('tells the caller declined when the callee declines', async () => {
    const { aliceWindow, bobWindow, bobId } = await aliceAndBob()
    const call = (await aliceWindow.invoke('phone:call', bobId.code)) as OutgoingCall
    await received(bobWindow, 'phone:incoming-call')
    await bobWindow.invoke('phone:answer', call.callId, false)
    expect((await received(aliceWindow, 'phone:call-update', 2))[1]).toEqual({ callId: call.callId, state: 'declined' })
    expect(((await bobWindow.invoke('recents:list')) as RecentCall[])[0]?.outcome).toBe('declined')
  })

  it('answers busy, without ringing, while any window of the callee is in a call; and not after that window closed', async () => {
    const { bob, aliceWindow, bobWindow, aliceId, bobId } = await aliceAndBob()
    const second = bob.openWindow()
    await second.invoke('phone:set-in-call', true)
    const call = (await aliceWindow.invoke('phone:call', bobId.code)) as OutgoingCall
    expect((await received(aliceWindow, 'phone:call-update')).at(-1)).toEqual({ callId: call.callId, state: 'busy' })
    expect(bobWindow.emitted.some((entry) => entry.channel === 'phone:incoming-call')).toBe(false)
    expect(((await bobWindow.invoke('recents:list')) as RecentCall[])[0]).toMatchObject({ id: call.callId, outcome: 'missed' })
    // Every window hears of the busy call (the one in the call shows it), with the caller's code and contact name.
    for (const window of [bobWindow, second]) {
      expect(await received(window, 'phone:call-while-busy')).toEqual([{ callId: call.callId, from: aliceId.code, contactName: 'Alice' }])
    }

    second.close()
    const next = (await aliceWindow.invoke('phone:call', bobId.code)) as OutgoingCall
    expect((await received(bobWindow, 'phone:incoming-call')).at(-1)?.callId).toBe(next.callId)
  })

  it('says unreachable for a code nobody is reachable on', async () => {
    const alice = await startApp()
    const window = alice.openWindow()
    await alice.identity()
    const call = (await window.invoke('phone:call', generateRoomCode())) as OutgoingCall
    expect(await received(window, 'phone:call-update')).toEqual([{ callId: call.callId, state: 'unreachable' }])
    expect(((await window.invoke('recents:list')) as RecentCall[])[0]?.outcome).toBe('unreachable')
  })

  it('gives up after the ring timeout: no answer for the caller, a missed call for the callee', async () => {
    const { alice, aliceWindow, bobWindow, bobId } = await aliceAndBob({ aliceRingTimeoutMs: 2_000 })
    expect(alice.phone.ringTimeoutMs).toBe(2_000)
    const call = (await aliceWindow.invoke('phone:call', bobId.code)) as OutgoingCall
    expect(call.ringTimeoutMs).toBe(2_000)
    await received(bobWindow, 'phone:incoming-call')
    expect((await received(aliceWindow, 'phone:call-update', 2))[1]).toEqual({ callId: call.callId, state: 'no-answer' })
    expect(await received(bobWindow, 'phone:call-cancelled')).toEqual([{ callId: call.callId, reason: 'no-answer' }])
    expect(((await bobWindow.invoke('recents:list')) as RecentCall[])[0]?.outcome).toBe('missed')
    expect(((await aliceWindow.invoke('recents:list')) as RecentCall[])[0]?.outcome).toBe('no-answer')
  })

  it('hangs up a ringing call: the callee stops ringing, the caller records cancelled', async () => {
    const { aliceWindow, bobWindow, bobId } = await aliceAndBob()
    const call = (await aliceWindow.invoke('phone:call', bobId.code)) as OutgoingCall
    await received(bobWindow, 'phone:incoming-call')
    await aliceWindow.invoke('phone:hang-up', call.callId)
    expect(await received(bobWindow, 'phone:call-cancelled')).toEqual([{ callId: call.callId, reason: 'hung-up' }])
    expect(((await aliceWindow.invoke('recents:list')) as RecentCall[])[0]?.outcome).toBe('cancelled')
    await expect(bobWindow.invoke('phone:answer', call.callId, true)).rejects.toThrow(/^PHONE_ERR_UNKNOWN_CALL: /)
  })

  it('refuses to call its own code or while offline, with the stable codes', async () => {
    const alice = await startApp()
    const window = alice.openWindow()
    const { code } = await alice.identity()
    await expect(window.invoke('phone:call', code)).rejects.toThrow(/^PHONE_ERR_CALLING_SELF: /)
    await expect(window.invoke('phone:call', 'not-a-code')).rejects.toThrow(/^IPC_ERR_BAD_ARGS: /)
    alice.phone.client.close()
    await expect(window.invoke('phone:call', generateRoomCode())).rejects.toThrow(/^PHONE_ERR_NOT_ONLINE: /)
    expect((await received(window, 'phone:identity')).at(-1)).toEqual({ code, status: 'offline' })
  })

  it('notifies and asks for attention when no window of the callee is focused, and stops when answered', async () => {
    const { bob, aliceWindow, bobWindow, bobId } = await aliceAndBob({ bobFocused: false })
    const call = (await aliceWindow.invoke('phone:call', bobId.code)) as OutgoingCall
    await received(bobWindow, 'phone:incoming-call')
    expect(bob.phone.attention.records()).toEqual([{ callId: call.callId, decision: 'notify', title: 'Alice is calling' }])
    expect(bob.host.log).toEqual(['notify Alice is calling', 'attention'])
    await bobWindow.invoke('phone:answer', call.callId, false)
    expect(bob.host.log).toEqual(['notify Alice is calling', 'attention', 'close Alice is calling', 'attention-stop'])
  })

  it('stops the notification when the caller hangs up', async () => {
    const { bob, aliceWindow, bobWindow, bobId } = await aliceAndBob({ bobFocused: false })
    const call = (await aliceWindow.invoke('phone:call', bobId.code)) as OutgoingCall
    await received(bobWindow, 'phone:incoming-call')
    await aliceWindow.invoke('phone:hang-up', call.callId)
    await until(() => bob.host.log.includes('attention-stop'), 'the attention to stop')
  })

  it('opens a window for a call when none is open, and that window gets the ringing call once its page asks', async () => {
    const alice = await startApp()
    const aliceWindow = alice.openWindow()
    const bob = await startApp()
    const { code } = await bob.identity()
    await alice.identity()
    const call = (await aliceWindow.invoke('phone:call', code)) as OutgoingCall
    await until(() => bob.host.log.includes('open-window'), 'a window to be opened')
    const opened = bob.openWindow()
    await expect(opened.invoke('app:take-pending')).resolves.toEqual({ links: [], notices: [] })
    expect((await received(opened, 'phone:incoming-call'))[0]?.callId).toBe(call.callId)
  })

  it('keeps contacts: validated, saved to contacts.json, and announced to every window', async () => {
    const app = await startApp()
    const one = app.openWindow()
    const two = app.openWindow()
    const { code: ownCode } = await app.identity()
    const code = generateRoomCode()
    const added = (await one.invoke('contacts:add', { name: ' Minji ', code: code.toLowerCase() })) as Contact
    expect(added).toMatchObject({ name: 'Minji', code })
    expect(await received(two, 'contacts:changed')).toEqual([[added]])
    await expect(one.invoke('contacts:add', { name: 'Twin', code })).rejects.toThrow(/^CONTACT_ERR_DUPLICATE_CODE: /)
    await expect(one.invoke('contacts:add', { name: 'Me', code: ownCode })).rejects.toThrow(/^CONTACT_ERR_OWN_CODE: /)
    await expect(one.invoke('contacts:add', { name: 'Bad', code: '7KD-93QF-XZ6' })).rejects.toThrow(/^CONTACT_ERR_BAD_CODE: /)
    const edited = (await two.invoke('contacts:update', added.id, { name: 'Minji Kim', code })) as Contact
    await expect(one.invoke('contacts:list')).resolves.toEqual([edited])
    await one.invoke('contacts:remove', added.id)
    await expect(one.invoke('contacts:remove', added.id)).rejects.toThrow(/^CONTACT_ERR_NOT_FOUND: /)
    await app.quit()
    expect(JSON.parse(await fs.readFile(join(app.userDataDir, CONTACTS_FILE_NAME), 'utf8'))).toEqual({ version: 1, contacts: [] })
  })

  it('tells the first window that asks about a damaged contacts file and a damaged settings file', async () => {
    const userDataDir = await fs.mkdtemp(join(tmpdir(), 'tonghwa-app-phone-'))
    cleanups.push(() => fs.rm(userDataDir, { recursive: true, force: true }))
    await fs.writeFile(join(userDataDir, CONTACTS_FILE_NAME), 'not json')
    await fs.writeFile(join(userDataDir, 'settings.json'), '{"version":1,')
    const app = await startApp({ userDataDir })
    const window = app.openWindow()
    const pending = (await window.invoke('app:take-pending')) as { notices: StructuredNotice[] }
    expect(pending.notices).toEqual([
      { code: SettingsNoticeCode.Recovered, path: join(userDataDir, 'settings.json'), backupPath: expect.stringContaining(join(userDataDir, 'settings.json.corrupt-')) },
      {
        code: ListFileNoticeCode.Recovered,
        list: 'contacts',
        path: join(userDataDir, CONTACTS_FILE_NAME),
        backupPath: expect.stringContaining(join(userDataDir, `${CONTACTS_FILE_NAME}.corrupt-`)),
      },
    ])
  })

  it('hands a link to the window that listens, or keeps it until one asks', async () => {
    const app = await startApp()
    app.phone.openUrl('tonghwa://call/7KD-93QF-XZ5')
    const window = app.openWindow()
    await expect(window.invoke('app:take-pending')).resolves.toEqual({ links: [{ kind: 'call', code: '7KD93QFXZ5' }], notices: [] })
    app.phone.openUrl('tonghwa://join/7KD93QFXZ5')
    expect(await received(window, 'app:open-link')).toEqual([{ kind: 'join', room: '7KD93QFXZ5' }])
    app.phone.openUrl('tonghwa://call/../../etc')
    expect((await received(window, 'app:notice'))[0]?.code).toBe('DEEP_LINK_ERR_INVALID')
  })

  it('clears the recents on request', async () => {
    const app = await startApp()
    const window = app.openWindow()
    await app.identity()
    await window.invoke('phone:call', generateRoomCode())
    await received(window, 'recents:changed')
    await window.invoke('recents:clear')
    await expect(window.invoke('recents:list')).resolves.toEqual([])
    await expect(window.invoke('phone:call-ended', 'abcdefghij01' as CallId, 1)).rejects.toThrow(/^PHONE_ERR_UNKNOWN_CALL: /)
  })
})
