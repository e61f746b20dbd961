/**
 * Churning personal-code bindings to reopen a takeover (docs/security.md, "Churning code bindings"). The attacker
 * knows the owner's code and has a colliding secret (as in code-takeover.test.ts, the derivation is made to map
 * one chosen secret onto the owner's code, since a real collision takes ~2^45 hashes); what it lacks is a free
 * code: the owner's binding. So it tries to push that binding out of the first-come table by creating bindings
 * of its own, then registers the colliding secret. Everything else is real: the server, sockets, port 0.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { generatePersonalSecret, personalCodeFromDigest, type PersonalSecret } from '../../../src/shared/personal-code'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'
import type { TestClient } from '../../support/ws-client'

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

const { useSignalingServer } = await import('../../support/signaling-server-harness')
const { clients, start } = useSignalingServer()

/** Rates high enough that only the limit under test can stop the attacker. */
const UNLIMITED_RATES = { newCodeBindingBurstPerAddress: 100_000, newCodeBindingsPerHourPerAddress: 100_000, newCodeBindingBurst: 100_000, newCodeBindingsPerHour: 100_000 }

/** The owner registers and goes offline: its binding is all that protects its code now. */
async function ownerWentOffline(url: string): Promise<void> {
  const client = await clients.connect(url, { localAddress: '127.0.3.1' })
  expect((await client.register(owner)).code).toBe(realCode(owner))
  await client.close()
}

/** Registers `secret`, unregisters again if that worked, and returns what the server answered. */
async function churnOnce(client: TestClient, secret: PersonalSecret): Promise<{ registered: boolean; code?: string; retryAfterMs?: number }> {
  client.send({ v: 1, type: 'register', secret })
  const answer = await client.next()
  if (answer.type === 'registered') {
    client.send({ v: 1, type: 'unregister' })
    return { registered: true }
  }
  if (answer.type !== 'error') throw new Error(`unexpected ${answer.type}`)
  return { registered: false, code: answer.code, ...(answer.retryAfterMs !== undefined ? { retryAfterMs: answer.retryAfterMs } : {}) }
}

async function expectCodeStillTheOwners(url: string): Promise<void> {
  const thief = await clients.connect(url, { localAddress: '127.0.3.200' })
  thief.send({ v: 1, type: 'register', secret: collider })
  expect((await thief.next('error')).code).toBe(SignalingErrorCode.CodeTaken)
  const back = await clients.connect(url, { localAddress: '127.0.3.1' })
  expect((await back.register(owner)).code).toBe(realCode(owner))
}

describe('churning personal-code bindings to take a code over', () => {
  it('gets nowhere with registers refused as SIG_ERR_ALREADY_REGISTERED: a refused register binds nothing', async () => {
    const { url } = await start({ maxCodeBindings: 8, ...UNLIMITED_RATES })
    await ownerWentOffline(url)
    const attacker = await clients.connect(url, { localAddress: '127.0.3.2' })
    await attacker.register(generatePersonalSecret())
    for (let i = 0; i < 40; i++) attacker.send({ v: 1, type: 'register', secret: generatePersonalSecret() })
    for (let i = 0; i < 40; i++) expect((await attacker.next('error')).code).toBe(SignalingErrorCode.AlreadyRegistered)
    await expectCodeStillTheOwners(url)
  })

  it('is stopped by the per-address budget of new codes, with SIG_ERR_TOO_MANY_NEW_CODES and when to try again', async () => {
    const { url } = await start({ maxCodeBindings: 30 })
    await ownerWentOffline(url)
    const attacker = await clients.connect(url, { localAddress: '127.0.3.3' })
    const answers = []
    for (let i = 0; i < 60; i++) answers.push(await churnOnce(attacker, generatePersonalSecret()))
    // The default budget: 20 at once, then one a minute.
    expect(answers.filter((answer) => answer.registered)).toHaveLength(20)
    const refused = answers.filter((answer) => !answer.registered)
    expect(new Set(refused.map((answer) => answer.code))).toEqual(new Set([SignalingErrorCode.TooManyNewCodes]))
    for (const answer of refused) expect(answer.retryAfterMs).toBeGreaterThan(50_000)
    await expectCodeStillTheOwners(url)
  })

  it('is stopped by the budget of the whole server however many addresses it uses, with SIG_ERR_NEW_CODES_THROTTLED', async () => {
    const { url } = await start({ maxCodeBindings: 30, newCodeBindingBurstPerAddress: 100, newCodeBindingBurst: 10, newCodeBindingsPerHour: 60 })
    await ownerWentOffline(url)
    const answers = []
    for (let address = 0; address < 40; address++) {
      const attacker = await clients.connect(url, { localAddress: `127.0.4.${address + 1}` })
      answers.push(await churnOnce(attacker, generatePersonalSecret()))
    }
    // The owner's own binding took one of the 10.
    expect(answers.filter((answer) => answer.registered)).toHaveLength(9)
    const refused = answers.filter((answer) => !answer.registered)
    expect(new Set(refused.map((answer) => answer.code))).toEqual(new Set([SignalingErrorCode.NewCodesThrottled]))
    for (const answer of refused) expect(answer.retryAfterMs).toBeGreaterThan(0)
    await expectCodeStillTheOwners(url)
  })

  it('never evicts a code seen recently: a table full of recent bindings refuses new codes with SIG_ERR_CODE_TABLE_FULL', async () => {
    const { url } = await start({ maxCodeBindings: 3, ...UNLIMITED_RATES })
    await ownerWentOffline(url)
    const answers = []
    for (let address = 0; address < 6; address++) {
      const attacker = await clients.connect(url, { localAddress: `127.0.5.${address + 1}` })
      answers.push(await churnOnce(attacker, generatePersonalSecret()))
    }
    expect(answers.slice(0, 2).every((answer) => answer.registered)).toBe(true)
    for (const answer of answers.slice(2)) {
      expect(answer).toMatchObject({ registered: false, code: SignalingErrorCode.CodeTableFull })
      expect(answer.retryAfterMs).toBeGreaterThan(0)
    }
    await expectCodeStillTheOwners(url)
  })

  it('lets someone register again the code it holds without spending its budget', async () => {
    const { url } = await start({ newCodeBindingBurstPerAddress: 1, newCodeBindingsPerHourPerAddress: 1 })
    const secret = generatePersonalSecret()
    const client = await clients.connect(url, { localAddress: '127.0.3.4' })
    for (let i = 0; i < 5; i++) expect(await churnOnce(client, secret)).toEqual({ registered: true })
    expect(await churnOnce(client, generatePersonalSecret())).toMatchObject({ registered: false, code: SignalingErrorCode.TooManyNewCodes })
  })
})
