/**
 * Code bindings are shared by the cluster: a colliding secret (one that hashes to someone else's personal code)
 * is refused on every process, not only on the one the owner used. As in test/unit/server/code-takeover.test.ts,
 * the derivation is made to map one chosen "colliding" secret onto the owner's code (a real collision takes
 * ~2^45 hashes); everything else (fingerprints, Redis, sockets) is real.
 */
import { createHash } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { SignalingServerOptions } from '../../src/server'
import { generatePersonalSecret, personalCodeFromDigest, type PersonalSecret } from '../../src/shared/personal-code'
import { SignalingErrorCode } from '../../src/shared/signaling-errors'
import { startRedis, type RunningRedis } from '../support/redis'
import { createClientPool } from '../support/ws-client'

const owner = generatePersonalSecret()
const collider = generatePersonalSecret()
const realCode = (secret: PersonalSecret) => personalCodeFromDigest(createHash('sha256').update(secret).digest())

vi.mock('../../src/server/derive-personal-code', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/server/derive-personal-code')>()
  return {
    ...original,
    derivePersonalCode: (secret: PersonalSecret) => original.derivePersonalCode(secret === collider ? owner : secret),
  }
})

const { startSignalingServer } = await import('../../src/server')
const { silentLogger } = await import('../../src/server/log')

let redis: RunningRedis
const closers: Array<() => Promise<void>> = []
const clients = createClientPool()

beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})
afterEach(async () => {
  await clients.closeAll()
  await Promise.all(closers.splice(0).map((close) => close()))
})

async function twoNodes(codeBindingTtlMs?: number, options: Partial<SignalingServerOptions> = {}) {
  const redisKeyPrefix = `bind-${Math.random().toString(36).slice(2)}:`
  const start = async () => {
    const server = await startSignalingServer({ logger: silentLogger, redisUrl: redis.url, redisKeyPrefix, ...(codeBindingTtlMs !== undefined ? { codeBindingTtlMs } : {}), ...options })
    closers.push(server.close)
    return server
  }
  return [await start(), await start()] as const
}

describe('taking over a personal code on another process of the cluster', () => {
  it('is refused with SIG_ERR_CODE_TAKEN while the owner is online elsewhere, and after it went offline', async () => {
    const [one, two] = await twoNodes()
    const ownerClient = await clients.connect(one.url)
    expect((await ownerClient.register(owner)).code).toBe(realCode(owner))

    const attacker = await clients.connect(two.url)
    attacker.send({ v: 1, type: 'register', secret: collider })
    expect((await attacker.next('error')).code).toBe(SignalingErrorCode.CodeTaken)
    await ownerClient.close()
    attacker.send({ v: 1, type: 'register', secret: collider })
    expect((await attacker.next('error')).code).toBe(SignalingErrorCode.CodeTaken)

    const back = await clients.connect(two.url)
    expect((await back.register(owner)).code).toBe(realCode(owner))
  })

  it('is possible only when bindings do not live (codeBindingTtlMs 0), as on one process', async () => {
    const [one, two] = await twoNodes(0)
    const ownerClient = await clients.connect(one.url)
    await ownerClient.register(owner)
    await ownerClient.close()
    const attacker = await clients.connect(two.url)
    expect((await attacker.register(collider)).code).toBe(realCode(owner))
  })
})

describe('a register that is refused, on a cluster', () => {
  it('binds nothing in Redis when refused with SIG_ERR_ALREADY_REGISTERED: the owner can still register its code elsewhere', async () => {
    const [one, two] = await twoNodes()
    const attacker = await clients.connect(one.url)
    await attacker.register(generatePersonalSecret())
    attacker.send({ v: 1, type: 'register', secret: collider })
    expect((await attacker.next('error')).code).toBe(SignalingErrorCode.AlreadyRegistered)
    const ownerClient = await clients.connect(two.url)
    expect((await ownerClient.register(owner)).code).toBe(realCode(owner))
  })

  it('binds nothing in Redis when refused for its new-code budget, and each process charges its own budget', async () => {
    const [one, two] = await twoNodes(undefined, { newCodeBindingBurstPerAddress: 1, newCodeBindingsPerHourPerAddress: 1 })
    const attacker = await clients.connect(one.url)
    await attacker.register(generatePersonalSecret())
    attacker.send({ v: 1, type: 'unregister' })
    attacker.send({ v: 1, type: 'register', secret: collider })
    const refused = await attacker.next('error')
    expect(refused.code).toBe(SignalingErrorCode.TooManyNewCodes)
    expect(refused.retryAfterMs).toBeGreaterThan(0)
    // Re-registering a code bound to the same secret costs nothing, on either process.
    const ownerClient = await clients.connect(two.url)
    expect((await ownerClient.register(owner)).code).toBe(realCode(owner))
    await ownerClient.close()
    const again = await clients.connect(one.url)
    expect((await again.register(owner)).code).toBe(realCode(owner))
  })
})
