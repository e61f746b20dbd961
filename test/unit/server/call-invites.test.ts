import { describe, expect, it } from 'vitest'
import { CallInviteRegistry, type CallInviteRegistryOptions } from '../../../src/server/call-invites'
import type { CallId } from '../../../src/shared/calls'
import { generateRoomCode } from '../../../src/shared/room-code'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'

const from = generateRoomCode()
const to = generateRoomCode()
const room = generateRoomCode()
const id = (n: number) => `call${String(n).padStart(8, '0')}` as CallId

/** A registry on a clock the test moves by hand. */
function registry(options: CallInviteRegistryOptions = {}) {
  const clock = { now: 1_000 }
  const invites = new CallInviteRegistry<string>({ now: () => clock.now, ...options })
  const call = (callId: CallId, caller = 'alice', callee = 'bob') => invites.add({ callId, caller, callee, from, to, room })
  return { clock, invites, call }
}

describe('CallInviteRegistry', () => {
  it('records a call with its expiry and finds it by the callee (answer) or by the caller (cancel)', () => {
    const { invites, call } = registry({ ttlMs: 500 })
    expect(call(id(1))).toEqual({ ok: true, invite: { callId: id(1), caller: 'alice', callee: 'bob', from, to, room, expiresAt: 1_500 } })
    expect(invites.takeByCallee('bob', id(1))).toMatchObject({ callId: id(1), caller: 'alice' })
    expect(invites.size).toBe(0)
    call(id(2))
    expect(invites.takeByCaller('alice', id(2))).toMatchObject({ callId: id(2), callee: 'bob' })
    expect(invites.size).toBe(0)
  })

  it('forgets a call once taken, so it cannot be answered or cancelled twice', () => {
    const { invites, call } = registry()
    call(id(1))
    expect(invites.takeByCallee('bob', id(1))).toBeDefined()
    expect(invites.takeByCallee('bob', id(1))).toBeUndefined()
    expect(invites.takeByCaller('alice', id(1))).toBeUndefined()
  })

  it('does not let the wrong side take a call: the caller cannot answer it, the callee cannot cancel it, nobody else can', () => {
    const { invites, call } = registry()
    call(id(1))
    expect(invites.takeByCallee('alice', id(1))).toBeUndefined()
    expect(invites.takeByCaller('bob', id(1))).toBeUndefined()
    expect(invites.takeByCaller('mallory', id(1))).toBeUndefined()
    expect(invites.takeByCallee('mallory', id(1))).toBeUndefined()
    expect(invites.size).toBe(1)
  })

  it('keeps calls of different callers apart even when they chose the same id', () => {
    const { invites, call } = registry()
    expect(call(id(1), 'alice', 'bob').ok).toBe(true)
    expect(call(id(1), 'carol', 'dave').ok).toBe(true)
    expect(invites.takeByCaller('carol', id(1))).toMatchObject({ callee: 'dave' })
    expect(invites.takeByCallee('bob', id(1))).toMatchObject({ caller: 'alice' })
  })

  it('refuses an id already ringing for the same caller or the same callee with SIG_ERR_CALL_ID_IN_USE', () => {
    const { invites, call } = registry()
    call(id(1), 'alice', 'bob')
    expect(call(id(1), 'alice', 'carol')).toEqual({ ok: false, code: SignalingErrorCode.CallIdInUse })
    expect(call(id(1), 'mallory', 'bob')).toEqual({ ok: false, code: SignalingErrorCode.CallIdInUse })
    expect(invites.size).toBe(1)
    invites.takeByCaller('alice', id(1))
    expect(call(id(1), 'alice', 'carol').ok).toBe(true)
  })

  it('allows 4 ringing calls per caller by default and refuses a fifth with SIG_ERR_TOO_MANY_CALLS', () => {
    const { invites, call } = registry()
    for (let n = 1; n <= 4; n++) expect(call(id(n), 'alice', `callee${n}`).ok).toBe(true)
    expect(call(id(5), 'alice', 'callee5')).toEqual({ ok: false, code: SignalingErrorCode.TooManyCalls })
    expect(invites.pendingFrom('alice')).toBe(4)
    expect(call(id(5), 'carol', 'callee6').ok).toBe(true)
    invites.takeByCaller('alice', id(1))
    expect(call(id(5), 'alice', 'callee5').ok).toBe(true)
  })

  it('takes every call a connection makes or receives when it goes away', () => {
    const { invites, call } = registry()
    call(id(1), 'alice', 'bob')
    call(id(2), 'carol', 'alice')
    call(id(3), 'carol', 'bob')
    expect(invites.takeInvolving('alice').map((invite) => invite.callId).sort()).toEqual([id(1), id(2)])
    expect(invites.size).toBe(1)
    expect(invites.pendingFrom('alice')).toBe(0)
    expect(invites.takeInvolving('alice')).toEqual([])
  })

  it('expires calls once their time is up, oldest first, and says when the next one is due', () => {
    const { clock, invites, call } = registry({ ttlMs: 100 })
    expect(invites.nextExpiry()).toBeUndefined()
    call(id(1))
    clock.now += 40
    call(id(2))
    expect(invites.nextExpiry()).toBe(1_100)
    clock.now = 1_099
    expect(invites.takeExpired()).toEqual([])
    clock.now = 1_100
    expect(invites.takeExpired().map((invite) => invite.callId)).toEqual([id(1)])
    expect(invites.nextExpiry()).toBe(1_140)
    clock.now = 5_000
    expect(invites.takeExpired().map((invite) => invite.callId)).toEqual([id(2)])
    expect(invites.size).toBe(0)
    expect(invites.nextExpiry()).toBeUndefined()
  })

  it('does not expire a call that was already answered', () => {
    const { clock, invites, call } = registry({ ttlMs: 100 })
    call(id(1))
    invites.takeByCallee('bob', id(1))
    clock.now += 1_000
    expect(invites.takeExpired()).toEqual([])
  })

  it('frees the limit of a caller whose calls expired', () => {
    const { clock, invites, call } = registry({ ttlMs: 100, maxPendingPerCaller: 1 })
    call(id(1))
    expect(call(id(2)).ok).toBe(false)
    clock.now += 100
    invites.takeExpired()
    expect(call(id(2)).ok).toBe(true)
  })

  it.each([
    [{ maxPendingPerCaller: 0 }],
    [{ maxPendingPerCaller: 1.5 }],
    [{ ttlMs: 0 }],
    [{ ttlMs: Number.NaN }],
  ])('rejects the option %o with a RangeError', (options) => {
    expect(() => new CallInviteRegistry(options)).toThrow(RangeError)
  })
})
