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
