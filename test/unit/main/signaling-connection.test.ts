import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { createSignalingClient } from '../../../src/main/signaling-connection'
import { silentLogger, startSignalingServer, type RunningSignalingServer } from '../../../src/server'
import type { ConnectionState } from '../../../src/shared/ipc-contract'
import { MAX_FRAME_BYTES } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import type { SignalingClient } from '../../../src/shared/signaling-client'
import { createClientPool } from '../../support/ws-client'
import { delay, nextEvent, stateReached } from './client-events'

/** Fixed, short delays: the first retry after a drop waits 200 ms, the next 400 ms. */
const BACKOFF = { initialMs: 200, maxMs: 400, factor: 2, jitter: 0 }

const servers: RunningSignalingServer[] = []
const rawServers: WebSocketServer[] = []
const clients: SignalingClient[] = []
const pool = createClientPool()

afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  await pool.closeAll()
  await Promise.all(servers.splice(0).map((server) => server.close()))
  await Promise.all(rawServers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

async function startServer(port = 0): Promise<RunningSignalingServer> {
  const server = await startSignalingServer({ port, logger: silentLogger, shutdownGraceMs: 100 })
  servers.push(server)
  return server
}

function track(client: SignalingClient): { client: SignalingClient; states: ConnectionState[] } {
  clients.push(client)
  const states: ConnectionState[] = []
  client.on('state', (state) => states.push(state))
  return { client, states }
}

/** A bare `ws` server that greets every connection with `frames`: the client's view of a broken server. */
async function startJunkServer(frames: Array<string | Buffer>): Promise<string> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  rawServers.push(server)
  server.on('connection', (socket) => {
    for (const frame of frames) socket.send(frame, { binary: Buffer.isBuffer(frame) })
  })
  await new Promise((resolve) => server.once('listening', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('the junk server has no TCP address')
  return `ws://127.0.0.1:${address.port}/signal`
}

describe('createSignalingClient', () => {
  it('connects to a real server over ws and joins a room', async () => {
    const server = await startServer()
    const { client, states } = track(createSignalingClient(server.url, { backoff: BACKOFF }))
    client.connect()
    await stateReached(client, 'open')
    const room = generateRoomCode()
    const joined = nextEvent(client, 'joined')
    client.join(room)
    expect(await joined).toMatchObject({ room, peers: [], iceServers: [] })
    expect(states).toEqual([{ status: 'connecting', attempt: 1 }, { status: 'open' }])
  })

  it('reconnects with backoff after the server restarts on the same port, and rejoins its room under its old peer id', async () => {
    const first = await startServer()
    const room = generateRoomCode()
    const { client: alice, states } = track(createSignalingClient(first.url, { backoff: BACKOFF }))
    alice.connect()
    await stateReached(alice, 'open')
    const aliceJoined = nextEvent(alice, 'joined')
    alice.join(room)
    const alicePeerId = (await aliceJoined).peerId

    const bob = await pool.connect(first.url)
    expect((await bob.join(room)).peers).toEqual([alicePeerId])

    // The server goes away: Alice is told it is shutting down, waits 200 ms, finds the port closed, waits 400 ms.
    const refused = nextEvent(alice, 'state', (state) => state.status === 'reconnecting' && state.attempt === 2)
    await first.close()
    await refused

    // Back on the same port while Alice waits out her 400 ms; Bob is in the room before she returns.
    const second = await startServer(first.port)
    const bobAgain = await pool.connect(second.url)
    expect((await bobAgain.join(room)).peers).toEqual([])
    const rejoined = nextEvent(alice, 'joined')

    const peerJoined = await bobAgain.next('peer-joined')
    const aliceAgain = await rejoined
    expect(aliceAgain).toMatchObject({ room, peerId: peerJoined.peerId, peers: [expect.any(String)] })
    // The restarted server knows no token, so it grants the claimed id (first come): a call over it goes on.
    expect(aliceAgain.peerId).toBe(alicePeerId)

    expect(states.slice(0, 2)).toEqual([{ status: 'connecting', attempt: 1 }, { status: 'open' }])
    const afterDrop = states.slice(2)
    expect(afterDrop[0]).toEqual({ status: 'reconnecting', attempt: 1, retryInMs: 200, lastError: 'SIG_ERR_SERVER_SHUTTING_DOWN (1001)' })
    expect(afterDrop[1]).toEqual({ status: 'connecting', attempt: 1 })
    expect(afterDrop[2]).toMatchObject({ status: 'reconnecting', attempt: 2, retryInMs: 400, lastError: expect.stringContaining('ECONNREFUSED') })
    expect(afterDrop.slice(3)).toEqual([{ status: 'connecting', attempt: 2 }, { status: 'open' }])
  })

  it('reports a malformed server frame as an error event and stays connected', async () => {
    const url = await startJunkServer(['this is not json', '{"v":1,"type":"surprise"}', Buffer.from([0xff, 0xfe, 0x00])])
    const { client, states } = track(createSignalingClient(url, { backoff: BACKOFF }))
    const errors: Array<{ code: string; message: string }> = []
    client.on('error', (error) => errors.push(error))
    client.connect()
    await stateReached(client, 'open')
    while (errors.length < 3) await nextEvent(client, 'error')
    expect(errors.map((error) => error.code)).toEqual(['SIG_ERR_BAD_MESSAGE', 'SIG_ERR_UNKNOWN_TYPE', 'SIG_ERR_BAD_MESSAGE'])
    expect(errors[0]?.message).toContain('not valid JSON')
    expect(errors[2]?.message).toContain('not valid UTF-8')
    await delay(50)
    expect(client.state).toEqual({ status: 'open' })
    expect(states).toEqual([{ status: 'connecting', attempt: 1 }, { status: 'open' }])
  })

  it('treats a frame over the size limit as a lost link and reconnects instead of crashing', async () => {
    const url = await startJunkServer(['x'.repeat(MAX_FRAME_BYTES + 1)])
    const { client } = track(createSignalingClient(url, { backoff: BACKOFF }))
    client.connect()
    const reconnecting = await nextEvent(client, 'state', (state) => state.status === 'reconnecting')
    // ws fails the connection itself (1009 to the server, 1006 on this side) before the frame reaches the parser.
    expect(reconnecting).toMatchObject({ attempt: 1, retryInMs: 200, lastError: 'Max payload size exceeded' })
  })

  it('stops reconnecting on close() and leaves no timer behind', async () => {
    const server = await startServer()
    const { port } = server
    const { client, states } = track(createSignalingClient(server.url, { backoff: BACKOFF }))
    const timersBefore = countTimers()
    client.connect()
    await stateReached(client, 'open')
    await server.close()
    await stateReached(client, 'reconnecting')
    const timersWhileWaiting = countTimers()

    client.close()
    expect(client.state).toEqual({ status: 'closed' })
    expect(countTimers()).toBeLessThanOrEqual(timersBefore)
    expect(countTimers()).toBe(timersWhileWaiting - 1)

    // A server back on the port during what would have been the retry does not see the client again.
    const again = await startServer(port)
    await delay(BACKOFF.initialMs + 150)
    expect(again.stats().connections).toBe(0)
    expect(states.at(-1)).toEqual({ status: 'closed' })
    expect(states.filter((state) => state.status === 'connecting')).toHaveLength(1)
  })

  it('close() before the socket opens leaves nothing running', async () => {
    const server = await startServer()
    const { client } = track(createSignalingClient(server.url, { backoff: BACKOFF }))
    client.connect()
    client.close()
    await delay(100)
    expect(server.stats().connections).toBe(0)
    expect(client.state).toEqual({ status: 'closed' })
  })
})

function countTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length
}

