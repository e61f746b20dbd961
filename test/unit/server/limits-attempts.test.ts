/**
 * Failed-attempt throttling against a real server: joins that meet nobody, calls to codes nobody holds and
 * wrong resume tokens slow an address down, then block it with SIG_ERR_TOO_MANY_ATTEMPTS (docs/security.md).
 */
import { describe, expect, it } from 'vitest'
import { generateCallId } from '../../../src/shared/calls'
import { generatePersonalSecret } from '../../../src/shared/personal-code'
import type { ResumeToken } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'
import { type TestClient } from '../../support/ws-client'
import { useSignalingServer } from '../../support/signaling-server-harness'

const { clients, start } = useSignalingServer({ failedAttemptBlockMs: 60_000 })

/** Joins a fresh room (nobody there: a miss), leaves it, and says how long the join took. */
async function missOnce(client: TestClient): Promise<number> {
  const started = performance.now()
  await client.join(generateRoomCode())
  const took = performance.now() - started
  client.send({ v: 1, type: 'leave' })
  return took
}

describe('failed-attempt throttling', () => {
  it('lets the free failures through at once, then makes each attempt wait twice as long, then blocks the address', async () => {
    const { url } = await start({ freeFailedAttempts: 2, failedAttemptDelayMs: 100, maxFailedAttemptDelayMs: 400, blockAfterFailedAttempts: 6 })
    const guesser = await clients.connect(url, { timeoutMs: 3_000 })
    const took: number[] = []
    for (let i = 0; i < 6; i++) took.push(await missOnce(guesser))
    expect(Math.max(took[0]!, took[1]!, took[2]!)).toBeLessThan(90)
    expect(took[3]).toBeGreaterThanOrEqual(95)
    expect(took[4]).toBeGreaterThanOrEqual(195)
    expect(took[5]).toBeGreaterThanOrEqual(395)

    guesser.send({ v: 1, type: 'join', room: generateRoomCode() })
    const refused = await guesser.next('error')
    expect(refused.code).toBe(SignalingErrorCode.TooManyAttempts)
    expect(refused.retryAfterMs).toBeGreaterThan(55_000)
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000)
    // A new connection from the same address is blocked too; another address is not.
    const again = await clients.connect(url)
    again.send({ v: 1, type: 'join', room: generateRoomCode() })
    expect((await again.next('error')).code).toBe(SignalingErrorCode.TooManyAttempts)
    const elsewhere = await clients.connect(url, { localAddress: '127.0.0.2' })
    expect(await elsewhere.join(generateRoomCode())).toMatchObject({ type: 'joined' })
  })

  it('does not count a join that meets someone', async () => {
    const { url } = await start({ freeFailedAttempts: 0, blockAfterFailedAttempts: 1 })
    const room = generateRoomCode()
    const host = await clients.connect(url, { localAddress: '127.0.0.2' })
    await host.join(room)
    const guest = await clients.connect(url, { localAddress: '127.0.0.3' })
    for (let i = 0; i < 5; i++) {
      expect(await guest.join(room)).toMatchObject({ type: 'joined' })
      guest.send({ v: 1, type: 'leave' })
    }
  })

  it('counts a join refused as full, and a bad room code', async () => {
    const { url } = await start({ freeFailedAttempts: 0, blockAfterFailedAttempts: 2, maxPeersPerRoom: 1 })
    const room = generateRoomCode()
    const host = await clients.connect(url, { localAddress: '127.0.0.2' })
    await host.join(room)
    const guesser = await clients.connect(url)
    guesser.send({ v: 1, type: 'join', room })
    expect((await guesser.next('error')).code).toBe(SignalingErrorCode.RoomFull)
    guesser.sendRaw({ v: 1, type: 'join', room: '7KD93QFXZ4' })
    expect((await guesser.next('error')).code).toBe(SignalingErrorCode.BadRoomCode)
    guesser.send({ v: 1, type: 'join', room: generateRoomCode() })
    expect((await guesser.next('error')).code).toBe(SignalingErrorCode.TooManyAttempts)
  })

  it('counts a call to a personal code nobody holds, and blocks calls like joins', async () => {
    const { url } = await start({ freeFailedAttempts: 0, blockAfterFailedAttempts: 3 })
    const caller = await clients.connect(url)
    await caller.register(generatePersonalSecret())
    for (let i = 0; i < 3; i++) {
      const callId = generateCallId()
      caller.send({ v: 1, type: 'invite', callId, to: generateRoomCode(), room: generateRoomCode() })
      expect(await caller.next('call-update')).toEqual({ v: 1, type: 'call-update', callId, state: 'unreachable' })
    }
    caller.send({ v: 1, type: 'invite', callId: generateCallId(), to: generateRoomCode(), room: generateRoomCode() })
    expect((await caller.next('error')).code).toBe(SignalingErrorCode.TooManyAttempts)
  })

  it('counts a resume claim with a wrong token', async () => {
    const { url } = await start({ freeFailedAttempts: 0, blockAfterFailedAttempts: 2 })
    const room = generateRoomCode()
    const host = await clients.connect(url, { localAddress: '127.0.0.2' })
    const hostJoined = await host.join(room)
    await host.close()
    const other = await clients.connect(url, { localAddress: '127.0.0.2' })
    await other.join(room)
    // Someone else tries to take the host's id with a made-up token: refused (a fresh id), and counted.
    const thief = await clients.connect(url)
    thief.send({ v: 1, type: 'join', room, resume: { peerId: hostJoined.peerId, token: 'A'.repeat(22) as ResumeToken } })
    const joined = await thief.next('joined')
    expect(joined.peerId).not.toBe(hostJoined.peerId)
    thief.send({ v: 1, type: 'leave' })
    await missOnce(thief)
    thief.send({ v: 1, type: 'join', room: generateRoomCode() })
    expect((await thief.next('error')).code).toBe(SignalingErrorCode.TooManyAttempts)
  })

  it('refuses, instead of queueing, attempts from many connections of one address that would wait too long', async () => {
    const { url } = await start({ freeFailedAttempts: 0, failedAttemptDelayMs: 200, maxFailedAttemptDelayMs: 200, blockAfterFailedAttempts: 1_000 })
    const guessers = await Promise.all([1, 2, 3, 4, 5].map(() => clients.connect(url)))
    await Promise.all(guessers.map((guesser) => guesser.join(generateRoomCode())))
    const late = await clients.connect(url)
    late.send({ v: 1, type: 'join', room: generateRoomCode() })
    const refused = await late.next('error')
    expect(refused.code).toBe(SignalingErrorCode.TooManyAttempts)
    expect(refused.retryAfterMs).toBeGreaterThan(200)
  })

  it('forgets failures once the window is over', async () => {
    const { url } = await start({ freeFailedAttempts: 0, blockAfterFailedAttempts: 2, attemptWindowMs: 300, failedAttemptBlockMs: 300, failedAttemptDelayMs: 0 })
    const client = await clients.connect(url)
    await missOnce(client)
    await missOnce(client)
    client.send({ v: 1, type: 'join', room: generateRoomCode() })
    expect((await client.next('error')).code).toBe(SignalingErrorCode.TooManyAttempts)
    await new Promise((resolve) => setTimeout(resolve, 350))
    expect(await client.join(generateRoomCode())).toMatchObject({ type: 'joined' })
  })
})

describe('many people behind one address', () => {
  const strict = { freeFailedAttempts: 0, blockAfterFailedAttempts: 2, failedAttemptDelayMs: 0, maxFailedAttemptDelayMs: 0 }

  it('blocks them all together when they reach the server from one address (a campus NAT), which is why the budget is a setting', async () => {
    const { url } = await start(strict)
    const guesser = await clients.connect(url, { localAddress: '127.0.5.1' })
    await missOnce(guesser)
    await missOnce(guesser)
    const neighbour = await clients.connect(url, { localAddress: '127.0.5.1' })
    neighbour.send({ v: 1, type: 'join', room: generateRoomCode() })
    expect((await neighbour.next('error')).code).toBe(SignalingErrorCode.TooManyAttempts)
  })

  it('blocks only the guesser behind a trusted proxy that reports each client in X-Forwarded-For', async () => {
    const { url } = await start({ ...strict, trustProxy: true })
    // Both connect from the proxy's address; the proxy appends each one's own address.
    const guesser = await clients.connect(url, { localAddress: '127.0.5.2', headers: { 'X-Forwarded-For': '198.51.100.1' } })
    await missOnce(guesser)
    await missOnce(guesser)
    guesser.send({ v: 1, type: 'join', room: generateRoomCode() })
    expect((await guesser.next('error')).code).toBe(SignalingErrorCode.TooManyAttempts)
    const neighbour = await clients.connect(url, { localAddress: '127.0.5.2', headers: { 'X-Forwarded-For': '198.51.100.2' } })
    expect(await neighbour.join(generateRoomCode())).toMatchObject({ type: 'joined' })
    // A client cannot pick its own address: only the proxy's last entry counts.
    const liar = await clients.connect(url, { localAddress: '127.0.5.2', headers: { 'X-Forwarded-For': '198.51.100.3, 198.51.100.1' } })
    liar.send({ v: 1, type: 'join', room: generateRoomCode() })
    expect((await liar.next('error')).code).toBe(SignalingErrorCode.TooManyAttempts)
  })
})
