import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSenderCheck, trustedAppOrigins, type SenderEventLike } from '../../../src/main/app-origin'
import { IpcErrorCode, registerSignalingIpc, type IpcMainLike } from '../../../src/main/ipc-handlers'
import { createSignalingClient } from '../../../src/main/signaling-connection'
import { silentLogger, startSignalingServer, type RunningSignalingServer } from '../../../src/server'
import { commandArgs, type BridgeEvents } from '../../../src/shared/ipc-contract'
import type { IceCandidate, SessionDescription } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import type { SignalingClient } from '../../../src/shared/signaling-client'
import { createClientPool } from '../../support/ws-client'
import { delay, stateReached } from './client-events'

type Handler = (event: SenderEventLike, ...args: unknown[]) => unknown

/** `ipcMain` as far as the handlers can tell, with an `invoke` that behaves like the renderer's. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>()
  handle(channel: string, listener: Handler): void {
    // Electron refuses a second handler for a channel; so does the fake.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  async invoke(channel: string, event: SenderEventLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    return handler(event, ...args)
  }
}

type Emitted = { [C in keyof BridgeEvents]: { channel: C; payload: BridgeEvents[C] } }[keyof BridgeEvents]

const fromApp: SenderEventLike = { senderFrame: { url: 'app://tonghwa/index.html' } }
const fromStranger: SenderEventLike = { senderFrame: { url: 'https://evil.example/' } }
const description: SessionDescription = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' }
const candidate: IceCandidate = { candidate: 'candidate:1 1 udp 2122260223 10.0.0.1 54400 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null }

let server: RunningSignalingServer
let client: SignalingClient
let ipc: FakeIpcMain
let emitted: Emitted[]
let dispose: () => void
const pool = createClientPool()

beforeEach(async () => {
  server = await startSignalingServer({ port: 0, logger: silentLogger, shutdownGraceMs: 100 })
  client = createSignalingClient(server.url, { backoff: { initialMs: 50, maxMs: 100, factor: 2, jitter: 0 } })
  ipc = new FakeIpcMain()
  emitted = []
  dispose = registerSignalingIpc({
    ipc,
    client,
    emit: (channel, payload) => emitted.push({ channel, payload } as Emitted),
    isTrustedSender: createSenderCheck(trustedAppOrigins()),
  })
})

afterEach(async () => {
  dispose()
  client.close()
  await pool.closeAll()
  await server.close()
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

describe('registerSignalingIpc', () => {
  it('registers exactly one handler per command channel of the contract', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.keys(commandArgs).sort())
  })

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

  it.each([
    ['signaling:join-room', ['not-a-room']],
    ['signaling:join-room', []],
    ['signaling:join-room', [generateRoomCode(), 'extra']],
    ['signaling:leave-room', ['now']],
    ['signaling:send-description', ['abcdefghjk12', { type: 'offer', sdp: '' }]],
    ['signaling:send-description', ['NOT A PEER', description]],
    ['signaling:send-candidate', ['abcdefghjk12', { candidate: 42 }]],
    ['signaling:get-connection-state', [{}]],
  ])('rejects %s with arguments %j as IPC_ERR_BAD_ARGS', async (channel, args) => {
    await expect(ipc.invoke(channel, fromApp, ...args)).rejects.toThrow(new RegExp(`^${IpcErrorCode.BadArgs}: ${channel}: `))
  })

  it('does not touch the client when the arguments are bad', async () => {
    await expect(ipc.invoke('signaling:join-room', fromApp, 'lobby')).rejects.toMatchObject({ code: 'IPC_ERR_BAD_ARGS' })
    expect(client.room).toBeNull()
  })

  it('rejects every command from an untrusted sender with IPC_ERR_UNTRUSTED_SENDER, before looking at the arguments', async () => {
    for (const channel of Object.keys(commandArgs)) {
      await expect(ipc.invoke(channel, fromStranger, 'junk')).rejects.toThrow(/^IPC_ERR_UNTRUSTED_SENDER: /)
    }
    await expect(ipc.invoke('signaling:join-room', { senderFrame: null }, generateRoomCode())).rejects.toThrow(/^IPC_ERR_UNTRUSTED_SENDER: /)
    await expect(ipc.invoke('signaling:join-room', { senderFrame: { url: 'app://tonghwa.evil/' } }, generateRoomCode())).rejects.toThrow(
      /^IPC_ERR_UNTRUSTED_SENDER: /,
    )
    expect(client.room).toBeNull()
  })

  it('dispose() removes every handler and every client listener, and nothing is emitted after it', async () => {
    expect(client.listenerCount()).toBe(7)
    dispose()
    expect(ipc.handlers.size).toBe(0)
    expect(client.listenerCount()).toBe(0)
    client.connect()
    await stateReached(client, 'open')
    expect(emitted).toEqual([])
    dispose() // a second call is harmless
  })
})
