/**
 * A flood of rings at one person, seen from the callee's app: a real server, the app's own `ws` client, its phone
 * line, and its attention logic (native notifications, recorded). Attackers ring, hang up and ring again as fast as
 * their connections allow; the callee declines whatever rings from them, as a person would. The app must stay
 * usable: one notification per caller at most, never a pile, and a friend who calls meanwhile rings and is taken.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { AttentionController } from '../../src/main/attention'
import { createSignalingClient } from '../../src/main/signaling-connection'
import { silentLogger, startSignalingServer, type RunningSignalingServer } from '../../src/server'
import { derivePersonalCode } from '../../src/server/derive-personal-code'
import { generateCallId, type CallId } from '../../src/shared/calls'
import { generatePersonalSecret } from '../../src/shared/personal-code'
import { PhoneLine } from '../../src/shared/phone-line'
import { generateRoomCode, type RoomCode } from '../../src/shared/room-code'
import type { SignalingClient } from '../../src/shared/signaling-client'
import { SignalingErrorCode } from '../../src/shared/signaling-errors'
import { recordingAttentionHost } from '../unit/main/recording-attention'
import { createClientPool, type TestClient } from '../support/ws-client'

const clients = createClientPool()
let server: RunningSignalingServer | undefined
let client: SignalingClient | undefined
let line: PhoneLine | undefined

afterEach(async () => {
  line?.dispose()
  client?.close()
  await clients.closeAll()
  await server?.close()
  line = client = server = undefined
})

/** Rings `to`, hangs up, and again, `times` times as fast as one connection may send; resolves with the codes it was refused with. */
async function flood(attacker: TestClient, to: RoomCode, times: number): Promise<string[]> {
  for (let i = 0; i < times; i++) {
    const callId = generateCallId()
    attacker.send({ v: 1, type: 'invite', callId, to, room: generateRoomCode() })
    attacker.send({ v: 1, type: 'cancel', callId, reason: 'hung-up' })
  }
  attacker.sendRaw({ v: 1, type: 'flood-sentinel' })
  const refused: string[] = []
  for (;;) {
    const message = await attacker.next(undefined, 10_000)
    if (message.type === 'error' && message.code === SignalingErrorCode.UnknownType) return refused
    if (message.type === 'error') refused.push(message.code)
  }
}

describe('the callee’s app under a flood of rings', () => {
  it('shows at most one notification per caller, and takes a friend’s call in the middle of the flood', async () => {
    server = await startSignalingServer({ logger: silentLogger })
    client = createSignalingClient(server.url, { backoff: { initialMs: 50, maxMs: 50, factor: 1, jitter: 0 } })
    const host = recordingAttentionHost({ count: 1, focused: false })
    const attention = new AttentionController(host)
    const phone: PhoneLine = new PhoneLine({
      client,
      secret: generatePersonalSecret(),
      deriveCode: async (secret) => derivePersonalCode(secret),
      ringTimeoutMs: 30_000,
      lookupName: () => null,
      recents: { add: () => undefined, update: () => undefined },
      // As the window does: one call rings at a time, and the app is busy for others meanwhile.
      isBusy: () => phone.ringing.length > 0,
    })
    line = phone
    const online = new Promise<void>((resolve) => phone.on('identity', (identity) => identity.status === 'online' && resolve()))
    client.connect()
    const { code: calleeCode } = await phone.start()
    await online

    const attackers = await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        const attacker = await clients.connect(server!.url, { localAddress: `127.0.11.${i + 1}`, timeoutMs: 10_000 })
        return { client: attacker, code: (await attacker.register(generatePersonalSecret())).code }
      }),
    )
    const friend = await clients.connect(server.url, { localAddress: '127.0.11.100', timeoutMs: 10_000 })
    const friendCode = (await friend.register(generatePersonalSecret())).code

    const ringsFrom = new Map<RoomCode, number>()
    let mostShown = 0
    let friendRang: (callId: CallId) => void
    const friendRinging = new Promise<CallId>((resolve) => (friendRang = resolve))
    phone.on('incoming-call', (call) => {
      ringsFrom.set(call.from, (ringsFrom.get(call.from) ?? 0) + 1)
      attention.ring(call)
      mostShown = Math.max(mostShown, attention.showing)
      if (call.from === friendCode) return friendRang(call.callId)
      // The person declines the stranger at once.
      attention.stop(call.callId)
      phone.answer(call.callId, false)
    })
    phone.on('call-cancelled', ({ callId }) => attention.stop(callId))

    const flooding = attackers.map((attacker) => flood(attacker.client, calleeCode, 90))
    await new Promise((resolve) => setTimeout(resolve, 30))
    const friendCallId = generateCallId()
    const calledAt = performance.now()
    friend.send({ v: 1, type: 'invite', callId: friendCallId, to: calleeCode, room: generateRoomCode() })
    expect(await friendRinging).toBe(friendCallId)
    const ringDelayMs = performance.now() - calledAt
    attention.stop(friendCallId)
    phone.answer(friendCallId, true)
    let update
    do update = await friend.next('call-update')
    while (update.state === 'ringing')
    expect(update).toMatchObject({ callId: friendCallId, state: 'accepted' })

    const refused = (await Promise.all(flooding)).flat()
    console.info(`ring flood at the app: ${refused.length} rings dropped, friend rang after ${Math.round(ringDelayMs)} ms, at most ${mostShown} notification(s) at once`)
    for (const attacker of attackers) expect(ringsFrom.get(attacker.code) ?? 0).toBeLessThanOrEqual(1)
    expect(mostShown).toBeLessThanOrEqual(2)
    expect(attention.showing).toBe(0)
    expect(refused.filter((code) => code === SignalingErrorCode.RingingTooSoon).length).toBeGreaterThan(4 * 80)
    expect(ringDelayMs).toBeLessThan(1_000)
  })
})
