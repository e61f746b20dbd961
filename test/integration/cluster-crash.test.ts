/**
 * A cluster process that crashes (SIGKILL: no goodbye, no cleanup) frees its peers by expiry: the other
 * members of their rooms are told `peer-left` with reason `disconnected` within `clusterKeyTtlMs` plus the
 * refresh interval (a third of it), and codes registered there stop ringing anything.
 *
 * One process is the real standalone server, built from the sources and run as a child; the other runs in
 * this test process. Both share a real redis-server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSignalingServer, type RunningSignalingServer } from '../../src/server'
import { silentLogger } from '../../src/server/log'
import { generateCallId } from '../../src/shared/calls'
import { generatePersonalSecret } from '../../src/shared/personal-code'
import { generateRoomCode } from '../../src/shared/room-code'
import { startRedis, type RunningRedis } from '../support/redis'
import { buildServer, startServerProcess, type ServerBuild, type ServerProcess } from '../support/server-process'
import { createClientPool } from '../support/ws-client'

const KEY_TTL_MS = 1_500
/** Detection takes up to the TTL plus one refresh interval; the rest is scheduling slack. */
const DEADLINE_MS = KEY_TTL_MS + KEY_TTL_MS / 3 + 700

let redis: RunningRedis
let build: ServerBuild
let child: ServerProcess | undefined
let local: RunningSignalingServer | undefined
const clients = createClientPool()

beforeAll(async () => {
  ;[redis, build] = await Promise.all([startRedis(), buildServer()])
}, 90_000)
afterAll(async () => {
  await redis?.stop()
  build?.remove()
})
afterEach(async () => {
  await clients.closeAll()
  await child?.stop()
  await local?.close()
  child = undefined
  local = undefined
})

async function startPair() {
  const redisKeyPrefix = `crash-${Math.random().toString(36).slice(2)}:`
  child = await startServerProcess(build, {
    TONGHWA_REDIS_URL: redis.url,
    TONGHWA_REDIS_KEY_PREFIX: redisKeyPrefix,
    TONGHWA_CLUSTER_KEY_TTL_MS: String(KEY_TTL_MS),
    TONGHWA_LOG_LEVEL: 'info',
  })
  local = await startSignalingServer({ logger: silentLogger, redisUrl: redis.url, redisKeyPrefix, clusterKeyTtlMs: KEY_TTL_MS })
  return { child, local }
}

describe('a cluster process killed with SIGKILL', () => {
  it('frees its peers: the other member gets peer-left (disconnected) within the key TTL and a refresh', async () => {
    const { child: doomed, local: survivor } = await startPair()
    const room = generateRoomCode()
    const alice = await clients.connect(doomed.url)
    const bob = await clients.connect(survivor.url)
    const aliceId = (await alice.join(room)).peerId
    const bobJoined = await bob.join(room)
    expect(bobJoined.peers).toEqual([aliceId])

    const killedAt = Date.now()
    await doomed.kill()
    expect(await bob.next('peer-left', DEADLINE_MS)).toEqual({ v: 1, type: 'peer-left', peerId: aliceId, reason: 'disconnected' })
    expect(Date.now() - killedAt).toBeLessThan(DEADLINE_MS)
    // The slot is free again: someone else can take it.
    const carol = await clients.connect(survivor.url)
    expect((await carol.join(room)).peers).toEqual([bobJoined.peerId])
  })

  it('stops ringing codes registered there: a call to one is unreachable once the key has expired', async () => {
    const { child: doomed, local: survivor } = await startPair()
    const alice = await clients.connect(doomed.url)
    const aliceCode = (await alice.register(generatePersonalSecret())).code
    const bob = await clients.connect(survivor.url)
    await bob.register(generatePersonalSecret())

    await doomed.kill()
    await new Promise((resolve) => setTimeout(resolve, KEY_TTL_MS + 100))
    const callId = generateCallId()
    bob.send({ v: 1, type: 'invite', callId, to: aliceCode, room: generateRoomCode() })
    expect(await bob.next('call-update')).toEqual({ v: 1, type: 'call-update', callId, state: 'unreachable' })
  })

  it('lets a newcomer into a room whose only member crashed, removing the dead member as it joins', async () => {
    const { child: doomed, local: survivor } = await startPair()
    const room = generateRoomCode()
    const alice = await clients.connect(doomed.url)
    const aliceId = (await alice.join(room)).peerId
    await doomed.kill()
    await new Promise((resolve) => setTimeout(resolve, KEY_TTL_MS + 100))
    // Nobody alive was in the room to sweep it; the join itself removes the dead member.
    const bob = await clients.connect(survivor.url)
    const joined = await bob.join(room)
    expect(joined.peers).not.toContain(aliceId)
    expect(joined.peers).toEqual([])
  })
})
