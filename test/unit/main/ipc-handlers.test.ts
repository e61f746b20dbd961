import { describe, expect, it, vi } from 'vitest'
import { createSenderCheck, trustedAppOrigins } from '../../../src/main/app-origin'
import { IpcErrorCode, registerCommandHandlers, type CommandImplementations } from '../../../src/main/ipc-handlers'
import { commandArgs } from '../../../src/shared/ipc-contract'
import type { CallId } from '../../../src/shared/calls'
import type { ContactDraft, ContactId } from '../../../src/shared/contacts'
import { generateRoomCode, type RoomCode } from '../../../src/shared/room-code'
import { FakeIpcMain, fromApp, fromStranger } from './fake-ipc-main'

const camera = { deviceId: 'cam-1', label: 'Camera' }

/** Every command as a spy that returns something recognisable. */
function spyCommands() {
  return {
    'signaling:join-room': vi.fn(),
    'signaling:leave-room': vi.fn(),
    'signaling:send-description': vi.fn(),
    'signaling:send-candidate': vi.fn(),
    'signaling:get-connection-state': vi.fn(() => ({ status: 'open' as const })),
    'devices:report': vi.fn(),
    'devices:get-preferences': vi.fn(() => ({ camera })),
    'devices:save-preference': vi.fn(async () => {}),
    'media:request-access': vi.fn(async () => ({ camera: 'granted' as const, microphone: 'denied' as const })),
    'media:open-privacy-settings': vi.fn(async () => true),
    'phone:get-identity': vi.fn(() => ({ code: generateRoomCode(), status: 'online' as const })),
    'phone:regenerate-code': vi.fn(async () => ({ code: generateRoomCode(), status: 'connecting' as const })),
    'phone:call': vi.fn((to: RoomCode) => ({ callId: 'abcdefghij01' as CallId, to, room: generateRoomCode(), ringTimeoutMs: 30_000 })),
    'phone:hang-up': vi.fn(),
    'phone:answer': vi.fn(),
    'phone:set-in-call': vi.fn(),
    'phone:call-ended': vi.fn(),
    'contacts:list': vi.fn(() => []),
    'contacts:add': vi.fn((draft: ContactDraft) => ({ id: 'abcdefghij01' as ContactId, name: draft.name, code: generateRoomCode(), createdAt: 1, updatedAt: 1 })),
    'contacts:update': vi.fn((id: ContactId, draft: ContactDraft) => ({ id, name: draft.name, code: generateRoomCode(), createdAt: 1, updatedAt: 2 })),
    'contacts:remove': vi.fn(),
    'contacts:set-verified': vi.fn((id: ContactId) => ({ id, name: 'Minji', code: generateRoomCode(), createdAt: 1, updatedAt: 3 })),
    'recents:list': vi.fn(() => []),
    'recents:clear': vi.fn(),
    'recents:add-room': vi.fn(),
    'settings:get-privacy': vi.fn(() => ({ relayOnly: false })),
    'settings:set-relay-only': vi.fn(),
    'settings:get-call': vi.fn(() => ({ lowData: false, displayName: '' })),
    'settings:set-low-data': vi.fn(),
    'settings:set-display-name': vi.fn((name: string) => name),
    'settings:get-language': vi.fn(() => ({ preference: 'system' as const, systemLanguages: [] })),
    'settings:set-language': vi.fn(),
    'settings:get-theme': vi.fn(() => 'system' as const),
    'settings:set-theme': vi.fn(),
    'app:take-pending': vi.fn(() => ({ links: [], notices: [] })),
    'screen:list-sources': vi.fn(async () => []),
    'screen:choose-source': vi.fn(),
    'server:get-choice': vi.fn(() => null),
    'server:set-choice': vi.fn(async () => ({ setting: { kind: 'automatic' as const }, choice: { kind: 'automatic' as const, source: 'setting' as const }, packagedUrl: null, problems: [] })),
    'server:test': vi.fn(async () => ({ ok: false as const, problem: { code: 'SERVER_TEST_NO_ANSWER' as const, reason: 'refused' as const } })),
    'server:get-invite-server': vi.fn(() => null),
    'network:get-status': vi.fn(() => null),
    'network:set-reachable': vi.fn(async () => ({ kind: 'network' as const, others: 0, lanReachable: true })),
  } satisfies CommandImplementations
}

function setup() {
  const ipc = new FakeIpcMain()
  const commands = spyCommands()
  const dispose = registerCommandHandlers({ ipc, isTrustedSender: createSenderCheck(trustedAppOrigins()), commands })
  return { ipc, commands, dispose }
}

describe('registerCommandHandlers', () => {
  it('registers exactly one handler per command channel of the contract', () => {
    const { ipc } = setup()
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.keys(commandArgs).sort())
  })

  it('runs the implementation with the validated arguments and resolves with its result, sync or async', async () => {
    const { ipc, commands } = setup()
    const room = generateRoomCode()
    await ipc.invoke('signaling:join-room', fromApp, room)
    expect(commands['signaling:join-room']).toHaveBeenCalledWith(room)
    await expect(ipc.invoke('devices:get-preferences', fromApp)).resolves.toEqual({ camera })
    await expect(ipc.invoke('media:request-access', fromApp, ['camera'])).resolves.toEqual({ camera: 'granted', microphone: 'denied' })
    await expect(ipc.invoke('media:open-privacy-settings', fromApp, 'microphone')).resolves.toBe(true)
    await ipc.invoke('devices:save-preference', fromApp, 'camera', camera)
    expect(commands['devices:save-preference']).toHaveBeenCalledWith('camera', camera)
  })

  it('passes a join naming a server on with the address written canonically, and a plain join with the room alone', async () => {
    const { ipc, commands } = setup()
    const room = generateRoomCode()
    await ipc.invoke('signaling:join-room', fromApp, room, { server: 'wss://Signal.Example.org/signal' })
    expect(commands['signaling:join-room']).toHaveBeenLastCalledWith(room, { server: 'wss://signal.example.org/signal' })
    await ipc.invoke('signaling:join-room', fromApp, room, undefined)
    expect(commands['signaling:join-room']).toHaveBeenLastCalledWith(room)
  })

  it('passes a room call that ended, with its room and how long it lasted, on to be recorded', async () => {
    const { ipc, commands } = setup()
    const room = generateRoomCode()
    await ipc.invoke('recents:add-room', fromApp, room, 95_000)
    expect(commands['recents:add-room']).toHaveBeenCalledWith(room, 95_000)
  })

  it("passes the validator's version of the arguments, not the raw ones", async () => {
    const { ipc, commands } = setup()
    await ipc.invoke('media:request-access', fromApp, ['camera', 'camera'])
    expect(commands['media:request-access']).toHaveBeenCalledWith(['camera'])
  })

  it.each([
    ['signaling:join-room', ['not-a-room']],
    ['signaling:join-room', []],
    ['signaling:leave-room', ['now']],
    ['signaling:send-description', ['abcdefghjk12', { type: 'offer', sdp: '' }]],
    ['signaling:send-candidate', ['abcdefghjk12', { candidate: 42 }]],
    ['signaling:get-connection-state', [{}]],
    ['devices:report', [{ cameras: [] }]],
    ['devices:report', []],
    ['devices:get-preferences', ['camera']],
    ['devices:save-preference', ['printer', camera]],
    ['devices:save-preference', ['camera', { deviceId: '', label: '' }]],
    ['devices:save-preference', ['camera']],
    ['media:request-access', [['screen']]],
    ['media:request-access', [[]]],
    ['media:request-access', ['camera']],
    ['media:open-privacy-settings', ['speaker']],
    ['media:open-privacy-settings', ['x-apple.systempreferences:com.apple.preference.security']],
    ['phone:get-identity', ['secret']],
    ['phone:call', ['7kd-93qf-xz5']],
    ['phone:call', [generateRoomCode(), generateRoomCode()]],
    ['phone:hang-up', ['../../etc']],
    ['phone:answer', ['abcdefghij01']],
    ['phone:answer', ['abcdefghij01', 'yes']],
    ['phone:set-in-call', [1]],
    ['phone:call-ended', ['abcdefghij01', -1]],
    ['phone:call-ended', ['abcdefghij01', Number.POSITIVE_INFINITY]],
    ['contacts:add', [{ name: 'Minji', code: 'x', isAdmin: true }]],
    ['contacts:add', [{ name: 'x'.repeat(1_001), code: 'x' }]],
    ['contacts:add', [['Minji', 'x']]],
    ['contacts:update', ['ABCDEFGHIJ01', { name: 'Minji', code: 'x' }]],
    ['contacts:remove', [{}]],
    ['contacts:set-verified', ['abcdefghij01', 'sha-256 AB:CD']],
    ['contacts:set-verified', ['abcdefghij01', `sha-1 ${Array(20).fill('AB').join(':')}`]],
    ['contacts:set-verified', ['abcdefghij01']],
    ['recents:clear', [true]],
    ['recents:add-room', ['7kd-93qf-xz5', 1_000]],
    ['recents:add-room', [generateRoomCode(), -1]],
    ['recents:add-room', [generateRoomCode(), Number.NaN]],
    ['recents:add-room', [generateRoomCode(), 8 * 24 * 3600_000]],
    ['recents:add-room', [generateRoomCode()]],
    ['app:take-pending', ['all']],
    ['screen:choose-source', ['https://evil.example/']],
    ['screen:list-sources', ['window:1:0']],
    ['signaling:join-room', [generateRoomCode(), { server: 'ws://203.0.113.9/signal' }]],
    ['signaling:join-room', [generateRoomCode(), { server: 'wss://signal.example.org/signal', relay: true }]],
    ['signaling:join-room', [generateRoomCode(), 'wss://signal.example.org/signal']],
    ['server:set-choice', [{ kind: 'server', url: 'ws://signal.example.org/signal' }]],
    ['server:set-choice', [{ kind: 'server', url: 'wss://signal.example.org/signal', extra: 1 }]],
    ['server:set-choice', [{ kind: 'lan' }]],
    ['server:test', ['wss://' + 'a'.repeat(600)]],
    ['server:test', [42]],
    ['server:get-invite-server', ['x']],
    ['network:set-reachable', ['yes']],
    ['network:set-reachable', []],
  ])('rejects %s with arguments %j as IPC_ERR_BAD_ARGS, without running it', async (channel, args) => {
    const { ipc, commands } = setup()
    await expect(ipc.invoke(channel, fromApp, ...args)).rejects.toThrow(new RegExp(`^${IpcErrorCode.BadArgs}: ${channel}: `))
    expect(commands[channel as keyof typeof commands]).not.toHaveBeenCalled()
  })

  it('rejects every command from an untrusted sender with IPC_ERR_UNTRUSTED_SENDER, before looking at the arguments', async () => {
    const { ipc, commands } = setup()
    for (const channel of Object.keys(commandArgs)) {
      await expect(ipc.invoke(channel, fromStranger, 'junk')).rejects.toThrow(/^IPC_ERR_UNTRUSTED_SENDER: /)
    }
    await expect(ipc.invoke('devices:get-preferences', { senderFrame: null })).rejects.toThrow(/^IPC_ERR_UNTRUSTED_SENDER: /)
    await expect(ipc.invoke('media:open-privacy-settings', { senderFrame: { url: 'app://tonghwa.evil/' } }, 'camera')).rejects.toThrow(
      /^IPC_ERR_UNTRUSTED_SENDER: /,
    )
    for (const spy of Object.values(commands)) expect(spy).not.toHaveBeenCalled()
  })

  it('passes an error thrown by an implementation on to the renderer', async () => {
    const { ipc, commands } = setup()
    commands['devices:save-preference'].mockRejectedValueOnce(new Error('STORE_ERR_WRITE: disk full'))
    await expect(ipc.invoke('devices:save-preference', fromApp, 'camera', null)).rejects.toThrow('STORE_ERR_WRITE: disk full')
  })

  it('refuses implementations that miss a channel or add one the contract does not have', () => {
    const ipc = new FakeIpcMain()
    const { 'media:open-privacy-settings': _dropped, ...missing } = spyCommands()
    expect(() => registerCommandHandlers({ ipc, isTrustedSender: () => true, commands: missing as unknown as CommandImplementations })).toThrow(
      'missing: media:open-privacy-settings; extra: none',
    )
    const extra = { ...spyCommands(), 'shell:open-anything': vi.fn() }
    expect(() => registerCommandHandlers({ ipc, isTrustedSender: () => true, commands: extra })).toThrow('missing: none; extra: shell:open-anything')
    expect(ipc.handlers.size).toBe(0)
  })

  it('dispose() removes every handler, and a second call is harmless', () => {
    const { ipc, dispose } = setup()
    dispose()
    expect(ipc.handlers.size).toBe(0)
    dispose()
  })
})
