/** Calling a person by personal code, end to end over real sockets: registrations, invites and every outcome. */
import { createHash } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import { type SignalingServerOptions } from '../../../src/server'
import { createJsonLogger } from '../../../src/server/log'
import { generateCallId } from '../../../src/shared/calls'
import { generatePersonalSecret, personalCodeFromDigest, type PersonalSecret } from '../../../src/shared/personal-code'
import { generateRoomCode, type RoomCode } from '../../../src/shared/room-code'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'
import { SignalingClient, type SignalingClientEvents, type WebSocketLike } from '../../../src/shared/signaling-client'
import { offer } from '../../support/signal-data'
import { type TestClient } from '../../support/ws-client'
import { useSignalingServer } from '../../support/signaling-server-harness'

const { clients, start, running } = useSignalingServer()

function codeOf(secret: PersonalSecret): RoomCode {
  return personalCodeFromDigest(createHash('sha256').update(secret).digest())
}

/** Alice and Bob, connected and registered with fresh secrets. */
async function twoRegistered(options: Partial<SignalingServerOptions> = {}) {
  const { url } = await start(options)
  const alice = await clients.connect(url)
  const bob = await clients.connect(url)
  const aliceSecret = generatePersonalSecret()
  const bobSecret = generatePersonalSecret()
  const aliceCode = (await alice.register(aliceSecret)).code
  const bobCode = (await bob.register(bobSecret)).code
  return { url, alice, bob, aliceSecret, bobSecret, aliceCode, bobCode }
}

/** `caller` calls `to`; waits until the callee rings and the caller hears `ringing`. */
async function ring(caller: TestClient, callee: TestClient, to: RoomCode) {
  const callId = generateCallId()
  const room = generateRoomCode()
  caller.send({ v: 1, type: 'invite', callId, to, room })
  const incoming = await callee.next('incoming-call')
  expect(await caller.next('call-update')).toEqual({ v: 1, type: 'call-update', callId, state: 'ringing' })
  return { callId, room, incoming }
}

async function expectError(client: TestClient, code: SignalingErrorCode): Promise<void> {
  const error = await client.next('error')
  expect(error.code).toBe(code)
  expect(error.message.length).toBeGreaterThan(0)
}

describe('registering', () => {
  it('answers register with the personal code derived from the secret', async () => {
    const { url } = await start()
    const alice = await clients.connect(url)
    const secret = generatePersonalSecret()
    expect(await alice.register(secret)).toEqual({ v: 1, type: 'registered', code: codeOf(secret) })
    expect(running()?.stats()).toMatchObject({ registered: 1 })
  })

  it('answers a second register with the same secret again, and changes nothing', async () => {
    const { alice, aliceSecret, aliceCode } = await twoRegistered()
    expect((await alice.register(aliceSecret)).code).toBe(aliceCode)
    expect(running()?.stats()).toMatchObject({ registered: 2 })
  })

  it('refuses a different secret on a registered connection with SIG_ERR_ALREADY_REGISTERED and keeps the first code', async () => {
    const { alice, bob, bobCode } = await twoRegistered()
    bob.send({ v: 1, type: 'register', secret: generatePersonalSecret() })
    await expectError(bob, SignalingErrorCode.AlreadyRegistered)
    await ring(alice, bob, bobCode)
  })

  it('refuses a secret that is not 43 base64url characters with SIG_ERR_BAD_SECRET', async () => {
    const { url } = await start()
    const alice = await clients.connect(url)
    alice.sendRaw({ v: 1, type: 'register', secret: 'hunter2' })
    await expectError(alice, SignalingErrorCode.BadSecret)
    expect(running()?.stats()).toMatchObject({ registered: 0 })
  })

  it('lets a connection unregister, then register a regenerated secret on the same connection', async () => {
    const { alice, bob, bobCode } = await twoRegistered()
    bob.send({ v: 1, type: 'unregister' })
    const newSecret = generatePersonalSecret()
    const newCode = (await bob.register(newSecret)).code
    expect(newCode).toBe(codeOf(newSecret))

    const stale = generateCallId()
    alice.send({ v: 1, type: 'invite', callId: stale, to: bobCode, room: generateRoomCode() })
    expect(await alice.next('call-update')).toEqual({ v: 1, type: 'call-update', callId: stale, state: 'unreachable' })
    await ring(alice, bob, newCode)
  })

  it('answers unregister on a connection that is not registered with SIG_ERR_NOT_REGISTERED', async () => {
    const { url } = await start()
    const alice = await clients.connect(url)
    alice.send({ v: 1, type: 'unregister' })
    await expectError(alice, SignalingErrorCode.NotRegistered)
  })

  it('forgets a registration when its connection closes', async () => {
    const { alice, bob, bobCode } = await twoRegistered()
    await bob.close()
    await vi.waitFor(() => expect(running()?.stats()).toMatchObject({ registered: 1 }))
    const callId = generateCallId()
    alice.send({ v: 1, type: 'invite', callId, to: bobCode, room: generateRoomCode() })
    expect(await alice.next('call-update')).toEqual({ v: 1, type: 'call-update', callId, state: 'unreachable' })
  })
})

describe('replacing a registration', () => {
  it('moves the code to the newer connection and tells the older one SIG_ERR_REPLACED, leaving it connected', async () => {
    const { url, alice, bob, bobSecret, bobCode } = await twoRegistered()
    const bobAgain = await clients.connect(url)
    expect((await bobAgain.register(bobSecret)).code).toBe(bobCode)
    await expectError(bob, SignalingErrorCode.Replaced)
    expect(running()?.stats()).toMatchObject({ registered: 2 })

    await ring(alice, bobAgain, bobCode)
    await bob.expectNoMessage()
    // The replaced connection is still a working connection: it can join a room.
    expect(bob.isOpen).toBe(true)
    expect((await bob.join(generateRoomCode())).peers).toEqual([])
  })

  it('ends a call ringing at the replaced connection: the caller is told unreachable', async () => {
    const { url, alice, bob, bobSecret } = await twoRegistered()
    const { callId } = await ring(alice, bob, codeOf(bobSecret))
    const bobAgain = await clients.connect(url)
    await bobAgain.register(bobSecret)
    await expectError(bob, SignalingErrorCode.Replaced)
    expect(await alice.next('call-update')).toEqual({ v: 1, type: 'call-update', callId, state: 'unreachable' })
    bob.send({ v: 1, type: 'answer', callId, accept: true })
    await expectError(bob, SignalingErrorCode.UnknownCall)
    await alice.expectNoMessage()
    expect(running()?.stats()).toMatchObject({ ringing: 0 })
  })

  it('ends a call the replaced connection was making: the callee is told hung-up', async () => {
    const { url, alice, bob, aliceSecret, bobCode } = await twoRegistered()
    const { callId } = await ring(alice, bob, bobCode)
    const aliceAgain = await clients.connect(url)
    await aliceAgain.register(aliceSecret)
    await expectError(alice, SignalingErrorCode.Replaced)
    expect(await bob.next('call-cancelled')).toEqual({ v: 1, type: 'call-cancelled', callId, reason: 'hung-up' })
  })
})

describe('calling a person', () => {
  it('rings the callee with the caller’s code as from, and tells the caller ringing', async () => {
    const { alice, bob, aliceCode, bobCode } = await twoRegistered()
    const callId = generateCallId()
    const room = generateRoomCode()
    alice.send({ v: 1, type: 'invite', callId, to: bobCode, room })
    expect(await bob.next('incoming-call')).toEqual({ v: 1, type: 'incoming-call', callId, from: aliceCode, room })
    expect(await alice.next('call-update')).toEqual({ v: 1, type: 'call-update', callId, state: 'ringing' })
    expect(running()?.stats()).toMatchObject({ ringing: 1 })
  })

  it('tells the caller accepted, after which both meet in the room as any two peers do', async () => {
    const { alice, bob, bobCode } = await twoRegistered()
    const { callId, room } = await ring(alice, bob, bobCode)
    bob.send({ v: 1, type: 'answer', callId, accept: true })
    expect(await alice.next('call-update')).toEqual({ v: 1, type: 'call-update', callId, state: 'accepted' })
    await bob.expectNoMessage()
    expect(running()?.stats()).toMatchObject({ ringing: 0 })

    const bobJoined = await bob.join(room)
    const aliceJoined = await alice.join(room)
    expect(aliceJoined.peers).toEqual([bobJoined.peerId])
    await bob.next('peer-joined')
    alice.send({ v: 1, type: 'signal', to: bobJoined.peerId, data: offer() })
    expect(await bob.next('signal')).toEqual({ v: 1, type: 'signal', from: aliceJoined.peerId, data: offer() })
  })

  it.each([
    ['declined when the callee refuses without a reason', {}, 'declined'],
    ['declined when the callee says declined', { reason: 'declined' }, 'declined'],
    ['busy when the callee says busy', { reason: 'busy' }, 'busy'],
  ] as const)('tells the caller %s', async (_name, fields, state) => {
    const { alice, bob, bobCode } = await twoRegistered()
    const { callId } = await ring(alice, bob, bobCode)
    bob.send({ v: 1, type: 'answer', callId, accept: false, ...fields })
    expect(await alice.next('call-update')).toEqual({ v: 1, type: 'call-update', callId, state })
    await bob.expectNoMessage()
  })

  it('tells the caller unreachable when nobody is registered on the code, and keeps nothing', async () => {
    const { url } = await start()
    const alice = await clients.connect(url)
    await alice.register(generatePersonalSecret())
    const callId = generateCallId()
    alice.send({ v: 1, type: 'invite', callId, to: codeOf(generatePersonalSecret()), room: generateRoomCode() })
    expect(await alice.next('call-update')).toEqual({ v: 1, type: 'call-update', callId, state: 'unreachable' })
    expect(running()?.stats()).toMatchObject({ ringing: 0 })
  })

  it('tells the caller unreachable when the callee’s connection closes while it rings', async () => {
    const { alice, bob, bobCode } = await twoRegistered()
    const { callId } = await ring(alice, bob, bobCode)
    await bob.close()
    expect(await alice.next('call-update')).toEqual({ v: 1, type: 'call-update', callId, state: 'unreachable' })
    expect(running()?.stats()).toMatchObject({ ringing: 0 })
  })

  it('tells the caller unreachable when the callee unregisters while it rings', async () => {
    const { alice, bob, bobCode } = await twoRegistered()
    const { callId } = await ring(alice, bob, bobCode)
    bob.send({ v: 1, type: 'unregister' })
    expect(await alice.next('call-update')).toEqual({ v: 1, type: 'call-update', callId, state: 'unreachable' })
  })

  it('tells the callee call-cancelled with the caller’s reason when the caller cancels', async () => {
    // Ringing again at once after a cancel is what ring-flood.test.ts refuses; here the pace is not the point.
    const { alice, bob, bobCode } = await twoRegistered({ ringIntervalMs: 0, ringBackoffMs: 0 })
    const first = await ring(alice, bob, bobCode)
    alice.send({ v: 1, type: 'cancel', callId: first.callId, reason: 'hung-up' })
    expect(await bob.next('call-cancelled')).toEqual({ v: 1, type: 'call-cancelled', callId: first.callId, reason: 'hung-up' })

    const second = await ring(alice, bob, bobCode)
    alice.send({ v: 1, type: 'cancel', callId: second.callId, reason: 'no-answer' })
    expect(await bob.next('call-cancelled')).toEqual({ v: 1, type: 'call-cancelled', callId: second.callId, reason: 'no-answer' })
    await alice.expectNoMessage()
    expect(running()?.stats()).toMatchObject({ ringing: 0 })
  })

  it('answers an answer to a cancelled call with SIG_ERR_UNKNOWN_CALL and tells the caller nothing', async () => {
    const { alice, bob, bobCode } = await twoRegistered()
    const { callId } = await ring(alice, bob, bobCode)
    alice.send({ v: 1, type: 'cancel', callId, reason: 'hung-up' })
    await bob.next('call-cancelled')
    bob.send({ v: 1, type: 'answer', callId, accept: true })
    await expectError(bob, SignalingErrorCode.UnknownCall)
    await alice.expectNoMessage()
  })

  it('tells the callee call-cancelled with hung-up when the caller’s connection closes while it rings', async () => {
    const { alice, bob, bobCode } = await twoRegistered()
    const { callId } = await ring(alice, bob, bobCode)
    await alice.close()
    expect(await bob.next('call-cancelled')).toEqual({ v: 1, type: 'call-cancelled', callId, reason: 'hung-up' })
    expect(running()?.stats()).toMatchObject({ ringing: 0 })
  })

  it('answers an invite from a connection that is not registered with SIG_ERR_NOT_REGISTERED and rings nobody', async () => {
    const { url, bob, bobCode } = await twoRegistered()
    const anonymous = await clients.connect(url)
    anonymous.send({ v: 1, type: 'invite', callId: generateCallId(), to: bobCode, room: generateRoomCode() })
    await expectError(anonymous, SignalingErrorCode.NotRegistered)
    await bob.expectNoMessage()
  })

  it('answers a call to oneself with SIG_ERR_CALL_SELF', async () => {
    const { alice, aliceCode } = await twoRegistered()
    alice.send({ v: 1, type: 'invite', callId: generateCallId(), to: aliceCode, room: generateRoomCode() })
    await expectError(alice, SignalingErrorCode.CallSelf)
  })

  it('answers a second answer, an answer by the caller and a cancel by the callee with SIG_ERR_UNKNOWN_CALL', async () => {
    const { alice, bob, bobCode } = await twoRegistered()
    const { callId } = await ring(alice, bob, bobCode)
    alice.send({ v: 1, type: 'answer', callId, accept: true })
    await expectError(alice, SignalingErrorCode.UnknownCall)
    bob.send({ v: 1, type: 'cancel', callId, reason: 'hung-up' })
    await expectError(bob, SignalingErrorCode.UnknownCall)
    bob.send({ v: 1, type: 'answer', callId, accept: false })
    expect((await alice.next('call-update')).state).toBe('declined')
    bob.send({ v: 1, type: 'answer', callId, accept: true })
    await expectError(bob, SignalingErrorCode.UnknownCall)
    await alice.expectNoMessage()
  })

  it('refuses a call id that is already ringing with SIG_ERR_CALL_ID_IN_USE', async () => {
    const { url, alice, bob, bobCode } = await twoRegistered({ ringIntervalMs: 0 })
    const carol = await clients.connect(url)
    const carolCode = (await carol.register(generatePersonalSecret())).code
    const { callId } = await ring(alice, bob, bobCode)
    alice.send({ v: 1, type: 'invite', callId, to: carolCode, room: generateRoomCode() })
    await expectError(alice, SignalingErrorCode.CallIdInUse)
    await bob.expectNoMessage()
    await carol.expectNoMessage()
  })

  it('refuses more ringing calls than maxPendingInvitesPerConnection with SIG_ERR_TOO_MANY_CALLS', async () => {
    const { url, alice } = await twoRegistered({ maxPendingInvitesPerConnection: 2, ringIntervalMs: 0 })
    const callees = await Promise.all([1, 2, 3].map(() => clients.connect(url)))
    const codes = await Promise.all(callees.map(async (callee) => (await callee.register(generatePersonalSecret())).code))
    const first = await ring(alice, callees[0]!, codes[0]!)
    await ring(alice, callees[1]!, codes[1]!)
    alice.send({ v: 1, type: 'invite', callId: generateCallId(), to: codes[2]!, room: generateRoomCode() })
    await expectError(alice, SignalingErrorCode.TooManyCalls)
    await callees[2]!.expectNoMessage()

    alice.send({ v: 1, type: 'cancel', callId: first.callId, reason: 'hung-up' })
    await callees[0]!.next('call-cancelled')
    await ring(alice, callees[2]!, codes[2]!)
  })

  it('lets two callers ring one callee at once, and keeps their calls apart', async () => {
    const { url, alice, bob, bobCode } = await twoRegistered()
    const carol = await clients.connect(url)
    const carolCode = (await carol.register(generatePersonalSecret())).code
    const fromAlice = await ring(alice, bob, bobCode)
    const fromCarol = await ring(carol, bob, bobCode)
    expect(fromCarol.incoming.from).toBe(carolCode)
    bob.send({ v: 1, type: 'answer', callId: fromCarol.callId, accept: false, reason: 'busy' })
    expect(await carol.next('call-update')).toEqual({ v: 1, type: 'call-update', callId: fromCarol.callId, state: 'busy' })
    bob.send({ v: 1, type: 'answer', callId: fromAlice.callId, accept: true })
    expect(await alice.next('call-update')).toEqual({ v: 1, type: 'call-update', callId: fromAlice.callId, state: 'accepted' })
  })
})

describe('expiry of calls nobody answers or cancels', () => {
  it('tells both ends no-answer once inviteTtlMs has passed, and forgets the call', async () => {
    const inviteTtlMs = 150
    const { alice, bob, bobCode } = await twoRegistered({ inviteTtlMs })
    const started = Date.now()
    const { callId } = await ring(alice, bob, bobCode)
    expect(await bob.next('call-cancelled')).toEqual({ v: 1, type: 'call-cancelled', callId, reason: 'no-answer' })
    expect(await alice.next('call-update')).toEqual({ v: 1, type: 'call-update', callId, state: 'no-answer' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(inviteTtlMs - 5)
    expect(running()?.stats()).toMatchObject({ ringing: 0 })
    bob.send({ v: 1, type: 'answer', callId, accept: true })
    await expectError(bob, SignalingErrorCode.UnknownCall)
  })

  it('expires a call made later on its own schedule, and not one answered before its time', async () => {
    const inviteTtlMs = 200
    const { url, alice, bob, bobCode } = await twoRegistered({ inviteTtlMs })
    const carol = await clients.connect(url)
    await carol.register(generatePersonalSecret())
    const answered = await ring(alice, bob, bobCode)
    await new Promise((resolve) => setTimeout(resolve, 80))
    const late = await ring(carol, bob, bobCode)
    bob.send({ v: 1, type: 'answer', callId: answered.callId, accept: true })
    expect((await alice.next('call-update')).state).toBe('accepted')

    expect(await bob.next('call-cancelled', 1_000)).toEqual({ v: 1, type: 'call-cancelled', callId: late.callId, reason: 'no-answer' })
    expect((await carol.next('call-update')).state).toBe('no-answer')
    await alice.expectNoMessage()
  })
})

describe('rooms and registrations side by side', () => {
  it('rings a person who is in a room call, and leaves that call untouched', async () => {
    const { url, alice, bob, bobCode } = await twoRegistered()
    const carol = await clients.connect(url)
    const room = generateRoomCode()
    const bobJoined = await bob.join(room)
    const carolJoined = await carol.join(room)
    await bob.next('peer-joined')

    const { callId } = await ring(alice, bob, bobCode)
    bob.send({ v: 1, type: 'answer', callId, accept: false, reason: 'busy' })
    expect((await alice.next('call-update')).state).toBe('busy')

    carol.send({ v: 1, type: 'signal', to: bobJoined.peerId, data: offer() })
    expect(await bob.next('signal')).toEqual({ v: 1, type: 'signal', from: carolJoined.peerId, data: offer() })
    await carol.expectNoMessage()
  })

  it('keeps the registration when the connection leaves its room, and the room when it unregisters', async () => {
    const { url, alice, bob, bobCode } = await twoRegistered()
    const carol = await clients.connect(url)
    const room = generateRoomCode()
    await bob.join(room)
    const carolJoined = await carol.join(room)
    await bob.next('peer-joined')
    bob.send({ v: 1, type: 'leave' })
    await carol.next('peer-left')
    await ring(alice, bob, bobCode)

    await carol.register(generatePersonalSecret())
    carol.send({ v: 1, type: 'unregister' })
    const dave = await clients.connect(url)
    expect((await dave.join(room)).peers).toEqual([carolJoined.peerId])
  })
})

describe('the shared SignalingClient as a callee', () => {
  /** The next `event` from `client`, or a failure after two seconds. */
  function nextEvent<E extends keyof SignalingClientEvents>(client: SignalingClient, event: E): Promise<SignalingClientEvents[E]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} event within 2000 ms`)), 2_000)
      const off = client.on(event, (payload) => {
        clearTimeout(timer)
        off()
        resolve(payload)
      })
    })
  }

  it('is reachable on its code again after the server restarts, because it registers again by itself', async () => {
    const first = await start()
    const app = new SignalingClient({
      url: first.url,
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      backoff: { initialMs: 50, maxMs: 50, factor: 1, jitter: 0 },
    })
    try {
      const secret = generatePersonalSecret()
      const registered = nextEvent(app, 'registered')
      app.register(secret)
      app.connect()
      expect(await registered).toEqual({ code: codeOf(secret) })

      const registeredAgain = nextEvent(app, 'registered')
      await first.close()
      const second = await start({ port: first.port })
      expect(await registeredAgain).toEqual({ code: codeOf(secret) })

      const caller = await clients.connect(second.url)
      const callerCode = (await caller.register(generatePersonalSecret())).code
      const incoming = nextEvent(app, 'incoming-call')
      const callId = generateCallId()
      const room = generateRoomCode()
      caller.send({ v: 1, type: 'invite', callId, to: codeOf(secret), room })
      expect(await incoming).toEqual({ callId, from: callerCode, room })
      expect((await caller.next('call-update')).state).toBe('ringing')
      app.answerCall(callId, true)
      expect(await caller.next('call-update')).toEqual({ v: 1, type: 'call-update', callId, state: 'accepted' })
    } finally {
      app.close()
    }
  })
})

describe('logging', () => {
  it('never logs secrets, personal codes or room codes, even at debug level', async () => {
    const lines: string[] = []
    const logger = createJsonLogger({ level: 'debug', write: (line) => lines.push(line) })
    const { url, alice, bob, aliceSecret, bobSecret, aliceCode, bobCode } = await twoRegistered({ logger, inviteTtlMs: 100 })
    const accepted = await ring(alice, bob, bobCode)
    bob.send({ v: 1, type: 'answer', callId: accepted.callId, accept: true })
    await alice.next('call-update')
    await bob.join(accepted.room)
    const expired = await ring(alice, bob, bobCode)
    await bob.next('call-cancelled')
    await alice.next('call-update')
    const bobAgain = await clients.connect(url)
    await bobAgain.register(bobSecret)
    await bob.next('error')
    bob.sendRaw({ v: 1, type: 'register', secret: `${aliceSecret}=` })
    await bob.next('error')
    await alice.close()
    await vi.waitFor(() => expect(running()?.stats()).toMatchObject({ connections: 2 }))

    const log = lines.join('')
    expect(lines.length).toBeGreaterThan(5)
    for (const secret of [aliceSecret, bobSecret, aliceCode, bobCode, accepted.room, expired.room]) expect(log).not.toContain(secret)
  })
})
