/**
 * TURN REST credentials against a real coturn on 127.0.0.1 (started by the test on a free port): the
 * credentials the signaling server hands out in `joined` and `ice-servers` are accepted by coturn, relay data
 * between two allocations, and a wrong or expired credential is refused with a clear status. The secret
 * itself never reaches a client.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSignalingServer, type RunningSignalingServer } from '../../src/server'
import { createJsonLogger, silentLogger } from '../../src/server/log'
import { turnRestCredential } from '../../src/server/turn-credentials'
import type { IceServer } from '../../src/shared/protocol'
import { generateRoomCode } from '../../src/shared/room-code'
import { startCoturn, type RunningCoturn } from '../support/coturn'
import { describeFailure, TurnClient } from '../support/turn-client'
import { createClientPool } from '../support/ws-client'

const SECRET = randomBytes(24).toString('base64url')

let coturn: RunningCoturn
let server: RunningSignalingServer | undefined
const turnClients: TurnClient[] = []
const clients = createClientPool()

beforeAll(async () => {
  coturn = await startCoturn({ secret: SECRET })
})
afterAll(async () => {
  await coturn?.stop()
})
afterEach(async () => {
  await Promise.all(turnClients.splice(0).map((client) => client.close()))
  await clients.closeAll()
  await server?.close()
  server = undefined
})

async function openTurn(): Promise<TurnClient> {
  const client = await TurnClient.open({ address: coturn.host, port: coturn.port })
  turnClients.push(client)
  return client
}

/** The TURN entry a peer got, with its username and credential. */
function turnEntry(iceServers: IceServer[]): { username: string; password: string } {
  const entry = iceServers.find((server) => server.urls.some((url) => url.startsWith('turn:')))
  if (entry?.username === undefined || entry.credential === undefined) throw new Error(`no TURN credential in ${JSON.stringify(iceServers)}`)
  return { username: entry.username, password: entry.credential }
}

async function joinWithTurn(options: { turnCredentialTtlSeconds?: number; logger?: ReturnType<typeof createJsonLogger> } = {}) {
  server = await startSignalingServer({ logger: options.logger ?? silentLogger, turnUrls: [coturn.url], turnSecret: SECRET, stunUrls: [coturn.stunUrl], ...options })
  const room = generateRoomCode()
  const alice = await clients.connect(server.url)
  const bob = await clients.connect(server.url)
  const aliceJoined = await alice.join(room)
  const bobJoined = await bob.join(room)
  return { alice, bob, aliceJoined, bobJoined }
}

describe('credentials from joined, against a real coturn', () => {
  it('are accepted: a TURN Allocate with the issued credential gets a relayed address', async () => {
    const { aliceJoined } = await joinWithTurn()
    expect(aliceJoined.iceServers).toEqual([
      { urls: [coturn.stunUrl] },
      { urls: [coturn.url], username: expect.stringMatching(new RegExp(`^\\d+:${aliceJoined.peerId}$`)), credential: expect.any(String) },
    ])
    const result = await (await openTurn()).allocate(turnEntry(aliceJoined.iceServers))
    if (!result.ok) throw new Error(`coturn refused the issued credential: ${describeFailure(result)}\n${coturn.output()}`)
    expect(result.relayed.address).toBe('127.0.0.1')
  })

  it('relay data between two peers’ allocations on loopback (the path a relay-only call takes)', async () => {
    const { aliceJoined, bobJoined } = await joinWithTurn()
    const aliceTurn = await openTurn()
    const bobTurn = await openTurn()
    const aliceAllocation = await aliceTurn.allocate(turnEntry(aliceJoined.iceServers))
    const bobAllocation = await bobTurn.allocate(turnEntry(bobJoined.iceServers))
    if (!aliceAllocation.ok || !bobAllocation.ok) throw new Error(`allocation refused\n${coturn.output()}`)
    expect(await aliceTurn.createPermission(bobAllocation.relayed)).toEqual({ ok: true })
    expect(await bobTurn.createPermission(aliceAllocation.relayed)).toEqual({ ok: true })

    aliceTurn.send(bobAllocation.relayed, Buffer.from('hello through the relay'))
    const received = await bobTurn.nextData()
    expect(received.data.toString()).toBe('hello through the relay')
    expect(received.from).toEqual(aliceAllocation.relayed)
  })

  it('never hand a client the secret, and never log it', async () => {
    const lines: string[] = []
    const { aliceJoined, alice } = await joinWithTurn({ logger: createJsonLogger({ level: 'debug', write: (line) => lines.push(line) }) })
    alice.send({ v: 1, type: 'leave' })
    expect(JSON.stringify(aliceJoined)).not.toContain(SECRET)
    expect(lines.join('')).not.toContain(SECRET)
  })
})

describe('refused credentials', () => {
  it('a wrong credential is refused with 401 Unauthorized', async () => {
    const { aliceJoined } = await joinWithTurn()
    const { username } = turnEntry(aliceJoined.iceServers)
    const result = await (await openTurn()).allocate({ username, password: 'not-the-credential' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(describeFailure(result)).toBe('401 Unauthorized')
  })

  it('a credential made with another secret is refused with 401', async () => {
    const credential = turnRestCredential('another-secret', 'k3v0q9d2m1ab', Math.floor(Date.now() / 1000) + 600)
    const result = await (await openTurn()).allocate({ username: credential.username, password: credential.credential })
    expect(result).toMatchObject({ ok: false, code: 401 })
  })

  it('an expired credential, though correctly signed, is refused with 401', async () => {
    const credential = turnRestCredential(SECRET, 'k3v0q9d2m1ab', Math.floor(Date.now() / 1000) - 5)
    const result = await (await openTurn()).allocate({ username: credential.username, password: credential.credential })
    expect(result).toMatchObject({ ok: false, code: 401 })
  })
})

describe('fresh credentials before expiry', () => {
  it('arrive in ice-servers at 80 % of the lifetime, and coturn accepts them too', async () => {
    const { alice, aliceJoined } = await joinWithTurn({ turnCredentialTtlSeconds: 2 })
    await alice.next('peer-joined')
    const fresh = await alice.next('ice-servers', 2_500)
    const first = turnEntry(aliceJoined.iceServers)
    const next = turnEntry(fresh.iceServers)
    expect(Number(next.username.split(':')[0])).toBeGreaterThan(Number(first.username.split(':')[0]))
    const result = await (await openTurn()).allocate(next)
    if (!result.ok) throw new Error(`coturn refused the refreshed credential: ${describeFailure(result)}`)
  })
})
