/**
 * A personal code cannot be taken over by a second secret that hashes to the same 45-bit code. Finding such a
 * secret takes ~2^45 hashes, so this test stands in for the attacker's search: it makes the code derivation
 * map one chosen "colliding" secret onto the owner's code, while everything else (fingerprints, the server,
 * the sockets) is real.
 */
import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { generatePersonalSecret, personalCodeFromDigest, type PersonalSecret } from '../../../src/shared/personal-code'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'
import { createClientPool } from '../../support/ws-client'

const owner = generatePersonalSecret()
const collider = generatePersonalSecret()
const realCode = (secret: PersonalSecret) => personalCodeFromDigest(createHash('sha256').update(secret).digest())

vi.mock('../../../src/server/derive-personal-code', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/server/derive-personal-code')>()
  return {
    ...original,
    derivePersonalCode: (secret: PersonalSecret) => original.derivePersonalCode(secret === collider ? owner : secret),
  }
})

const { startSignalingServer } = await import('../../../src/server')
const { silentLogger } = await import('../../../src/server/log')

const clients = createClientPool()
let close: (() => Promise<void>) | undefined
afterEach(async () => {
  await clients.closeAll()
  await close?.()
})

describe('taking over a personal code with a colliding secret', () => {
  it('is refused with SIG_ERR_CODE_TAKEN while the owner is online, and the owner keeps the code', async () => {
    const server = await startSignalingServer({ logger: silentLogger })
    close = server.close
    const ownerClient = await clients.connect(server.url)
    expect((await ownerClient.register(owner)).code).toBe(realCode(owner))

    const attacker = await clients.connect(server.url)
    attacker.send({ v: 1, type: 'register', secret: collider })
    expect((await attacker.next('error')).code).toBe(SignalingErrorCode.CodeTaken)
    await ownerClient.expectNoMessage(100)
  })

  it('is refused after the owner went offline, while the binding lives', async () => {
    const server = await startSignalingServer({ logger: silentLogger })
    close = server.close
    const ownerClient = await clients.connect(server.url)
    await ownerClient.register(owner)
    await ownerClient.close()

    const attacker = await clients.connect(server.url)
    attacker.send({ v: 1, type: 'register', secret: collider })
    expect((await attacker.next('error')).code).toBe(SignalingErrorCode.CodeTaken)
    // The owner comes back and gets its code as before.
    const back = await clients.connect(server.url)
    expect((await back.register(owner)).code).toBe(realCode(owner))
  })

  it('is possible only for a code the server has not seen within the binding lifetime', async () => {
    const server = await startSignalingServer({ logger: silentLogger, codeBindingTtlMs: 0 })
    close = server.close
    const ownerClient = await clients.connect(server.url)
    await ownerClient.register(owner)
    await ownerClient.close()
    const attacker = await clients.connect(server.url)
    expect((await attacker.register(collider)).code).toBe(realCode(owner))
  })
})
