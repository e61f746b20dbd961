import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MenuItemConstructorOptions } from 'electron'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSenderCheck, trustedAppOrigins } from '../../../src/main/app-origin'
import { openAppPhone, type AppPhone } from '../../../src/main/app-phone'
import { DevicesMenuController } from '../../../src/main/devices-menu-controller'
import { createMediaAccessService } from '../../../src/main/media-commands'
import { PRIVACY_SETTINGS_URLS } from '../../../src/main/privacy-settings'
import { SettingsStore } from '../../../src/main/settings-store'
import { createSignalingClient } from '../../../src/main/signaling-connection'
import { connectWindowIpc } from '../../../src/main/window-ipc'
import { silentLogger, startSignalingServer, type RunningSignalingServer } from '../../../src/server'
import type { DeviceReport, MediaAccessStatus } from '../../../src/shared/devices'
import { commandArgs, type BridgeEvents } from '../../../src/shared/ipc-contract'
import type { IceCandidate, SessionDescription } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import type { SignalingClient } from '../../../src/shared/signaling-client'
import { createClientPool } from '../../support/ws-client'
import { delay, stateReached } from './client-events'
import { FakeIpcMain, fromApp } from './fake-ipc-main'
import { recordingAttentionHost } from './recording-attention'

type Emitted = { [C in keyof BridgeEvents]: { channel: C; payload: BridgeEvents[C] } }[keyof BridgeEvents]

const description: SessionDescription = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' }
const candidate: IceCandidate = { candidate: 'candidate:1 1 udp 2122260223 10.0.0.1 54400 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null }
const deviceReport: DeviceReport = {
  cameras: [
    { deviceId: 'cam-a', label: 'Built-in Camera' },
    { deviceId: 'cam-b', label: 'USB Camera' },
  ],
  microphones: [
    { deviceId: 'default', label: 'Default - Built-in Microphone' },
    { deviceId: 'mic-a', label: 'Built-in Microphone' },
  ],
  speakers: [],
  active: { camera: 'cam-a', microphone: 'default', speaker: null },
  canChooseSpeaker: false,
}

let server: RunningSignalingServer
let client: SignalingClient
let ipc: FakeIpcMain
let emitted: Emitted[]
let dispose: () => void
let userDataDir: string
let settings: SettingsStore
let devicesMenu: DevicesMenuController
let installedMenus: MenuItemConstructorOptions[]
let opened: string[]
let macStatus: Record<'camera' | 'microphone', MediaAccessStatus>
let phone: AppPhone
const pool = createClientPool()

beforeEach(async () => {
  server = await startSignalingServer({ port: 0, logger: silentLogger, shutdownGraceMs: 100 })
  client = createSignalingClient(server.url, { backoff: { initialMs: 50, maxMs: 100, factor: 2, jitter: 0 } })
  ipc = new FakeIpcMain()
  emitted = []
  userDataDir = await fs.mkdtemp(join(tmpdir(), 'tonghwa-window-ipc-'))
  settings = await SettingsStore.open({ userDataDir, log: () => {} })
  installedMenus = []
  devicesMenu = new DevicesMenuController({ onChange: (menu) => void installedMenus.push(menu) })
  opened = []
  macStatus = { camera: 'not-determined', microphone: 'granted' }
  phone = await openAppPhone({ signalingUrl: server.url, userDataDir, settings, env: {}, attentionHost: recordingAttentionHost(), log: () => {} })
  dispose = connectWindowIpc({
    ipc,
    isTrustedSender: createSenderCheck(trustedAppOrigins()),
    emit: (channel, payload) => emitted.push({ channel, payload } as Emitted),
    client,
    windowId: 1,
    settings,
    devicesMenu,
    media: createMediaAccessService({
      platform: 'darwin',
      systemPreferences: {
        getMediaAccessStatus: (kind) => macStatus[kind],
        askForMediaAccess: async (kind) => {
          macStatus[kind] = 'granted'
          return true
        },
      },
      openExternal: async (url) => void opened.push(url),
      log: () => {},
    }),
    phone,
  })
})

afterEach(async () => {
  dispose()
  client.close()
  await phone.close()
  await pool.closeAll()
  await server.close()
  await settings.flush()
  await fs.rm(userDataDir, { recursive: true, force: true })
})

/** The next emitted event on `channel` (already emitted ones count), or a timeout naming the channel. */
async function emittedOn<C extends keyof BridgeEvents>(channel: C, timeoutMs = 3_000): Promise<BridgeEvents[C]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = emitted.find((entry) => entry.channel === channel)
    if (found) return found.payload as BridgeEvents[C]
    if (Date.now() > deadline) throw new Error(`nothing emitted on ${channel} within ${timeoutMs} ms`)
    await delay(5)
  }
}

const submenu = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[]
const section = (menu: MenuItemConstructorOptions | undefined, title: string) => submenu(submenu(menu).find((item) => item.label === title))

describe('connectWindowIpc', () => {
  it('registers exactly one handler per command channel of the contract', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.keys(commandArgs).sort())
  })

  describe('signaling', () => {
    it('forwards connection state changes on signaling:connection-state', async () => {
      client.connect()
      await stateReached(client, 'open')
      expect(emitted.filter((entry) => entry.channel === 'signaling:connection-state').map((entry) => entry.payload)).toEqual([
        { status: 'connecting', attempt: 1 },
        { status: 'open' },
      ])
    })

    it('answers get-connection-state with the client state', async () => {
      client.connect()
      await stateReached(client, 'open')
      await expect(ipc.invoke('signaling:get-connection-state', fromApp)).resolves.toEqual({ status: 'open' })
    })

    it('joins a room through the handler and emits signaling:joined', async () => {
      client.connect()
      const room = generateRoomCode()
      await expect(ipc.invoke('signaling:join-room', fromApp, room)).resolves.toBeUndefined()
      const joined = await emittedOn('signaling:joined')
      expect(joined).toMatchObject({ room, peers: [], iceServers: [] })
      expect(joined.peerId).toMatch(/^[0-9a-z]{12}$/)
    })

    it('relays descriptions and candidates both ways and forwards peer arrivals and departures', async () => {
      client.connect()
      const room = generateRoomCode()
      await ipc.invoke('signaling:join-room', fromApp, room)
      const me = (await emittedOn('signaling:joined')).peerId
      const bob = await pool.connect(server.url)
      const bobId = (await bob.join(room)).peerId
      expect(await emittedOn('signaling:peer-joined')).toEqual({ peerId: bobId })

      await ipc.invoke('signaling:send-description', fromApp, bobId, description)
      expect(await bob.next('signal')).toEqual({ v: 1, type: 'signal', from: me, data: { kind: 'description', description } })
      await ipc.invoke('signaling:send-candidate', fromApp, bobId, candidate)
      expect(await bob.next('signal')).toEqual({ v: 1, type: 'signal', from: me, data: { kind: 'candidate', candidate } })

      bob.send({ v: 1, type: 'signal', to: me, data: { kind: 'description', description: { type: 'answer', sdp: 'v=0\r\n' } } })
      expect(await emittedOn('signaling:description')).toEqual({ from: bobId, description: { type: 'answer', sdp: 'v=0\r\n' } })
      bob.send({ v: 1, type: 'signal', to: me, data: { kind: 'candidate', candidate } })
      expect(await emittedOn('signaling:candidate')).toEqual({ from: bobId, candidate })

      bob.send({ v: 1, type: 'leave' })
      expect(await emittedOn('signaling:peer-left')).toEqual({ peerId: bobId, reason: 'left' })
      await ipc.invoke('signaling:leave-room', fromApp)
      expect(client.room).toBeNull()
    })

    it('forwards server errors on signaling:error', async () => {
      client.connect()
      const room = generateRoomCode()
      const alice = await pool.connect(server.url)
      const bob = await pool.connect(server.url)
      await alice.join(room)
      await bob.join(room)
      await ipc.invoke('signaling:join-room', fromApp, room)
      expect(await emittedOn('signaling:error')).toMatchObject({ code: 'SIG_ERR_ROOM_FULL' })
    })

    it('does not touch the client when the arguments are bad', async () => {
      await expect(ipc.invoke('signaling:join-room', fromApp, 'lobby')).rejects.toMatchObject({ code: 'IPC_ERR_BAD_ARGS' })
      expect(client.room).toBeNull()
    })
  })

  describe('devices', () => {
    it("rebuilds the Devices menu from the window's report", async () => {
      await ipc.invoke('devices:report', fromApp, deviceReport)
      expect(installedMenus).toHaveLength(1)
      expect(section(installedMenus[0], 'Camera').map((item) => [item.label, item.checked])).toEqual([
        ['Built-in Camera', true],
        ['USB Camera', false],
      ])
      expect(section(installedMenus[0], 'Microphone').map((item) => [item.label, item.checked])).toEqual([
        ['System default (Built-in Microphone)', true],
        ['Built-in Microphone', false],
      ])
    })

    it('sends a click in the Devices menu back to this window as devices:chosen-from-menu', async () => {
      await ipc.invoke('devices:report', fromApp, deviceReport)
      ;(section(devicesMenu.template(), 'Camera')[1]?.click as () => void)()
      expect(await emittedOn('devices:chosen-from-menu')).toEqual({ kind: 'camera', deviceId: 'cam-b' })
    })

    it('saves a choice to the settings file and reads it back', async () => {
      const choice = { deviceId: 'cam-b', label: 'USB Camera' }
      await ipc.invoke('devices:save-preference', fromApp, 'camera', choice)
      await expect(ipc.invoke('devices:get-preferences', fromApp)).resolves.toEqual({ camera: choice })
      // The phone saved this installation's personal secret in the same file at start.
      expect(JSON.parse(await fs.readFile(settings.path, 'utf8'))).toEqual({ version: 1, devices: { camera: choice }, personalSecret: settings.personalSecret() })
      await ipc.invoke('devices:save-preference', fromApp, 'camera', null)
      await expect(ipc.invoke('devices:get-preferences', fromApp)).resolves.toEqual({})
    })
  })

  describe('settings', () => {
    it('keeps "Always use a relay" in the settings file, off until it is turned on', async () => {
      await expect(ipc.invoke('settings:get-privacy', fromApp)).resolves.toEqual({ relayOnly: false })
      await ipc.invoke('settings:set-relay-only', fromApp, true)
      await expect(ipc.invoke('settings:get-privacy', fromApp)).resolves.toEqual({ relayOnly: true })
      expect(JSON.parse(await fs.readFile(settings.path, 'utf8'))).toMatchObject({ version: 1, relayOnly: true })
      const reopened = await SettingsStore.open({ userDataDir, log: () => {} })
      expect(reopened.privacySettings()).toEqual({ relayOnly: true })
    })

    it('keeps "Low data" in the settings file, off until it is turned on', async () => {
      await expect(ipc.invoke('settings:get-call', fromApp)).resolves.toEqual({ lowData: false, displayName: '' })
      await ipc.invoke('settings:set-low-data', fromApp, true)
      await expect(ipc.invoke('settings:get-call', fromApp)).resolves.toEqual({ lowData: true, displayName: '' })
      expect(JSON.parse(await fs.readFile(settings.path, 'utf8'))).toMatchObject({ version: 1, lowData: true })
      const reopened = await SettingsStore.open({ userDataDir, log: () => {} })
      expect(reopened.callSettings()).toEqual({ lowData: true, displayName: '' })
    })

    it('keeps "Your name" tidied in the settings file, and refuses one too long with IPC_ERR_BAD_ARGS', async () => {
      await expect(ipc.invoke('settings:set-display-name', fromApp, ' Minji\nKim ')).resolves.toBe('Minji Kim')
      await expect(ipc.invoke('settings:get-call', fromApp)).resolves.toMatchObject({ displayName: 'Minji Kim' })
      expect(JSON.parse(await fs.readFile(settings.path, 'utf8'))).toMatchObject({ version: 1, displayName: 'Minji Kim' })
      await expect(ipc.invoke('settings:set-display-name', fromApp, 'x'.repeat(41))).rejects.toThrow(/^IPC_ERR_BAD_ARGS: settings:set-display-name: /)
      await expect(ipc.invoke('settings:set-display-name', fromApp, { name: 'Minji' })).rejects.toThrow(/^IPC_ERR_BAD_ARGS/)
      expect(settings.callSettings().displayName).toBe('Minji Kim')
    })

    it('refuses a "Low data" value that is not true or false with IPC_ERR_BAD_ARGS', async () => {
      await expect(ipc.invoke('settings:set-low-data', fromApp, 1)).rejects.toThrow(/^IPC_ERR_BAD_ARGS: settings:set-low-data: expected true or false$/)
    })

    it('keeps the language choice in the settings file, following the system until one is chosen', async () => {
      await expect(ipc.invoke('settings:get-language', fromApp)).resolves.toMatchObject({ preference: 'system' })
      await ipc.invoke('settings:set-language', fromApp, 'ko')
      await expect(ipc.invoke('settings:get-language', fromApp)).resolves.toMatchObject({ preference: 'ko' })
      expect(JSON.parse(await fs.readFile(settings.path, 'utf8'))).toMatchObject({ version: 1, language: 'ko' })
    })

    it('keeps the colour theme in the settings file, following the system until one is chosen', async () => {
      await expect(ipc.invoke('settings:get-theme', fromApp)).resolves.toBe('system')
      await ipc.invoke('settings:set-theme', fromApp, 'dark')
      await expect(ipc.invoke('settings:get-theme', fromApp)).resolves.toBe('dark')
      expect(JSON.parse(await fs.readFile(settings.path, 'utf8'))).toMatchObject({ version: 1, theme: 'dark' })
    })

    it('refuses a theme that is not system, light or dark with IPC_ERR_BAD_ARGS', async () => {
      await expect(ipc.invoke('settings:set-theme', fromApp, 'sepia')).rejects.toThrow(/^IPC_ERR_BAD_ARGS: settings:set-theme: expected system, light or dark$/)
      await expect(ipc.invoke('settings:set-theme', fromApp)).rejects.toThrow(/^IPC_ERR_BAD_ARGS: settings:set-theme: /)
    })

    it('refuses a language the app does not have with IPC_ERR_BAD_ARGS', async () => {
      await expect(ipc.invoke('settings:set-language', fromApp, 'fr')).rejects.toThrow(/^IPC_ERR_BAD_ARGS: settings:set-language: expected system, en or ko$/)
    })

    it('refuses anything but true or false with IPC_ERR_BAD_ARGS', async () => {
      await expect(ipc.invoke('settings:set-relay-only', fromApp, 'yes')).rejects.toThrow(/^IPC_ERR_BAD_ARGS: settings:set-relay-only: expected true or false$/)
    })
  })

  describe('media', () => {
    it('asks macOS for what the page asked for and reports both kinds', async () => {
      await expect(ipc.invoke('media:request-access', fromApp, ['camera'])).resolves.toEqual({ camera: 'granted', microphone: 'granted' })
    })

    it('opens the privacy pane for a kind by its fixed URL', async () => {
      await expect(ipc.invoke('media:open-privacy-settings', fromApp, 'microphone')).resolves.toBe(true)
      expect(opened).toEqual([PRIVACY_SETTINGS_URLS.darwin.microphone])
    })
  })

  it('dispose() removes every handler and client listener, leaves the Devices menu, and nothing is emitted after it', async () => {
    await ipc.invoke('devices:report', fromApp, deviceReport)
    expect(client.listenerCount()).toBe(8)
    dispose()
    expect(ipc.handlers.size).toBe(0)
    expect(client.listenerCount()).toBe(0)
    expect(devicesMenu.shownReport()).toBeNull()
    emitted.length = 0
    devicesMenu.choose('camera', 'cam-a')
    client.connect()
    await stateReached(client, 'open')
    expect(emitted).toEqual([])
    dispose() // a second call is harmless
  })
})
