/**
 * A caller whose network the server throttles, end to end: a real server started with low attempt limits, the
 * app's own `ws` client, the phone line and the outgoing-call screen's words. The throttled call must end at once
 * with the specific reason and wait, not ring until the 30 s timeout.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createSignalingClient } from '../../src/main/signaling-connection'
import { describeOutgoing, reduceOutgoing, startOutgoing } from '../../src/renderer/src/phone/outgoing-call'
import { silentLogger, startSignalingServer, type RunningSignalingServer } from '../../src/server'
import { derivePersonalCode } from '../../src/server/derive-personal-code'
import type { RecentCall } from '../../src/shared/contacts'
import { generatePersonalSecret } from '../../src/shared/personal-code'
import type { CallUpdate } from '../../src/shared/phone'
import { PhoneLine } from '../../src/shared/phone-line'
import { generateRoomCode } from '../../src/shared/room-code'
import type { SignalingClient } from '../../src/shared/signaling-client'

const RING_TIMEOUT_MS = 30_000
const BLOCK_MS = 60_000

let server: RunningSignalingServer | undefined
let client: SignalingClient | undefined
let line: PhoneLine | undefined

afterEach(async () => {
  line?.dispose()
  client?.close()
  await server?.close()
  line = client = server = undefined
})

function nextUpdate(phone: PhoneLine, state: CallUpdate['state'] | 'throttled'): Promise<CallUpdate> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${state} call-update within 5 s`)), 5_000)
    const off = phone.on('call-update', (update) => {
      if (state === 'throttled' ? !update.throttled : update.state !== state || update.throttled) return
      clearTimeout(timer)
      off()
      resolve(update)
    })
  })
}

describe('a caller the server throttles', () => {
  it('sees "too many attempts, try again in N seconds" within a second, not a call that rings until the timeout', async () => {
    server = await startSignalingServer({
      logger: silentLogger,
      freeFailedAttempts: 0,
      failedAttemptDelayMs: 0,
      maxFailedAttemptDelayMs: 0,
      blockAfterFailedAttempts: 2,
      failedAttemptBlockMs: BLOCK_MS,
    })
    client = createSignalingClient(server.url, { backoff: { initialMs: 50, maxMs: 50, factor: 1, jitter: 0 } })
    const recents: RecentCall[] = []
    const phone = new PhoneLine({
      client,
      secret: generatePersonalSecret(),
      deriveCode: async (secret) => derivePersonalCode(secret),
      ringTimeoutMs: RING_TIMEOUT_MS,
      lookupName: () => null,
      recents: { add: (entry) => void recents.push(entry), update: () => undefined },
      isBusy: () => false,
    })
    line = phone
    const online = new Promise<void>((resolve) => phone.on('identity', (identity) => identity.status === 'online' && resolve()))
    client.connect()
    await phone.start()
    await online

    // Two calls to codes nobody holds: misses, as guessing codes would be. The second blocks this address.
    for (let miss = 0; miss < 2; miss++) {
      const unreachable = nextUpdate(phone, 'unreachable')
      phone.call(generateRoomCode())
      await unreachable
    }

    const callee = generateRoomCode()
    const throttled = nextUpdate(phone, 'throttled')
    const placedAt = performance.now()
    const call = phone.call(callee)
    const update = await throttled
    const tookMs = performance.now() - placedAt

    expect(update).toMatchObject({ callId: call.callId, state: 'unreachable' })
    expect(update.throttled?.retryAfterMs).toBeGreaterThan(BLOCK_MS - 5_000)
    expect(update.throttled?.retryAfterMs).toBeLessThanOrEqual(BLOCK_MS)
    expect(tookMs).toBeLessThan(1_000)
    expect(phone.outgoing).toBeNull()
    // The connection stays up: the app is still reachable, and nothing rings on.
    expect(client.state.status).toBe('open')
    expect(phone.identity.status).toBe('online')

    // What the outgoing-call screen then says.
    const view = reduceOutgoing(reduceOutgoing(startOutgoing(callee, 'Minji'), { type: 'placed', call }), { type: 'update', update })
    expect(describeOutgoing(view)).toEqual({ title: "Couldn't call Minji", detail: expect.stringMatching(/^Too many attempts from this network; try again in (5[6-9]|60) seconds\.$/) })
  })
})
