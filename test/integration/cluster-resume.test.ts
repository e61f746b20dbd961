/**
 * Resume claims in a cluster over a real redis-server (docs/protocol.md, "Resuming a peer id after a reconnect"):
 * processes that share the resume key grant each other's tokens, and a claim takes its id over from a connection
 * that still holds it, on the same process or another, without a word to the room. The old holder is a hand-made
 * WebSocket that never answers (a half-open socket); its late departure must change nothing, and no process may
 * lose its place in the cluster over it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSignalingServer, type RunningSignalingServer, type SignalingServerOptions } from '../../src/server'
import { silentLogger } from '../../src/server/log'
import { parseServerMessage, type JoinedMessage } from '../../src/shared/protocol'
import { generateRoomCode, type RoomCode } from '../../src/shared/room-code'
import { SignalingCloseReason, SignalingErrorCode } from '../../src/shared/signaling-errors'
import { httpRequest } from '../support/http-request'
import { openRawWebSocket, textFrame, type RawWebSocket } from '../support/raw-ws'
import { startRedis, type RunningRedis } from '../support/redis'
import { answer, offer } from '../support/signal-data'
import { createClientPool, type TestClient } from '../support/ws-client'

/** Short, so refreshes (a third of it) and expiry happen within a test. */
const KEY_TTL_MS = 1_200
const KEY = 'cluster-resume-test-key-0123456789abcdef'

let redis: RunningRedis
const servers: RunningSignalingServer[] = []
const raws: RawWebSocket[] = []
const clients = createClientPool()

beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})
afterEach(async () => {
  for (const raw of raws.splice(0)) raw.destroy()
  await clients.closeAll()
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

/** Two processes of one cluster (a fresh key prefix per test), each with its own options. */
async function cluster(first: Partial<SignalingServerOptions>, second: Partial<SignalingServerOptions>) {
  const redisKeyPrefix = `test-${Math.random().toString(36).slice(2)}:`
  const start = async (options: Partial<SignalingServerOptions>) => {
    const server = await startSignalingServer({ logger: silentLogger, redisUrl: redis.url, clusterKeyTtlMs: KEY_TTL_MS, redisKeyPrefix, ...options })
    servers.push(server)
    return server
  }
  return [await start(first), await start(second)] as const
}

/** A member whose socket will go silent: joins over a raw WebSocket that never reads or answers again. */
async function halfOpenMember(url: string, room: RoomCode): Promise<{ raw: RawWebSocket; joined: JoinedMessage }> {
  const raw = await openRawWebSocket(url)
  raws.push(raw)
  raw.write(textFrame(JSON.stringify({ v: 1, type: 'join', room })))
  for (let waited = 0; waited < 2_000; waited += 10) {
    for (const text of raw.texts()) {
      const parsed = parseServerMessage(text)
      if (parsed.ok && parsed.message.type === 'joined') return { raw, joined: parsed.message }
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('no joined on the raw socket')
}

/** Long enough for every process to refresh and sweep its rooms a few times. */
const severalRefreshes = () => new Promise((resolve) => setTimeout(resolve, (KEY_TTL_MS * 4) / 3 + 200))

async function expectStillServing(server: RunningSignalingServer, ...members: TestClient[]): Promise<void> {
  expect(await httpRequest(server.httpUrl, '/healthz')).toMatchObject({ status: 200 })
  for (const member of members) expect(member.isOpen).toBe(true)
}

describe('resume claims across processes', () => {
  it.each([
    ['on the other process', 1],
    ['on the same process', 0],
  ] as const)('takes the id over from a half-open connection %s, without a word to the room', async (_where, claimOn) => {
    const nodes = await cluster({ resumeKey: KEY }, { resumeKey: KEY })
    const [one] = nodes
    const room = generateRoomCode()
    const alice = await clients.connect(one.url)
    const aliceId = (await alice.join(room)).peerId
    const { raw: stale, joined } = await halfOpenMember(one.url, room)
    const bobId = joined.peerId
    await alice.next('peer-joined')

    const bob = await clients.connect(nodes[claimOn]!.url)
    bob.send({ v: 1, type: 'join', room, resume: { peerId: bobId, token: joined.resumeToken! } })
    expect(await bob.next('joined')).toMatchObject({ peerId: bobId, peers: [aliceId], resumeToken: joined.resumeToken })
    expect(await stale.closed(5_000)).toEqual({ code: 4000, reason: SignalingCloseReason.ResumedElsewhere })
    await alice.expectNoMessage(100)

    alice.send({ v: 1, type: 'signal', to: bobId, data: offer() })
    expect(await bob.next('signal')).toEqual({ v: 1, type: 'signal', from: aliceId, data: offer() })
    bob.send({ v: 1, type: 'signal', to: aliceId, data: answer() })
    expect(await alice.next('signal')).toEqual({ v: 1, type: 'signal', from: bobId, data: answer() })
    const carol = await clients.connect(nodes[1 - claimOn]!.url)
    carol.send({ v: 1, type: 'join', room })
    expect((await carol.next('error')).code).toBe(SignalingErrorCode.RoomFull)

    // Refreshes and sweeps keep Bob's id alive on his process and find nothing wrong on the old holder's.
    await severalRefreshes()
    for (const node of nodes) await expectStillServing(node, alice, bob)
    await alice.expectNoMessage(0)
    await bob.close()
    expect(await alice.next('peer-left')).toEqual({ v: 1, type: 'peer-left', peerId: bobId, reason: 'disconnected' })
    await severalRefreshes()
    await expectStillServing(one, alice)
  })

  it('lets the new holder leave before the old one is cut, and the old process goes on serving', async () => {
    const [one, two] = await cluster({ resumeKey: KEY }, { resumeKey: KEY })
    const room = generateRoomCode()
    const alice = await clients.connect(one.url)
    await alice.join(room)
    const { raw: stale, joined } = await halfOpenMember(one.url, room)
    await alice.next('peer-joined')

    const bob = await clients.connect(two.url)
    bob.send({ v: 1, type: 'join', room, resume: { peerId: joined.peerId, token: joined.resumeToken! } })
    await bob.next('joined')
    // Bob hangs up at once, while the stale socket on process one is still being closed.
    bob.send({ v: 1, type: 'leave' })
    expect(await alice.next('peer-left')).toEqual({ v: 1, type: 'peer-left', peerId: joined.peerId, reason: 'left' })
    await severalRefreshes()
    expect((await stale.closed(5_000)).reason).toBe(SignalingCloseReason.ResumedElsewhere)
    await expectStillServing(one, alice)
    await alice.expectNoMessage(0)
  })

  it('gives a fresh id when the processes have different keys', async () => {
    const [one, two] = await cluster({ resumeKey: KEY }, { resumeKey: `${KEY}-other` })
    const room = generateRoomCode()
    const alice = await clients.connect(one.url)
    await alice.join(room)
    const bob = await clients.connect(one.url)
    const joined = await bob.join(room)
    await alice.next('peer-joined')
    await bob.close()
    await alice.next('peer-left')

    const bobElsewhere = await clients.connect(two.url)
    bobElsewhere.send({ v: 1, type: 'join', room, resume: { peerId: joined.peerId, token: joined.resumeToken! } })
    const again = await bobElsewhere.next('joined')
    expect(again.peerId).not.toBe(joined.peerId)
    expect(await alice.next('peer-joined')).toEqual({ v: 1, type: 'peer-joined', peerId: again.peerId })
  })
})
