/**
 * Ringing as a weapon (docs/security.md, "Ringing as a weapon"), against a real server over real sockets: a
 * caller who rings the same person over and over, rings again the moment a ring ends, or keeps ringing people
 * who decline or ignore it. Every ring is a critical notification on the callee's screen, so the server must keep
 * a callee to one ringing call per caller, make declined and ignored callers wait longer and longer, drop rings
 * that come faster than a person could answer (with a code for the caller), and count such calls as misses.
 */
import { describe, expect, it } from 'vitest'
import type { SignalingServerOptions } from '../../../src/server'
import { generateCallId, type CallId } from '../../../src/shared/calls'
import { generatePersonalSecret } from '../../../src/shared/personal-code'
import { generateRoomCode, type RoomCode } from '../../../src/shared/room-code'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'
import { useSignalingServer } from '../../support/signaling-server-harness'
import type { TestClient } from '../../support/ws-client'

const { clients, start } = useSignalingServer()

let addresses = 0
/** A registered person on an address of their own, so per-address limits never mix them up. */
async function person(url: string): Promise<{ client: TestClient; code: RoomCode }> {
  addresses += 1
  const client = await clients.connect(url, { localAddress: `127.0.6.${addresses}` })
  const { code } = await client.register(generatePersonalSecret())
  return { client, code }
}

function invite(caller: TestClient, to: RoomCode): CallId {
  const callId = generateCallId()
  caller.send({ v: 1, type: 'invite', callId, to, room: generateRoomCode() })
  return callId
}

/** Rings `to` and waits until it rings there. */
async function ring(caller: TestClient, callee: TestClient, to: RoomCode): Promise<CallId> {
  const callId = invite(caller, to)
  expect(await caller.next('call-update')).toMatchObject({ callId, state: 'ringing' })
  expect(await callee.next('incoming-call')).toMatchObject({ callId })
  return callId
}

async function declined(caller: TestClient, callee: TestClient, callId: CallId): Promise<void> {
  callee.send({ v: 1, type: 'answer', callId, accept: false })
  expect(await caller.next('call-update')).toMatchObject({ callId, state: 'declined' })
}

/** Tries to ring: the error the caller got, or `ringing`. */
async function tryRing(caller: TestClient, to: RoomCode): Promise<{ code: string; retryAfterMs?: number } | 'ringing'> {
  const callId = invite(caller, to)
  const answer = await caller.next()
  if (answer.type === 'call-update' && answer.callId === callId && answer.state === 'ringing') return 'ringing'
  if (answer.type === 'error') return { code: answer.code, ...(answer.retryAfterMs !== undefined ? { retryAfterMs: answer.retryAfterMs } : {}) }
  throw new Error(`unexpected ${JSON.stringify(answer)}`)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('ringing one person over and over', () => {
  it('rings once: further calls from the same caller while it rings are dropped with SIG_ERR_ALREADY_RINGING', async () => {
    const { url } = await start()
    const callee = await person(url)
    const caller = await person(url)
    await ring(caller.client, callee.client, callee.code)
    for (let i = 0; i < 3; i++) invite(caller.client, callee.code)
    for (let i = 0; i < 3; i++) expect((await caller.client.next('error')).code).toBe(SignalingErrorCode.AlreadyRinging)
    await callee.client.expectNoMessage(200)
  })

  it('drops a ring that follows the last one faster than a person could answer, with SIG_ERR_RINGING_TOO_SOON and retryAfterMs', async () => {
    const { url } = await start()
    const callee = await person(url)
    const caller = await person(url)
    const callId = await ring(caller.client, callee.client, callee.code)
    caller.client.send({ v: 1, type: 'cancel', callId, reason: 'hung-up' })
    expect(await callee.client.next('call-cancelled')).toMatchObject({ callId })
    const again = await tryRing(caller.client, callee.code)
    expect(again).toMatchObject({ code: SignalingErrorCode.RingingTooSoon })
    expect((again as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0)
    await callee.client.expectNoMessage(200)
  })

  it('makes a declined caller wait before ringing the same person again, twice as long after each further decline', async () => {
    const options: Partial<SignalingServerOptions> = { ringIntervalMs: 1, ringBackoffMs: 300, maxRingBackoffMs: 10_000 }
    const { url } = await start(options)
    const callee = await person(url)
    const caller = await person(url)
    await declined(caller.client, callee.client, await ring(caller.client, callee.client, callee.code))
    const first = await tryRing(caller.client, callee.code)
    expect(first).toMatchObject({ code: SignalingErrorCode.RingingTooSoon })
    expect((first as { retryAfterMs: number }).retryAfterMs).toBeLessThanOrEqual(300)
    await sleep(350)
    await declined(caller.client, callee.client, await ring(caller.client, callee.client, callee.code))
    const second = await tryRing(caller.client, callee.code)
    expect((second as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(300)
    expect((second as { retryAfterMs: number }).retryAfterMs).toBeLessThanOrEqual(600)
    await sleep(650)
    // An accepted call clears the slate.
    const callId = await ring(caller.client, callee.client, callee.code)
    callee.client.send({ v: 1, type: 'answer', callId, accept: true })
    expect(await caller.client.next('call-update')).toMatchObject({ callId, state: 'accepted' })
    await ring(caller.client, callee.client, callee.code)
  })

  it('holds nothing against a caller whose call the callee’s app answered busy without ringing', async () => {
    const { url } = await start()
    const callee = await person(url)
    const caller = await person(url)
    const callId = await ring(caller.client, callee.client, callee.code)
    callee.client.send({ v: 1, type: 'answer', callId, accept: false, reason: 'busy' })
    expect(await caller.client.next('call-update')).toMatchObject({ callId, state: 'busy' })
    await ring(caller.client, callee.client, callee.code)
  })

  it('does not slow down someone else who calls the same person', async () => {
    const { url } = await start()
    const callee = await person(url)
    const pest = await person(url)
    const friend = await person(url)
    await declined(pest.client, callee.client, await ring(pest.client, callee.client, callee.code))
    expect(await tryRing(pest.client, callee.code)).toMatchObject({ code: SignalingErrorCode.RingingTooSoon })
    await ring(friend.client, callee.client, callee.code)
  })
})

describe('a caller nobody answers', () => {
  it('is slowed down towards everyone once it has missed more than the free misses', async () => {
    const { url } = await start({ ringIntervalMs: 1, freeRingMisses: 2, ringBackoffMs: 5_000 })
    const caller = await person(url)
    for (let i = 0; i < 2; i++) {
      const callee = await person(url)
      await declined(caller.client, callee.client, await ring(caller.client, callee.client, callee.code))
    }
    const third = await person(url)
    await declined(caller.client, third.client, await ring(caller.client, third.client, third.code))
    const fourth = await person(url)
    expect(await tryRing(caller.client, fourth.code)).toMatchObject({ code: SignalingErrorCode.RingingTooSoon })
    await fourth.client.expectNoMessage(100)
  })

  it('has its declined and unanswered calls counted as failed attempts of its address', async () => {
    const { url } = await start({
      ringIntervalMs: 1,
      freeFailedAttempts: 0,
      failedAttemptDelayMs: 0,
      maxFailedAttemptDelayMs: 0,
      blockAfterFailedAttempts: 2,
      inviteTtlMs: 200,
    })
    const caller = await person(url)
    const decliner = await person(url)
    await declined(caller.client, decliner.client, await ring(caller.client, decliner.client, decliner.code))
    const ignorer = await person(url)
    const ignored = await ring(caller.client, ignorer.client, ignorer.code)
    expect(await caller.client.next('call-update', 2_000)).toMatchObject({ callId: ignored, state: 'no-answer' })
    const third = await person(url)
    expect(await tryRing(caller.client, third.code)).toMatchObject({ code: SignalingErrorCode.TooManyAttempts })
  })
})

describe('a flood of rings at one person', () => {
  it('leaves the callee usable: one ring per caller, its connection answers at once, and a friend gets through and is accepted', async () => {
    const { url } = await start()
    const callee = await person(url)
    const attackers = await Promise.all(Array.from({ length: 4 }, () => person(url)))
    const friend = await person(url)
    const flooding = attackers.map(async ({ client }) => {
      // Ring, hang up, ring again, as fast as the connection's message rate allows: 90 rings each.
      for (let i = 0; i < 90; i++) {
        const callId = invite(client, callee.code)
        client.send({ v: 1, type: 'cancel', callId, reason: 'hung-up' })
      }
      // Every frame is answered or dropped by the time this one is refused.
      client.sendRaw({ v: 1, type: 'flood-sentinel' })
      const codes: string[] = []
      for (;;) {
        const message = await client.next(undefined, 10_000)
        if (message.type === 'error' && message.code === SignalingErrorCode.UnknownType) break
        if (message.type === 'error') codes.push(message.code)
      }
      return codes
    })
    await sleep(50)
    // Meanwhile the callee's connection answers at once, and a friend's call rings and is taken.
    const askedAt = performance.now()
    callee.client.send({ v: 1, type: 'leave' })
    const rings = new Map<RoomCode, number>()
    let friendCall: CallId | undefined
    const friendCallId = invite(friend.client, callee.code)
    for (;;) {
      const message = await callee.client.next(undefined, 10_000)
      if (message.type === 'error' && message.code === SignalingErrorCode.NotInRoom) {
        expect(performance.now() - askedAt).toBeLessThan(1_000)
        continue
      }
      if (message.type === 'incoming-call') {
        rings.set(message.from, (rings.get(message.from) ?? 0) + 1)
        if (message.from === friend.code) {
          friendCall = message.callId
          break
        }
      }
    }
    expect(friendCall).toBe(friendCallId)
    callee.client.send({ v: 1, type: 'answer', callId: friendCallId, accept: true })
    let update
    do update = await friend.client.next('call-update')
    while (update.state === 'ringing')
    expect(update).toMatchObject({ callId: friendCallId, state: 'accepted' })

    const refusals = (await Promise.all(flooding)).flat()
    for (;;) {
      const message = await callee.client.next(undefined, 300).catch(() => undefined)
      if (message === undefined) break
      if (message.type === 'incoming-call') rings.set(message.from, (rings.get(message.from) ?? 0) + 1)
    }
    // However it was flooded, each attacker rang at most once (the cancel that follows makes the next too soon).
    for (const attacker of attackers) expect(rings.get(attacker.code) ?? 0).toBeLessThanOrEqual(1)
    expect(refusals.filter((code) => code === SignalingErrorCode.RingingTooSoon).length).toBeGreaterThan(4 * 80)
  })
})
