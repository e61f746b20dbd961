import { afterEach, describe, expect, it } from 'vitest'
import { setCurrentLocale } from '../../../src/renderer/src/i18n/current-locale.svelte'
import { describeOutgoing, placeCallFailure, reduceOutgoing, startOutgoing, type OutgoingView } from '../../../src/renderer/src/phone/outgoing-call'
import { generateCallId } from '../../../src/shared/calls'
import { PhoneErrorCode, type OutgoingCall } from '../../../src/shared/phone'
import { generateRoomCode } from '../../../src/shared/room-code'

const CODE = generateRoomCode()

afterEach(() => setCurrentLocale('en'))

function placed(): { view: OutgoingView; call: OutgoingCall } {
  const call: OutgoingCall = { callId: generateCallId(), to: CODE, room: generateRoomCode(), ringTimeoutMs: 30_000 }
  return { view: reduceOutgoing(startOutgoing(CODE, 'Minji'), { type: 'placed', call }), call }
}

describe('the outgoing call', () => {
  it('goes from calling to ringing to an outcome, and stays there', () => {
    const { view, call } = placed()
    expect(view.status).toBe('calling')
    const ringing = reduceOutgoing(view, { type: 'update', update: { callId: call.callId, state: 'ringing' } })
    expect(ringing.status).toBe('ringing')
    const declined = reduceOutgoing(ringing, { type: 'update', update: { callId: call.callId, state: 'declined' } })
    expect(declined.status).toBe('declined')
    expect(reduceOutgoing(declined, { type: 'update', update: { callId: call.callId, state: 'accepted' } })).toBe(declined)
    expect(reduceOutgoing(declined, { type: 'cancelled' })).toBe(declined)
  })

  it('ignores updates for another call', () => {
    const { view } = placed()
    expect(reduceOutgoing(view, { type: 'update', update: { callId: generateCallId(), state: 'busy' } })).toBe(view)
  })

  it('can be cancelled or fail only while it is live', () => {
    const { view } = placed()
    expect(reduceOutgoing(view, { type: 'cancelled' }).status).toBe('cancelled')
    const failed = reduceOutgoing(view, { type: 'failed', failure: 'notOnline' })
    expect(failed).toMatchObject({ status: 'failed', failure: 'notOnline' })
  })

  it('fails at once with the wait when the server refuses calls from this network, instead of ringing on', () => {
    const { view, call } = placed()
    const throttled = reduceOutgoing(view, { type: 'update', update: { callId: call.callId, state: 'unreachable', throttled: { retryAfterMs: 41_200 } } })
    expect(throttled).toMatchObject({ status: 'failed', failure: 'tooManyAttempts', retryAfterMs: 41_200 })
    expect(describeOutgoing(throttled)).toEqual({
      title: "Couldn't call Minji",
      detail: 'Too many attempts from this network; try again in 42 seconds.',
    })
    setCurrentLocale('ko')
    expect(describeOutgoing(throttled).detail).toBe('이 네트워크에서 시도가 너무 많았어요. 42초 후에 다시 시도하세요.')
  })

  it('says the call went out too soon after the last one, and how long to wait, when the server dropped the ring', () => {
    const { view, call } = placed()
    const update = { callId: call.callId, state: 'unreachable', throttled: { retryAfterMs: 9_500, reason: 'ringing' } } as const
    const dropped = reduceOutgoing(view, { type: 'update', update })
    expect(dropped).toMatchObject({ status: 'failed', failure: 'ringingTooSoon', retryAfterMs: 9_500 })
    expect(describeOutgoing(dropped)).toEqual({
      title: "Couldn't call Minji",
      detail: "You called Minji a moment ago and they didn't pick up; try again in 10 seconds.",
    })
    setCurrentLocale('ko')
    expect(describeOutgoing(dropped).detail).toBe('방금 Minji에게 건 전화를 받지 않았어요. 10초 후에 다시 걸어 보세요.')
  })

  it('says "in a minute" when the server did not say how long to wait, and never "0 seconds"', () => {
    const { view, call } = placed()
    const unknownWait = reduceOutgoing(view, { type: 'update', update: { callId: call.callId, state: 'unreachable', throttled: { retryAfterMs: null } } })
    expect(describeOutgoing(unknownWait).detail).toBe('Too many attempts from this network; try again in a minute.')
    const almostOver = reduceOutgoing(view, { type: 'update', update: { callId: call.callId, state: 'unreachable', throttled: { retryAfterMs: 3 } } })
    expect(describeOutgoing(almostOver).detail).toBe('Too many attempts from this network; try again in 1 second.')
  })

  it('says each state in plain words', () => {
    const { view } = placed()
    const words = (status: OutgoingView['status']) => describeOutgoing({ ...view, status })
    expect(words('calling')).toEqual({ title: 'Calling Minji…', detail: 'Connecting…' })
    expect(words('ringing')).toEqual({ title: 'Calling Minji…', detail: 'Ringing' })
    expect(words('declined').title).toBe('Minji declined the call')
    expect(words('busy').detail).toMatch(/another call/)
    expect(words('unreachable').detail).toMatch(/not running or not online/)
    expect(words('no-answer').title).toBe("Minji didn't answer")
    expect(words('cancelled').title).toBe('Call cancelled')
    expect(describeOutgoing({ ...view, status: 'failed', failure: 'callingSelf' }).detail).toMatch(/your own code/)
  })

  it('says the same states in Korean when the language is Korean', () => {
    const { view } = placed()
    setCurrentLocale('ko')
    expect(describeOutgoing({ ...view, status: 'declined' }).title).toBe('Minji이(가) 전화를 거절했어요')
    expect(describeOutgoing({ ...view, status: 'failed', failure: 'notOnline' }).detail).toMatch(/오프라인/)
  })

  it('explains a call that could not be placed by the error’s code, wherever Electron put it', () => {
    expect(placeCallFailure(new Error(`Error invoking remote method 'phone:call': PhoneError: ${PhoneErrorCode.NotOnline}: x`))).toBe('notOnline')
    expect(placeCallFailure(new Error(`${PhoneErrorCode.CallingSelf}: that is your own code`))).toBe('callingSelf')
    expect(placeCallFailure(new Error(`${PhoneErrorCode.AlreadyCalling}: x`))).toBe('alreadyCalling')
    expect(placeCallFailure(new Error('boom'))).toBe('unknown')
  })
})
