import { describe, expect, it, vi } from 'vitest'
import { createBridge, hostOsOf, unwrapInvokeError, type IpcRendererLike } from '../../../src/preload/bridge'
import type { CallId } from '../../../src/shared/calls'
import type { ContactId } from '../../../src/shared/contacts'
import type { DeviceReport } from '../../../src/shared/devices'
import type { BridgeEvents, TonghwaBridge } from '../../../src/shared/ipc-contract'
import type { IceCandidate, PeerId, SessionDescription } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'

type Listener = (event: unknown, ...args: unknown[]) => void

/** An `ipcRenderer` stand-in that records invokes and lets the test play main's `webContents.send`. */
class FakeIpcRenderer implements IpcRendererLike {
  readonly invokes: Array<{ channel: string; args: unknown[] }> = []
  readonly listeners = new Map<string, Set<Listener>>()
  result: unknown = undefined
  failure: Error | null = null

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invokes.push({ channel, args })
    if (this.failure) throw this.failure
    return this.result
  }
  on(channel: string, listener: Listener): this {
    let set = this.listeners.get(channel)
    if (!set) this.listeners.set(channel, (set = new Set()))
    set.add(listener)
    return this
  }
  removeListener(channel: string, listener: Listener): this {
    this.listeners.get(channel)?.delete(listener)
    return this
  }
  send<C extends keyof BridgeEvents>(channel: C, payload: BridgeEvents[C]): void {
    const event = { sender: 'main', ports: [] }
    for (const listener of this.listeners.get(channel) ?? []) listener(event, payload)
  }
  count(): number {
    let n = 0
    for (const set of this.listeners.values()) n += set.size
    return n
  }
}

const peer = 'abcdefghjk12' as PeerId
const callId = 'k3v0q9d2m1ab' as CallId
const contactId = 'c0ntact1d000' as ContactId
const description: SessionDescription = { type: 'offer', sdp: 'v=0\r\n' }
const report: DeviceReport = {
  cameras: [{ deviceId: 'cam-1', label: 'USB Camera' }],
  microphones: [],
  speakers: [],
  active: { camera: 'cam-1', microphone: null, speaker: null },
  canChooseSpeaker: true,
}
const candidate: IceCandidate = { candidate: 'candidate:1 1 udp 1 10.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null }

describe('createBridge', () => {
  it('says it is the Electron implementation', () => {
    expect(createBridge(new FakeIpcRenderer(), 'linux').platform).toBe('electron')
  })

  it.each([
    ['darwin', 'mac'],
    ['win32', 'windows'],
    ['linux', 'linux'],
    ['freebsd', 'linux'],
  ] as const)('reports the OS of platform %s as %s', (platform, os) => {
    expect(createBridge(new FakeIpcRenderer(), platform).os).toBe(os)
    expect(hostOsOf(platform)).toBe(os)
  })

  it('invokes each command on its own channel with exactly its arguments', async () => {
    const ipc = new FakeIpcRenderer()
    const bridge = createBridge(ipc, 'linux')
    const room = generateRoomCode()
    await bridge.joinRoom(room)
    await bridge.leaveRoom()
    await bridge.sendDescription(peer, description)
    await bridge.sendCandidate(peer, candidate)
    await bridge.getConnectionState()
    await bridge.reportDevices(report)
    await bridge.getDevicePreferences()
    await bridge.saveDevicePreference('camera', { deviceId: 'cam-1', label: 'USB Camera' })
    await bridge.saveDevicePreference('speaker', null)
    await bridge.requestMediaAccess(['camera', 'microphone'])
    await bridge.openPrivacySettings('microphone')
    await bridge.getPhoneIdentity()
    await bridge.regeneratePersonalCode()
    await bridge.callPerson(room)
    await bridge.hangUpCall(callId)
    await bridge.answerCall(callId, false)
    await bridge.setInCall(true)
    await bridge.reportCallEnded(callId, 61_000)
    await bridge.listContacts()
    await bridge.addContact({ name: 'Minji', code: room })
    await bridge.updateContact(contactId, { name: 'Minji Kim', code: room })
    await bridge.removeContact(contactId)
    await bridge.listRecents()
    await bridge.clearRecents()
    await bridge.recordRoomCall(room, 95_000)
    await bridge.takePending()
    await bridge.listScreenSources()
    await bridge.chooseScreenSource('window:4711:0')
    expect(ipc.invokes).toEqual([
      { channel: 'signaling:join-room', args: [room] },
      { channel: 'signaling:leave-room', args: [] },
      { channel: 'signaling:send-description', args: [peer, description] },
      { channel: 'signaling:send-candidate', args: [peer, candidate] },
      { channel: 'signaling:get-connection-state', args: [] },
      { channel: 'devices:report', args: [report] },
      { channel: 'devices:get-preferences', args: [] },
      { channel: 'devices:save-preference', args: ['camera', { deviceId: 'cam-1', label: 'USB Camera' }] },
      { channel: 'devices:save-preference', args: ['speaker', null] },
      { channel: 'media:request-access', args: [['camera', 'microphone']] },
      { channel: 'media:open-privacy-settings', args: ['microphone'] },
      { channel: 'phone:get-identity', args: [] },
      { channel: 'phone:regenerate-code', args: [] },
      { channel: 'phone:call', args: [room] },
      { channel: 'phone:hang-up', args: [callId] },
      { channel: 'phone:answer', args: [callId, false] },
      { channel: 'phone:set-in-call', args: [true] },
      { channel: 'phone:call-ended', args: [callId, 61_000] },
      { channel: 'contacts:list', args: [] },
      { channel: 'contacts:add', args: [{ name: 'Minji', code: room }] },
      { channel: 'contacts:update', args: [contactId, { name: 'Minji Kim', code: room }] },
      { channel: 'contacts:remove', args: [contactId] },
      { channel: 'recents:list', args: [] },
      { channel: 'recents:clear', args: [] },
      { channel: 'recents:add-room', args: [room, 95_000] },
      { channel: 'app:take-pending', args: [] },
      { channel: 'screen:list-sources', args: [] },
      { channel: 'screen:choose-source', args: ['window:4711:0'] },
    ])
  })

  it('resolves with what main returns', async () => {
    const ipc = new FakeIpcRenderer()
    ipc.result = { status: 'open' }
    await expect(createBridge(ipc, 'linux').getConnectionState()).resolves.toEqual({ status: 'open' })
  })

  it("rejects with main's own message, starting with its stable code", async () => {
    const ipc = new FakeIpcRenderer()
    ipc.failure = new Error("Error invoking remote method 'signaling:join-room': Error: IPC_ERR_BAD_ARGS: signaling:join-room: expected one canonical room code")
    await expect(createBridge(ipc, 'linux').joinRoom(generateRoomCode())).rejects.toThrow(/^IPC_ERR_BAD_ARGS: signaling:join-room: expected one canonical room code$/)
  })

  const subscriptions: Array<[keyof TonghwaBridge, keyof BridgeEvents, unknown]> = [
    ['onConnectionState', 'signaling:connection-state', { status: 'reconnecting', attempt: 2, retryInMs: 500, lastError: 'connection lost (1006)' }],
    ['onJoined', 'signaling:joined', { room: 'X', peerId: peer, peers: [], iceServers: [] }],
    ['onPeerJoined', 'signaling:peer-joined', { peerId: peer }],
    ['onPeerLeft', 'signaling:peer-left', { peerId: peer, reason: 'left' }],
    ['onDescription', 'signaling:description', { from: peer, description }],
    ['onCandidate', 'signaling:candidate', { from: peer, candidate }],
    ['onSignalingError', 'signaling:error', { code: 'SIG_ERR_ROOM_FULL', message: 'full' }],
    ['onIceServers', 'signaling:ice-servers', { iceServers: [{ urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'c' }] }],
    ['onDeviceChosenFromMenu', 'devices:chosen-from-menu', { kind: 'microphone', deviceId: 'default' }],
    ['onPhoneIdentity', 'phone:identity', { code: 'XA36MXBY93', status: 'online' }],
    ['onNetworkStatus', 'network:status', { kind: 'network', others: 2, lanReachable: true }],
    ['onIncomingCall', 'phone:incoming-call', { callId, from: 'XA36MXBY93', room: '7KD93QFXZ5', contactName: 'Minji' }],
    ['onCallUpdate', 'phone:call-update', { callId, state: 'busy' }],
    ['onCallCancelled', 'phone:call-cancelled', { callId, reason: 'no-answer' }],
    ['onCallWhileBusy', 'phone:call-while-busy', { callId, from: 'XA36MXBY93', contactName: 'Minji' }],
    ['onContactsChanged', 'contacts:changed', [{ id: contactId, name: 'Minji', code: 'XA36MXBY93', createdAt: 1, updatedAt: 2 }]],
    ['onRecentsChanged', 'recents:changed', [{ id: callId, direction: 'incoming', code: 'XA36MXBY93', at: 1, outcome: 'missed', durationMs: null }]],
    ['onOpenLink', 'app:open-link', { kind: 'call', code: 'XA36MXBY93' }],
    ['onNotice', 'app:notice', { code: 'STORE_NOTICE_RECOVERED', list: 'contacts', path: '/data/contacts.json', backupPath: '/data/contacts.json.corrupt-1' }],
  ]

  it.each(subscriptions)('%s delivers the %s payload alone, without the IPC event', (method, channel, payload) => {
    const ipc = new FakeIpcRenderer()
    const listener = vi.fn()
    const subscribe = createBridge(ipc, 'linux')[method] as (listener: (payload: unknown) => void) => () => void
    subscribe(listener)
    ipc.send(channel, payload as never)
    expect(listener).toHaveBeenCalledTimes(1)
    expect(listener.mock.calls[0]).toEqual([payload])
  })

  it.each(subscriptions)('%s returns an unsubscribe that removes its IPC listener', (method, channel, payload) => {
    const ipc = new FakeIpcRenderer()
    const listener = vi.fn()
    const subscribe = createBridge(ipc, 'linux')[method] as (listener: (payload: unknown) => void) => () => void
    const unsubscribe = subscribe(listener)
    expect(ipc.count()).toBe(1)
    unsubscribe()
    unsubscribe()
    expect(ipc.count()).toBe(0)
    ipc.send(channel, payload as never)
    expect(listener).not.toHaveBeenCalled()
  })

  it('keeps two subscriptions to one channel independent', () => {
    const ipc = new FakeIpcRenderer()
    const bridge = createBridge(ipc, 'linux')
    const first = vi.fn()
    const second = vi.fn()
    const stopFirst = bridge.onPeerJoined(first)
    bridge.onPeerJoined(second)
    stopFirst()
    ipc.send('signaling:peer-joined', { peerId: peer })
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledWith({ peerId: peer })
  })

  it('exposes only the contract: a frozen object with no way to reach ipcRenderer', () => {
    const ipc = new FakeIpcRenderer()
    const bridge = createBridge(ipc, 'linux')
    expect(Object.isFrozen(bridge)).toBe(true)
    expect(Object.keys(bridge).sort()).toEqual(
      [
        'platform', 'os', 'joinRoom', 'leaveRoom', 'sendDescription', 'sendCandidate', 'getConnectionState', 'onConnectionState',
        'onJoined', 'onPeerJoined', 'onPeerLeft', 'onDescription', 'onCandidate', 'onSignalingError', 'reportDevices',
        'getDevicePreferences', 'saveDevicePreference', 'requestMediaAccess', 'openPrivacySettings', 'onDeviceChosenFromMenu',
        'getPhoneIdentity', 'regeneratePersonalCode', 'callPerson', 'hangUpCall', 'answerCall', 'setInCall', 'reportCallEnded',
        'listContacts', 'addContact', 'updateContact', 'removeContact', 'setContactVerified', 'listRecents', 'clearRecents', 'recordRoomCall', 'takePending',
        'onPhoneIdentity', 'onIncomingCall', 'onCallUpdate', 'onCallCancelled', 'onCallWhileBusy', 'onContactsChanged', 'onRecentsChanged',
        'onOpenLink', 'onNotice', 'onIceServers', 'getPrivacySettings', 'setRelayOnly', 'getCallSettings', 'setLowData', 'setDisplayName', 'getLanguageSettings', 'setLanguage', 'getTheme', 'setTheme',
        'listScreenSources', 'chooseScreenSource', 'getServerChoice', 'setServerChoice', 'testServer', 'getInviteServer',
        'getNetworkStatus', 'setLanReachable', 'onNetworkStatus',
      ].sort(),
    )
    expect(Object.values(bridge)).not.toContain(ipc)
  })
})

describe('unwrapInvokeError', () => {
  it('strips the prefix Electron adds to a rejected invoke', () => {
    expect(unwrapInvokeError(new Error("Error invoking remote method 'signaling:leave-room': IpcError: IPC_ERR_UNTRUSTED_SENDER: no")).message).toBe(
      'IPC_ERR_UNTRUSTED_SENDER: no',
    )
  })

  it('leaves other messages as they are', () => {
    expect(unwrapInvokeError(new Error('IPC_ERR_BAD_ARGS: x')).message).toBe('IPC_ERR_BAD_ARGS: x')
    expect(unwrapInvokeError('plain').message).toBe('plain')
  })
})
