/**
 * Two signaling processes sharing one real redis-server (started by the test on a free loopback port): people
 * connected to different processes meet in rooms, call each other, and are told when the other goes away.
 * Here both "processes" are servers in this test process with their own Redis connections; cluster-crash.test.ts
 * kills a real child process.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startSignalingServer, type RunningSignalingServer, type SignalingServerOptions } from '../../src/server'
import { silentLogger } from '../../src/server/log'
import { generateCallId } from '../../src/shared/calls'
import { generatePersonalSecret } from '../../src/shared/personal-code'
import { generateRoomCode } from '../../src/shared/room-code'
import { SignalingCloseReason, SignalingErrorCode } from '../../src/shared/signaling-errors'
import { httpRequest } from '../support/http-request'
import { startRedis, type RunningRedis } from '../support/redis'
import { answer, candidate, offer } from '../support/signal-data'
import { createClientPool, type TestClient } from '../support/ws-client'

/** Short, so expiry is seen quickly; a third of it is the refresh interval. */
const KEY_TTL_MS = 1_200

let redis: RunningRedis
const servers: RunningSignalingServer[] = []
const clients = createClientPool()

beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})
afterEach(async () => {
  await clients.closeAll()
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function startNode(options: Partial<SignalingServerOptions> = {}): Promise<RunningSignalingServer> {
  const server = await startSignalingServer({ logger: silentLogger, redisUrl: redis.url, clusterKeyTtlMs: KEY_TTL_MS, ...options })
  servers.push(server)
  return server
}

/** Two processes of one cluster, each with a fresh key prefix so tests never see each other's keys. */
async function twoNodes(options: Partial<SignalingServerOptions> = {}) {
  const redisKeyPrefix = `test-${Math.random().toString(36).slice(2)}:`
  return [await startNode({ redisKeyPrefix, ...options }), await startNode({ redisKeyPrefix, ...options })] as const
}

async function expectError(client: TestClient, code: SignalingErrorCode): Promise<void> {
  expect((await client.next('error')).code).toBe(code)
}

describe('rooms across processes', () => {
  it('lets A on one process and B on the other join one room and relay offer, answer and candidates', async () => {
    const [one, two] = await twoNodes()
    const room = generateRoomCode()
    const alice = await clients.connect(one.url)
    const bob = await clients.connect(two.url)
    const aliceId = (await alice.join(room)).peerId
    const bobJoined = await bob.join(room)
    expect(bobJoined.peers).toEqual([aliceId])
    expect(await alice.next('peer-joined')).toEqual({ v: 1, type: 'peer-joined', peerId: bobJoined.peerId })

    bob.send({ v: 1, type: 'signal', to: aliceId, data: offer() })
    expect(await alice.next('signal')).toEqual({ v: 1, type: 'signal', from: bobJoined.peerId, data: offer() })
    alice.send({ v: 1, type: 'signal', to: bobJoined.peerId, data: answer() })
    expect(await bob.next('signal')).toEqual({ v: 1, type: 'signal', from: aliceId, data: answer() })
    for (let i = 0; i < 5; i++) alice.send({ v: 1, type: 'signal', to: bobJoined.peerId, data: candidate(i) })
    for (let i = 0; i < 5; i++) expect((await bob.next('signal')).data).toEqual(candidate(i))
    expect(one.stats()).toMatchObject({ connections: 1, rooms: 1 })
    expect(two.stats()).toMatchObject({ connections: 1, rooms: 1 })
  })

  it('refuses a third peer on either process with SIG_ERR_ROOM_FULL', async () => {
    const [one, two] = await twoNodes()
    const room = generateRoomCode()
    await (await clients.connect(one.url)).join(room)
    await (await clients.connect(two.url)).join(room)
    for (const url of [one.url, two.url]) {
      const carol = await clients.connect(url)
      carol.send({ v: 1, type: 'join', room })
      await expectError(carol, SignalingErrorCode.RoomFull)
    }
  })

  it('answers a signal to a peer of another room, or to nobody, with SIG_ERR_UNKNOWN_PEER', async () => {
    const [one, two] = await twoNodes()
    const alice = await clients.connect(one.url)
    const bob = await clients.connect(two.url)
    await alice.join(generateRoomCode())
    const bobId = (await bob.join(generateRoomCode())).peerId
    alice.send({ v: 1, type: 'signal', to: bobId, data: offer() })
    await expectError(alice, SignalingErrorCode.UnknownPeer)
    await bob.expectNoMessage()
  })

  it('tells the other process’s peer peer-left with the reason, and frees the slot', async () => {
    const [one, two] = await twoNodes()
    const room = generateRoomCode()
    const alice = await clients.connect(one.url)
    const bob = await clients.connect(two.url)
    await alice.join(room)
    const bobId = (await bob.join(room)).peerId
    await alice.next('peer-joined')
    bob.send({ v: 1, type: 'leave' })
    expect(await alice.next('peer-left')).toEqual({ v: 1, type: 'peer-left', peerId: bobId, reason: 'left' })
    const bobAgain = (await bob.join(room)).peerId
    expect((await alice.next('peer-joined')).peerId).toBe(bobAgain)
    await bob.close()
    expect(await alice.next('peer-left')).toEqual({ v: 1, type: 'peer-left', peerId: bobAgain, reason: 'disconnected' })
    await vi.waitFor(() => expect(two.stats()).toMatchObject({ connections: 0, rooms: 0 }))
  })

  it('tells the room when a process shuts down gracefully', async () => {
    const [one, two] = await twoNodes()
    const room = generateRoomCode()
    const alice = await clients.connect(one.url)
    const bob = await clients.connect(two.url)
    await alice.join(room)
    const bobId = (await bob.join(room)).peerId
    await alice.next('peer-joined')
    await two.close()
    // At once, not by expiry (which would take KEY_TTL_MS): the departure is published before the process stops.
    expect(await alice.next('peer-left', KEY_TTL_MS / 4)).toEqual({ v: 1, type: 'peer-left', peerId: bobId, reason: 'disconnected' })
  })
})

describe('calling a person across processes', () => {
  async function registeredOnEach(options: Partial<SignalingServerOptions> = {}) {
    const [one, two] = await twoNodes(options)
    const alice = await clients.connect(one.url)
    const bob = await clients.connect(two.url)
    const aliceSecret = generatePersonalSecret()
    const aliceCode = (await alice.register(aliceSecret)).code
    const bobCode = (await bob.register(generatePersonalSecret())).code
    return { one, two, alice, bob, aliceSecret, aliceCode, bobCode }
  }

  it('rings A on one process when B calls from the other, and tells B accepted; then they meet in the room', async () => {
    const { one, alice, bob, aliceCode, bobCode } = await registeredOnEach()
    const callId = generateCallId()
    const room = generateRoomCode()
    bob.send({ v: 1, type: 'invite', callId, to: aliceCode, room })
    expect(await alice.next('incoming-call')).toEqual({ v: 1, type: 'incoming-call', callId, from: bobCode, room })
    expect(await bob.next('call-update')).toEqual({ v: 1, type: 'call-update', callId, state: 'ringing' })
    expect(one.stats()).toMatchObject({ registered: 1, ringing: 0 })
    alice.send({ v: 1, type: 'answer', callId, accept: true })
    expect(await bob.next('call-update')).toEqual({ v: 1, type: 'call-update', callId, state: 'accepted' })

    const aliceId = (await alice.join(room)).peerId
    expect((await bob.join(room)).peers).toEqual([aliceId])
  })

  it('tells the caller declined, and the callee call-cancelled when the caller hangs up', async () => {
    // Ringing again right after a decline is paced (below); here the pace is not the point.
    const { alice, bob, aliceCode } = await registeredOnEach({ ringIntervalMs: 0, ringBackoffMs: 0 })
    const first = generateCallId()
    bob.send({ v: 1, type: 'invite', callId: first, to: aliceCode, room: generateRoomCode() })
    await alice.next('incoming-call')
    await bob.next('call-update')
    alice.send({ v: 1, type: 'answer', callId: first, accept: false, reason: 'busy' })
    expect((await bob.next('call-update')).state).toBe('busy')

    const second = generateCallId()
    bob.send({ v: 1, type: 'invite', callId: second, to: aliceCode, room: generateRoomCode() })
    await alice.next('incoming-call')
    await bob.next('call-update')
    bob.send({ v: 1, type: 'cancel', callId: second, reason: 'hung-up' })
    expect(await alice.next('call-cancelled')).toEqual({ v: 1, type: 'call-cancelled', callId: second, reason: 'hung-up' })
    alice.send({ v: 1, type: 'answer', callId: second, accept: true })
    await expectError(alice, SignalingErrorCode.UnknownCall)
  })

  it('paces a declined caller at the callee’s process, with SIG_ERR_RINGING_TOO_SOON and retryAfterMs', async () => {
    const { alice, bob, aliceCode } = await registeredOnEach({ ringIntervalMs: 0 })
    const first = generateCallId()
    bob.send({ v: 1, type: 'invite', callId: first, to: aliceCode, room: generateRoomCode() })
    await alice.next('incoming-call')
    await bob.next('call-update')
    alice.send({ v: 1, type: 'answer', callId: first, accept: false })
    expect((await bob.next('call-update')).state).toBe('declined')
    bob.send({ v: 1, type: 'invite', callId: generateCallId(), to: aliceCode, room: generateRoomCode() })
    const refused = await bob.next('error')
    expect(refused.code).toBe(SignalingErrorCode.RingingTooSoon)
    expect(refused.retryAfterMs).toBeGreaterThan(0)
    await alice.expectNoMessage(100)
  })

  it('tells the caller unreachable when the callee’s connection on the other process closes while it rings', async () => {
    const { alice, bob, aliceCode } = await registeredOnEach()
    const callId = generateCallId()
    bob.send({ v: 1, type: 'invite', callId, to: aliceCode, room: generateRoomCode() })
    await alice.next('incoming-call')
    await bob.next('call-update')
    await alice.close()
    expect(await bob.next('call-update')).toEqual({ v: 1, type: 'call-update', callId, state: 'unreachable' })
  })

  it('says unreachable at once for a code nobody in the cluster holds', async () => {
    const { bob } = await registeredOnEach()
    const callId = generateCallId()
    bob.send({ v: 1, type: 'invite', callId, to: generateRoomCode(), room: generateRoomCode() })
    expect(await bob.next('call-update')).toEqual({ v: 1, type: 'call-update', callId, state: 'unreachable' })
  })

  it('moves a code to the newer connection on the other process and tells the older one SIG_ERR_REPLACED', async () => {
    const { one, two, alice, aliceSecret, aliceCode, bob } = await registeredOnEach()
    const aliceAgain = await clients.connect(two.url)
    expect((await aliceAgain.register(aliceSecret)).code).toBe(aliceCode)
    await expectError(alice, SignalingErrorCode.Replaced)
    await vi.waitFor(() => expect(one.stats()).toMatchObject({ registered: 0 }))
    const callId = generateCallId()
    bob.send({ v: 1, type: 'invite', callId, to: aliceCode, room: generateRoomCode() })
    expect((await aliceAgain.next('incoming-call')).callId).toBe(callId)
    await alice.expectNoMessage()
  })
})

describe('health and failure of the shared state', () => {
  it('answers /healthz with 200 ok while Redis answers', async () => {
    const [one] = await twoNodes()
    expect(await httpRequest(one.httpUrl, '/healthz')).toMatchObject({ status: 200, body: 'ok' })
  })

  it('refuses to start when Redis cannot be reached, saying so', async () => {
    await expect(
      startSignalingServer({ logger: silentLogger, redisUrl: 'redis://127.0.0.1:1', redisCommandTimeoutMs: 300 }),
    ).rejects.toThrow(/cannot reach Redis: connect ECONNREFUSED 127.0.0.1:1/)
  })
})

describe('when Redis goes away', () => {
  it('answers /healthz with 503 and closes every connection with 1013 SIG_ERR_UNAVAILABLE', async () => {
    const own = await startRedis()
    try {
      const server = await startSignalingServer({ logger: silentLogger, redisUrl: own.url, clusterKeyTtlMs: KEY_TTL_MS, redisCommandTimeoutMs: 300 })
      servers.push(server)
      const alice = await clients.connect(server.url)
      await alice.join(generateRoomCode())
      const started = Date.now()
      await own.kill()
      expect(await alice.closed(KEY_TTL_MS * 3)).toEqual({ code: 1013, reason: SignalingCloseReason.Unavailable })
      expect(Date.now() - started).toBeLessThan(KEY_TTL_MS * 2)
      expect(await httpRequest(server.httpUrl, '/healthz')).toMatchObject({ status: 503, body: 'unavailable' })
      const refused = await clients.connect(server.url)
      refused.send({ v: 1, type: 'join', room: generateRoomCode() })
      expect((await refused.closed()).code).toBe(1013)
    } finally {
      await own.stop()
    }
  })

  it('serves again, without a restart, once Redis is back', async () => {
    const first = await startRedis()
    let second: RunningRedis | undefined
    try {
      const server = await startSignalingServer({ logger: silentLogger, redisUrl: first.url, clusterKeyTtlMs: KEY_TTL_MS, redisCommandTimeoutMs: 300 })
      servers.push(server)
      await first.kill()
      await vi.waitFor(async () => expect((await httpRequest(server.httpUrl, '/healthz')).status).toBe(503), { timeout: KEY_TTL_MS * 3 })
      second = await startRedis({ port: first.port })
      await vi.waitFor(async () => expect((await httpRequest(server.httpUrl, '/healthz')).status).toBe(200), { timeout: 8_000, interval: 100 })
      const room = generateRoomCode()
      const alice = await clients.connect(server.url)
      const bob = await clients.connect(server.url)
      await alice.join(room)
      expect((await bob.join(room)).peers).toHaveLength(1)
    } finally {
      await first.stop()
      await second?.stop()
    }
  })
})
