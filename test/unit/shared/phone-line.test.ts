import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { derivePersonalCode } from '../../../src/server/derive-personal-code'
import type { CallId } from '../../../src/shared/calls'
import type { RecentCall } from '../../../src/shared/contacts'
import { generatePersonalSecret, type PersonalSecret } from '../../../src/shared/personal-code'
import type { CallCancelled, IncomingCall, PhoneIdentity } from '../../../src/shared/phone'
import { PhoneLine, PhoneNoticeCode, type PhoneLineEvents, type RecentsLog } from '../../../src/shared/phone-line'
import { generateRoomCode, type RoomCode } from '../../../src/shared/room-code'
import type { SignalingClient } from '../../../src/shared/signaling-client'
import { scriptedClient, type ScriptedSocket } from './scripted-socket'

const RING_MS = 30_000
const T0 = Date.UTC(2025, 0, 2, 3, 4, 5)
const CALLER = 'abcdefghij01' as CallId

/** Recents kept in memory the way RecentsBook does: by id, newest first. */
class MemoryRecents implements RecentsLog {
  entries: RecentCall[] = []
  add(entry: RecentCall): void {
    this.entries = [entry, ...this.entries.filter((e) => e.id !== entry.id)]
  }
  update(id: CallId, patch: Partial<RecentCall>): void {
    this.entries = this.entries.map((e) => (e.id === id ? { ...e, ...patch } : e))
  }
}

let client: SignalingClient
let latest: () => ScriptedSocket
let secret: PersonalSecret
let myCode: RoomCode
let recents: MemoryRecents
let busy: boolean
let contacts: Map<RoomCode, string>
let line: PhoneLine
let seen: { [E in keyof PhoneLineEvents]: PhoneLineEvents[E][] }

beforeEach(() => {
  vi.useFakeTimers({ now: T0 })
  ;({ client, latest } = scriptedClient())
  secret = generatePersonalSecret()
  myCode = derivePersonalCode(secret)
  recents = new MemoryRecents()
  busy = false
  contacts = new Map()
  line = new PhoneLine({
    client,
    secret,
    deriveCode: async (s) => derivePersonalCode(s),
    ringTimeoutMs: RING_MS,
    lookupName: (code) => contacts.get(code) ?? null,
    recents,
    isBusy: () => busy,
  })
  seen = { identity: [], 'incoming-call': [], 'call-update': [], 'call-cancelled': [], 'call-while-busy': [], notice: [] }
  for (const event of Object.keys(seen) as Array<keyof PhoneLineEvents>) line.on(event, (payload) => void (seen[event] as unknown[]).push(payload))
})

afterEach(() => {
  line.dispose()
  client.close()
  vi.useRealTimers()
})

/** Connects, registers and has the server confirm it: the line is `online`. */
async function goOnline(): Promise<ScriptedSocket> {
  client.connect()
  await line.start()
  latest().open()
  latest().receive({ type: 'registered', code: myCode })
  expect(line.identity.status).toBe('online')
  return latest()
}

function ringHere(socket: ScriptedSocket, from = generateRoomCode(), callId = CALLER): IncomingCall {
  const room = generateRoomCode()
  socket.receive({ type: 'incoming-call', callId, from, room })
  return { callId, from, room, contactName: contacts.get(from) ?? null }
}

describe('PhoneLine presence', () => {
  it('derives the code from the secret and registers it, online once the server confirms', async () => {
    client.connect()
    await expect(line.start()).resolves.toEqual({ code: myCode, status: 'connecting' })
    latest().open()
    expect(latest().sent).toEqual([{ v: 1, type: 'register', secret }])
    expect(line.identity.status).toBe('connecting')
    latest().receive({ type: 'registered', code: myCode })
    expect(line.identity).toEqual({ code: myCode, status: 'online' })
    expect(seen.identity).toEqual([{ code: myCode, status: 'online' }])
  })

  it('is connecting while the client reconnects, online again once re-registered, and offline when closed', async () => {
    const first = await goOnline()
    first.drop()
    expect(line.identity.status).toBe('connecting')
    vi.advanceTimersByTime(100)
    latest().open()
    expect(latest().sentOf('register')).toEqual([{ v: 1, type: 'register', secret }])
    latest().receive({ type: 'registered', code: myCode })
    client.close()
    expect(seen.identity.map((identity) => identity.status)).toEqual(['online', 'connecting', 'online', 'offline'])
  })

  it('registers again once the server takes registrations from this network again, and is online then', async () => {
    client.connect()
    await line.start()
    latest().open()
    latest().receive({ type: 'error', code: 'SIG_ERR_TOO_MANY_ATTEMPTS', message: 'not now', retryAfterMs: 2_000 })
    expect(line.identity.status).toBe('connecting')
    expect(seen.notice).toEqual([])
    vi.advanceTimersByTime(2_000)
    expect(latest().sentOf('register')).toHaveLength(2)
    latest().receive({ type: 'registered', code: myCode })
    expect(line.identity.status).toBe('online')
  })

  it.each(['SIG_ERR_TOO_MANY_NEW_CODES', 'SIG_ERR_NEW_CODES_THROTTLED', 'SIG_ERR_CODE_TABLE_FULL'])(
    'is waiting, not connecting, while the server holds the registration (%s), and online once it takes the retry',
    async (code) => {
      client.connect()
      await line.start()
      latest().open()
      latest().receive({ type: 'error', code, message: 'later', retryAfterMs: 60_000 })
      expect(line.identity.status).toBe('waiting')
      expect(seen.notice).toEqual([])
      vi.advanceTimersByTime(60_000)
      expect(latest().sentOf('register')).toHaveLength(2)
      expect(line.identity.status).toBe('waiting')
      latest().receive({ type: 'registered', code: myCode })
      expect(seen.identity.map((identity) => identity.status)).toEqual(['waiting', 'online'])
    },
  )

  it('is connecting again, not waiting, when the connection drops while the registration is held', async () => {
    client.connect()
    await line.start()
    latest().open()
    latest().receive({ type: 'error', code: 'SIG_ERR_TOO_MANY_NEW_CODES', message: 'later', retryAfterMs: 60_000 })
    latest().drop()
    expect(line.identity.status).toBe('connecting')
    vi.advanceTimersByTime(100)
    latest().open()
    expect(line.identity.status).toBe('connecting')
  })

  it('is offline when the client was never connected', async () => {
    await expect(line.start()).resolves.toEqual({ code: myCode, status: 'offline' })
  })

  it('says who the identity belongs to only after start() resolved', () => {
    expect(() => line.identity).toThrow(/start\(\)/)
  })

  it('goes offline and says so once when another connection takes the code, until the server confirms it again', async () => {
    const socket = await goOnline()
    socket.receive({ type: 'error', code: 'SIG_ERR_REPLACED', message: 'replaced' })
    expect(line.identity.status).toBe('offline')
    socket.receive({ type: 'error', code: 'SIG_ERR_REPLACED', message: 'replaced' })
    expect(seen.notice).toEqual([{ code: PhoneNoticeCode.Replaced }])
    socket.receive({ type: 'registered', code: myCode })
    expect(line.identity.status).toBe('online')
  })

  it('goes offline with a notice when the server refuses the code as bound to another secret', async () => {
    const socket = await goOnline()
    socket.receive({ type: 'error', code: 'SIG_ERR_CODE_TAKEN', message: 'taken' })
    expect(line.identity.status).toBe('offline')
    expect(seen.notice).toEqual([{ code: PhoneNoticeCode.Refused }])
  })

  it('regenerate() unregisters the old code, registers the new one and reports the new identity', async () => {
    const socket = await goOnline()
    const fresh = generatePersonalSecret()
    const freshCode = derivePersonalCode(fresh)
    await expect(line.regenerate(fresh)).resolves.toEqual({ code: freshCode, status: 'connecting' })
    expect(socket.sent.slice(-2)).toEqual([{ v: 1, type: 'unregister' }, { v: 1, type: 'register', secret: fresh }])
    socket.receive({ type: 'registered', code: freshCode })
    expect(seen.identity.slice(-2)).toEqual([
      { code: freshCode, status: 'connecting' },
      { code: freshCode, status: 'online' },
    ])
  })

  it('regenerating ends the calls ringing on the old code', async () => {
    const socket = await goOnline()
    ringHere(socket)
    await line.regenerate(generatePersonalSecret())
    expect(seen['call-cancelled']).toEqual([{ callId: CALLER, reason: 'hung-up' }])
    expect(recents.entries.map((e) => e.outcome)).toEqual(['missed'])
  })
})

describe('PhoneLine calling out', () => {
  it('refuses to call while not online, its own code, or a second person while the first call rings', async () => {
    client.connect()
    await line.start()
    expect(() => line.call(generateRoomCode())).toThrow(/^PHONE_ERR_NOT_ONLINE: /)
    latest().open()
    latest().receive({ type: 'registered', code: myCode })
    expect(() => line.call(myCode)).toThrow(/^PHONE_ERR_CALLING_SELF: /)
    line.call(generateRoomCode())
    expect(() => line.call(generateRoomCode())).toThrow(/^PHONE_ERR_ALREADY_CALLING: /)
    expect(latest().sentOf('invite')).toHaveLength(1)
  })

  it('invites with a fresh call id and room, and reports ringing without recording anything yet', async () => {
    const socket = await goOnline()
    const to = generateRoomCode()
    const call = line.call(to)
    expect(call).toEqual({ callId: expect.stringMatching(/^[0-9a-z]{12}$/), to, room: expect.any(String), ringTimeoutMs: RING_MS })
    expect(call.room).not.toBe(to)
    expect(socket.sentOf('invite')).toEqual([{ v: 1, type: 'invite', callId: call.callId, to, room: call.room }])
    socket.receive({ type: 'call-update', callId: call.callId, state: 'ringing' })
    expect(seen['call-update']).toEqual([{ callId: call.callId, state: 'ringing' }])
    expect(recents.entries).toEqual([])
    expect(line.outgoing).toEqual(call)
  })

  it.each([
    ['accepted', 'answered'],
    ['declined', 'declined'],
    ['busy', 'busy'],
    ['unreachable', 'unreachable'],
    ['no-answer', 'no-answer'],
  ] as const)('records a call the server reports %s as %s, with when it started ringing', async (state, outcome) => {
    const socket = await goOnline()
    const to = generateRoomCode()
    const call = line.call(to)
    vi.advanceTimersByTime(1_500)
    socket.receive({ type: 'call-update', callId: call.callId, state })
    expect(seen['call-update']).toEqual([{ callId: call.callId, state }])
    expect(recents.entries).toEqual([{ id: call.callId, direction: 'outgoing', code: to, at: T0, outcome, durationMs: null }])
    expect(line.outgoing).toBeNull()
    // The line is free for the next call.
    expect(() => line.call(generateRoomCode())).not.toThrow()
  })

  it('gives up after its own ring timeout: cancels with no-answer, reports no-answer, and ignores a late accept', async () => {
    const socket = await goOnline()
    const call = line.call(generateRoomCode())
    socket.receive({ type: 'call-update', callId: call.callId, state: 'ringing' })
    vi.advanceTimersByTime(RING_MS - 1)
    expect(socket.sentOf('cancel')).toEqual([])
    vi.advanceTimersByTime(1)
    expect(socket.sentOf('cancel')).toEqual([{ v: 1, type: 'cancel', callId: call.callId, reason: 'no-answer' }])
    expect(seen['call-update'].map((u) => u.state)).toEqual(['ringing', 'no-answer'])
    expect(recents.entries.map((e) => e.outcome)).toEqual(['no-answer'])
    socket.receive({ type: 'call-update', callId: call.callId, state: 'accepted' })
    expect(seen['call-update']).toHaveLength(2)
  })

  it('does not time out a call that was answered', async () => {
    const socket = await goOnline()
    const call = line.call(generateRoomCode())
    socket.receive({ type: 'call-update', callId: call.callId, state: 'accepted' })
    vi.advanceTimersByTime(RING_MS * 2)
    expect(socket.sentOf('cancel')).toEqual([])
  })

  it('hangUp() cancels with hung-up and records cancelled; a late hangUp is harmless and an unknown id is refused', async () => {
    const socket = await goOnline()
    const call = line.call(generateRoomCode())
    line.hangUp(call.callId)
    expect(socket.sentOf('cancel')).toEqual([{ v: 1, type: 'cancel', callId: call.callId, reason: 'hung-up' }])
    expect(recents.entries.map((e) => e.outcome)).toEqual(['cancelled'])
    expect(seen['call-update']).toEqual([])
    expect(() => line.hangUp(call.callId)).not.toThrow()
    expect(() => line.hangUp('zzzzzzzzzzzz' as CallId)).toThrow(/^PHONE_ERR_UNKNOWN_CALL: /)
    vi.advanceTimersByTime(RING_MS)
    expect(socket.sentOf('cancel')).toHaveLength(1)
  })

  it('callEnded() records the duration of an answered call, once', async () => {
    const socket = await goOnline()
    const call = line.call(generateRoomCode())
    socket.receive({ type: 'call-update', callId: call.callId, state: 'accepted' })
    line.callEnded(call.callId, 65_432.4)
    expect(recents.entries[0]).toMatchObject({ outcome: 'answered', durationMs: 65_432 })
    expect(() => line.callEnded(call.callId, 1)).toThrow(/^PHONE_ERR_UNKNOWN_CALL: /)
  })

  it('refuses callEnded() for a call that was never answered', async () => {
    const socket = await goOnline()
    const call = line.call(generateRoomCode())
    socket.receive({ type: 'call-update', callId: call.callId, state: 'declined' })
    expect(() => line.callEnded(call.callId, 1_000)).toThrow(/^PHONE_ERR_UNKNOWN_CALL: /)
  })

  it('treats the call as unreachable when the server refuses the invite before saying anything about it', async () => {
    const socket = await goOnline()
    const call = line.call(generateRoomCode())
    socket.receive({ type: 'error', code: 'SIG_ERR_TOO_MANY_CALLS', message: 'too many' })
    expect(seen['call-update']).toEqual([{ callId: call.callId, state: 'unreachable' }])
    expect(recents.entries.map((e) => e.outcome)).toEqual(['unreachable'])
  })

  it.each(['SIG_ERR_TOO_MANY_ATTEMPTS', 'SIG_ERR_RATE_LIMITED'])(
    'ends the call at once, saying it was throttled and for how long, when the server refuses the invite with %s',
    async (code) => {
      const socket = await goOnline()
      const call = line.call(generateRoomCode())
      vi.advanceTimersByTime(200)
      socket.receive({ type: 'error', code, message: 'not now', retryAfterMs: 42_000 })

      expect(seen['call-update']).toEqual([{ callId: call.callId, state: 'unreachable', throttled: { retryAfterMs: 42_000 } }])
      expect(line.outgoing).toBeNull()
      // Cancelled on the server too, in case the refused frame was another one and the invite does ring.
      expect(socket.sentOf('cancel')).toEqual([{ v: 1, type: 'cancel', callId: call.callId, reason: 'hung-up' }])
      expect(recents.entries.map((e) => e.outcome)).toEqual(['unreachable'])
      // Nothing more happens when the ring timeout would have come.
      vi.advanceTimersByTime(RING_MS)
      expect(seen['call-update']).toHaveLength(1)
    },
  )

  it.each(['SIG_ERR_RINGING_TOO_SOON', 'SIG_ERR_ALREADY_RINGING'])(
    'ends the call at once, saying it rang too soon and for how long, when the server drops the ring with %s',
    async (code) => {
      const socket = await goOnline()
      const call = line.call(generateRoomCode())
      socket.receive({ type: 'error', code, message: 'too soon', retryAfterMs: 5_000 })

      expect(seen['call-update']).toEqual([{ callId: call.callId, state: 'unreachable', throttled: { retryAfterMs: 5_000, reason: 'ringing' } }])
      expect(line.outgoing).toBeNull()
      expect(recents.entries.map((e) => e.outcome)).toEqual(['unreachable'])
      vi.advanceTimersByTime(RING_MS)
      expect(seen['call-update']).toHaveLength(1)
    },
  )

  it('says the wait is unknown when a throttled invite comes without retryAfterMs', async () => {
    const socket = await goOnline()
    const call = line.call(generateRoomCode())
    socket.receive({ type: 'error', code: 'SIG_ERR_TOO_MANY_ATTEMPTS', message: 'not now' })
    expect(seen['call-update']).toEqual([{ callId: call.callId, state: 'unreachable', throttled: { retryAfterMs: null } }])
  })

  it('does not end a call that already rings when a later message is rate-limited', async () => {
    const socket = await goOnline()
    const call = line.call(generateRoomCode())
    socket.receive({ type: 'call-update', callId: call.callId, state: 'ringing' })
    socket.receive({ type: 'error', code: 'SIG_ERR_RATE_LIMITED', message: 'dropped', retryAfterMs: 100 })
    expect(line.outgoing?.callId).toBe(call.callId)
  })

  it('ignores an unrelated error while a call it placed is ringing', async () => {
    const socket = await goOnline()
    const call = line.call(generateRoomCode())
    socket.receive({ type: 'call-update', callId: call.callId, state: 'ringing' })
    socket.receive({ type: 'error', code: 'SIG_ERR_UNKNOWN_CALL', message: 'gone' })
    expect(line.outgoing?.callId).toBe(call.callId)
  })

  it('ends a ringing outgoing call as unreachable when the link drops, and sends nothing for it after reconnecting', async () => {
    const socket = await goOnline()
    const call = line.call(generateRoomCode())
    socket.receive({ type: 'call-update', callId: call.callId, state: 'ringing' })
    socket.drop()
    expect(seen['call-update'].map((u) => u.state)).toEqual(['ringing', 'unreachable'])
    expect(recents.entries.map((e) => e.outcome)).toEqual(['unreachable'])
    vi.advanceTimersByTime(RING_MS)
    latest().open()
    expect(latest().sent).toEqual([{ v: 1, type: 'register', secret }])
  })
})

describe('PhoneLine calls ringing here', () => {
  it("rings with the caller's contact name, or null for a stranger", async () => {
    const socket = await goOnline()
    const friend = generateRoomCode()
    contacts.set(friend, 'Minji')
    const first = ringHere(socket, friend)
    const second = ringHere(socket, generateRoomCode(), 'abcdefghij02' as CallId)
    expect(seen['incoming-call']).toEqual([first, second])
    expect(first.contactName).toBe('Minji')
    expect(second.contactName).toBeNull()
    expect(line.ringing.map((call) => call.callId)).toEqual([first.callId, second.callId])
  })

  it('accepting answers the server and records answered; the duration comes with callEnded', async () => {
    const socket = await goOnline()
    const call = ringHere(socket)
    vi.advanceTimersByTime(4_000)
    line.answer(call.callId, true)
    expect(socket.sentOf('answer')).toEqual([{ v: 1, type: 'answer', callId: call.callId, accept: true }])
    line.callEnded(call.callId, 12_000)
    expect(recents.entries).toEqual([{ id: call.callId, direction: 'incoming', code: call.from, at: T0, outcome: 'answered', durationMs: 12_000 }])
    expect(line.ringing).toEqual([])
  })

  it('declining answers declined and records declined', async () => {
    const socket = await goOnline()
    const call = ringHere(socket)
    line.answer(call.callId, false)
    expect(socket.sentOf('answer')).toEqual([{ v: 1, type: 'answer', callId: call.callId, accept: false }])
    expect(recents.entries.map((e) => [e.direction, e.outcome])).toEqual([['incoming', 'declined']])
  })

  it.each(['hung-up', 'no-answer'] as const)('stops ringing and records a missed call when the caller cancels with %s', async (reason) => {
    const socket = await goOnline()
    const call = ringHere(socket)
    socket.receive({ type: 'call-cancelled', callId: call.callId, reason })
    expect(seen['call-cancelled']).toEqual<CallCancelled[]>([{ callId: call.callId, reason }])
    expect(recents.entries.map((e) => e.outcome)).toEqual(['missed'])
    expect(() => line.answer(call.callId, true)).toThrow(/^PHONE_ERR_UNKNOWN_CALL: /)
    expect(socket.sentOf('answer')).toEqual([])
  })

  it('answers busy without ringing while the app is in a call, and records a missed call', async () => {
    const socket = await goOnline()
    busy = true
    const call = ringHere(socket)
    expect(socket.sentOf('answer')).toEqual([{ v: 1, type: 'answer', callId: call.callId, accept: false, reason: 'busy' }])
    expect(seen['incoming-call']).toEqual([])
    expect(recents.entries).toEqual([{ id: call.callId, direction: 'incoming', code: call.from, at: T0, outcome: 'missed', durationMs: null }])
  })

  it('tells the person in the call who was answered busy, by contact name when there is one', async () => {
    const socket = await goOnline()
    busy = true
    const minji = generateRoomCode()
    contacts.set(minji, 'Minji')
    const stranger = generateRoomCode()
    ringHere(socket, minji, 'abcdefghij02' as CallId)
    ringHere(socket, stranger, 'abcdefghij03' as CallId)
    expect(seen['call-while-busy']).toEqual([
      { callId: 'abcdefghij02', from: minji, contactName: 'Minji' },
      { callId: 'abcdefghij03', from: stranger, contactName: null },
    ])
    expect(recents.entries.map((e) => [e.code, e.outcome])).toEqual([
      [stranger, 'missed'],
      [minji, 'missed'],
    ])
  })

  it('says nothing of a busy call when the call rang normally', async () => {
    const socket = await goOnline()
    ringHere(socket)
    expect(seen['incoming-call']).toHaveLength(1)
    expect(seen['call-while-busy']).toEqual([])
  })

  it('turns an accepted call into a missed one when the caller had already hung up', async () => {
    const socket = await goOnline()
    const call = ringHere(socket)
    line.answer(call.callId, true)
    socket.receive({ type: 'call-cancelled', callId: call.callId, reason: 'hung-up' })
    expect(seen['call-cancelled']).toEqual([{ callId: call.callId, reason: 'hung-up' }])
    expect(recents.entries.map((e) => e.outcome)).toEqual(['missed'])
  })

  it('ignores a repeated incoming-call for a call that already rings', async () => {
    const socket = await goOnline()
    const call = ringHere(socket)
    socket.receive({ type: 'incoming-call', callId: call.callId, from: call.from, room: call.room })
    expect(seen['incoming-call']).toHaveLength(1)
  })

  it('stops every call ringing here when the link drops, as missed', async () => {
    const socket = await goOnline()
    const call = ringHere(socket)
    socket.drop()
    expect(seen['call-cancelled']).toEqual([{ callId: call.callId, reason: 'hung-up' }])
    expect(recents.entries.map((e) => e.outcome)).toEqual(['missed'])
  })
})

describe('PhoneLine.dispose', () => {
  it('hangs up a call ringing out, unregisters, and detaches from the client', async () => {
    const before = client.listenerCount()
    const socket = await goOnline()
    const call = line.call(generateRoomCode())
    line.dispose()
    expect(socket.sent.slice(-2)).toEqual([
      { v: 1, type: 'cancel', callId: call.callId, reason: 'hung-up' },
      { v: 1, type: 'unregister' },
    ])
    expect(client.listenerCount()).toBe(before)
    expect(line.listenerCount()).toBe(0)
    expect(line.identity.status).toBe('offline')
    socket.receive({ type: 'incoming-call', callId: CALLER, from: generateRoomCode(), room: generateRoomCode() })
    expect(seen['incoming-call']).toEqual([])
  })

  it('unsubscribing a listener stops its events', async () => {
    const identities: PhoneIdentity[] = []
    const off = line.on('identity', (identity) => identities.push(identity))
    off()
    await goOnline()
    expect(identities).toEqual([])
  })
})
