/** Parsing of the presence and calling messages (additions to v1); protocol.test.ts covers rooms and signals. */
import { describe, expect, it } from 'vitest'
import type { CallId } from '../../../src/shared/calls'
import { generatePersonalSecret } from '../../../src/shared/personal-code'
import {
  encodeMessage,
  parseClientMessage,
  parseServerMessage,
  type ClientMessage,
  type ParseResult,
  type ServerMessage,
} from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'

const secret = generatePersonalSecret()
const callId = 'k3v0q9d2m1ab' as CallId
const to = generateRoomCode()
const from = generateRoomCode()
const room = generateRoomCode()

const { BadMessage, BadSecret, BadPersonalCode, UnknownType } = SignalingErrorCode

function codeOf<T>(result: ParseResult<T>): string | undefined {
  return result.ok ? undefined : result.code
}

describe('parseClientMessage with presence and calling messages', () => {
  const valid: ClientMessage[] = [
    { v: 1, type: 'register', secret },
    { v: 1, type: 'unregister' },
    { v: 1, type: 'invite', callId, to, room },
    { v: 1, type: 'invite', callId, to, room, from },
    { v: 1, type: 'locate', ask: 'q8ZkR2xT0aE' },
    { v: 1, type: 'answer', callId, accept: true },
    { v: 1, type: 'answer', callId, accept: false },
    { v: 1, type: 'answer', callId, accept: false, reason: 'declined' },
    { v: 1, type: 'answer', callId, accept: false, reason: 'busy' },
    { v: 1, type: 'cancel', callId, reason: 'hung-up' },
    { v: 1, type: 'cancel', callId, reason: 'no-answer' },
  ]

  it.each(valid.map((message) => [encodeMessage(message), message] as const))('accepts %s as text and as bytes', (text, message) => {
    expect(parseClientMessage(text)).toEqual({ ok: true, message })
    expect(parseClientMessage(Buffer.from(text))).toEqual({ ok: true, message })
  })

  it.each([
    ['register', { v: 1, type: 'register', secret, code: to }],
    ['unregister', { v: 1, type: 'unregister', secret }],
    // `from` is a field of invite now (a visitor on the local network says who calls); `caller` is not.
    ['invite', { v: 1, type: 'invite', callId, to, room, from, caller: from }],
    ['answer', { v: 1, type: 'answer', callId, accept: true, room }],
    ['cancel', { v: 1, type: 'cancel', callId, reason: 'hung-up', to }],
  ])('rejects extra fields on %s with SIG_ERR_BAD_MESSAGE', (_name, frame) => {
    expect(codeOf(parseClientMessage(frame))).toBe(BadMessage)
  })

  it('refuses a locate question that is not an 11-character tag, and an invite.from that is not a code', () => {
    for (const ask of ['', 'short', 'q8ZkR2xT0aE=', 'q8ZkR2xT0aEx', 42, null]) expect(codeOf(parseClientMessage({ v: 1, type: 'locate', ask }))).toBe(BadMessage)
    expect(codeOf(parseClientMessage({ v: 1, type: 'locate', ask: 'q8ZkR2xT0aE', code: to }))).toBe(BadMessage)
    expect(codeOf(parseClientMessage({ v: 1, type: 'invite', callId, to, room, from: 'nope' }))).toBe(BadPersonalCode)
  })

  it.each([
    ['missing', undefined],
    ['too short', secret.slice(1)],
    ['padded', `${secret}=`],
    ['standard base64', `${secret.slice(0, 41)}+/`],
    ['not canonical in its last character', `${secret.slice(0, 42)}B`],
    ['a number', 42],
  ])('rejects a register secret that is %s with SIG_ERR_BAD_SECRET, without quoting it', (_name, value) => {
    const result = parseClientMessage({ v: 1, type: 'register', secret: value })
    expect(codeOf(result)).toBe(BadSecret)
    if (!result.ok && typeof value === 'string' && value.length > 8) expect(result.reason).not.toContain(value.slice(0, 8))
  })

  it.each([
    ['upper case', 'K3V0Q9D2M1AB'],
    ['11 characters', 'k3v0q9d2m1a'],
    ['a number', 123456789012],
    ['missing', undefined],
  ])('rejects a call id that is %s with SIG_ERR_BAD_MESSAGE in invite, answer and cancel', (_name, id) => {
    expect(codeOf(parseClientMessage({ v: 1, type: 'invite', callId: id, to, room }))).toBe(BadMessage)
    expect(codeOf(parseClientMessage({ v: 1, type: 'answer', callId: id, accept: true }))).toBe(BadMessage)
    expect(codeOf(parseClientMessage({ v: 1, type: 'cancel', callId: id, reason: 'hung-up' }))).toBe(BadMessage)
  })

  it.each([
    ['lower case', to.toLowerCase()],
    ['the display form', `${to.slice(0, 3)}-${to.slice(3, 7)}-${to.slice(7)}`],
    ['a typo', to.slice(0, 9) + (to.endsWith('0') ? '1' : '0')],
    ['missing', undefined],
  ])('rejects an invite to a personal code that is %s with SIG_ERR_BAD_PERSONAL_CODE', (_name, code) => {
    expect(codeOf(parseClientMessage({ v: 1, type: 'invite', callId, to: code, room }))).toBe(BadPersonalCode)
  })

  it('rejects an invite with a room code that is not canonical with SIG_ERR_BAD_MESSAGE, not the code that means a join failed', () => {
    expect(codeOf(parseClientMessage({ v: 1, type: 'invite', callId, to, room: room.toLowerCase() }))).toBe(BadMessage)
    expect(codeOf(parseClientMessage({ v: 1, type: 'invite', callId, to }))).toBe(BadMessage)
  })

  it.each([
    ['accept missing', { callId }],
    ['accept as a string', { callId, accept: 'true' }],
    ['accept as 1', { callId, accept: 1 }],
    ['a reason with accept true', { callId, accept: true, reason: 'busy' }],
    ['an unknown reason', { callId, accept: false, reason: 'away' }],
    ['a cancel reason', { callId, accept: false, reason: 'hung-up' }],
  ])('rejects an answer with %s with SIG_ERR_BAD_MESSAGE', (_name, fields) => {
    expect(codeOf(parseClientMessage({ v: 1, type: 'answer', ...fields }))).toBe(BadMessage)
  })

  it.each([
    ['no reason', { callId }],
    ['an unknown reason', { callId, reason: 'bored' }],
    ['a decline reason', { callId, reason: 'busy' }],
  ])('rejects a cancel with %s with SIG_ERR_BAD_MESSAGE', (_name, fields) => {
    expect(codeOf(parseClientMessage({ v: 1, type: 'cancel', ...fields }))).toBe(BadMessage)
  })

  it.each(['registered', 'incoming-call', 'call-update', 'call-cancelled', 'Register', 'call'])('rejects the type %j from a client with SIG_ERR_UNKNOWN_TYPE', (type) => {
    expect(codeOf(parseClientMessage({ v: 1, type, callId }))).toBe(UnknownType)
  })
})

describe('parseServerMessage with presence and calling messages', () => {
  const valid: ServerMessage[] = [
    { v: 1, type: 'registered', code: from },
    { v: 1, type: 'incoming-call', callId, from, room },
    ...(['ringing', 'accepted', 'declined', 'busy', 'unreachable', 'no-answer'] as const).map(
      (state): ServerMessage => ({ v: 1, type: 'call-update', callId, state }),
    ),
    { v: 1, type: 'call-cancelled', callId, reason: 'hung-up' },
    { v: 1, type: 'call-cancelled', callId, reason: 'no-answer' },
  ]

  it.each(valid.map((message) => [encodeMessage(message), message] as const))('accepts %s', (text, message) => {
    expect(parseServerMessage(text)).toEqual({ ok: true, message })
  })

  it('ignores extra fields, so a newer server can add some', () => {
    expect(parseServerMessage({ v: 1, type: 'incoming-call', callId, from, room, name: 'Bob' })).toEqual({
      ok: true,
      message: { v: 1, type: 'incoming-call', callId, from, room },
    })
  })

  it.each([
    ['registered without a code', { v: 1, type: 'registered' }],
    ['registered with a code that has a typo', { v: 1, type: 'registered', code: from.slice(0, 9) + (from.endsWith('0') ? '1' : '0') }],
    ['incoming-call with a bad call id', { v: 1, type: 'incoming-call', callId: 'X', from, room }],
    ['incoming-call without from', { v: 1, type: 'incoming-call', callId, room }],
    ['incoming-call with a lower-case room', { v: 1, type: 'incoming-call', callId, from, room: room.toLowerCase() }],
    ['call-update with an unknown state', { v: 1, type: 'call-update', callId, state: 'ringing-loudly' }],
    ['call-update without a call id', { v: 1, type: 'call-update', state: 'ringing' }],
    ['call-cancelled with an unknown reason', { v: 1, type: 'call-cancelled', callId, reason: 'bored' }],
    ['call-cancelled with a bad call id', { v: 1, type: 'call-cancelled', callId: 7, reason: 'hung-up' }],
  ])('rejects %s with SIG_ERR_BAD_MESSAGE', (_name, frame) => {
    expect(codeOf(parseServerMessage(frame))).toBe(BadMessage)
  })

  it.each(['register', 'invite', 'answer', 'cancel', 'unregister'])('rejects the client type %j from a server with SIG_ERR_UNKNOWN_TYPE', (type) => {
    expect(codeOf(parseServerMessage({ v: 1, type, callId }))).toBe(UnknownType)
  })
})
