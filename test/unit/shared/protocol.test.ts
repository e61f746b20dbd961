import { describe, expect, it } from 'vitest'
import {
  encodeMessage,
  isPeerId,
  isSignalingErrorCode,
  LIMITS,
  MAX_FRAME_BYTES,
  parseClientMessage,
  parseServerMessage,
  parseSignalData,
  PROTOCOL_VERSION,
  type ClientMessage,
  type ParseResult,
  type PeerId,
  type ServerMessage,
} from '../../../src/shared/protocol'
import { generateRoomCode, parseRoomCode, ROOM_CODE_ALPHABET, type RoomCode } from '../../../src/shared/room-code'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'
import { answer, candidate, offer, SAMPLE_SDP } from '../../support/signal-data'

function validRoom(): RoomCode {
  for (const check of ROOM_CODE_ALPHABET) {
    const result = parseRoomCode(`7KD93QFX2${check}`)
    if (result.ok) return result.code
  }
  throw new Error('unreachable')
}

const room = validRoom()
const alice = 'abcdefghij01' as PeerId
const bob = '0123456789uv' as PeerId

function codeOf<T>(result: ParseResult<T>): string | undefined {
  return result.ok ? undefined : result.code
}

const { BadMessage, UnsupportedVersion, UnknownType, BadRoomCode } = SignalingErrorCode

describe('constants', () => {
  it('speaks version 1 with 64 KiB frames', () => {
    expect(PROTOCOL_VERSION).toBe(1)
    expect(MAX_FRAME_BYTES).toBe(65_536)
  })
})

describe('isPeerId', () => {
  it('accepts 12 lower-case letters and digits only', () => {
    expect(isPeerId(alice)).toBe(true)
    for (const bad of ['ABCDEFGHIJ01', 'abcdefghij0', 'abcdefghij012', 'abcdefghij-1', '', 12, null]) expect(isPeerId(bad)).toBe(false)
  })
})

describe('parseClientMessage', () => {
  describe('accepts', () => {
    const valid: ClientMessage[] = [
      { v: 1, type: 'join', room },
      { v: 1, type: 'signal', to: bob, data: offer() },
      { v: 1, type: 'signal', to: bob, data: answer() },
      { v: 1, type: 'signal', to: bob, data: candidate(3) },
      { v: 1, type: 'leave' },
    ]

    it.each(valid.map((message) => [`${message.type} ${'data' in message ? message.data.kind : ''}`, message] as const))(
      'a valid %s as text, as UTF-8 bytes, and as a decoded value',
      (_name, message) => {
        const text = encodeMessage(message)
        const bytes = new TextEncoder().encode(text)
        expect(parseClientMessage(text)).toEqual({ ok: true, message })
        expect(parseClientMessage(Buffer.from(text))).toEqual({ ok: true, message })
        expect(parseClientMessage(bytes)).toEqual({ ok: true, message })
        expect(parseClientMessage(bytes.buffer)).toEqual({ ok: true, message })
        expect(parseClientMessage(JSON.parse(text))).toEqual({ ok: true, message })
      },
    )

    it('a byte view into a larger buffer, reading only its own bytes', () => {
      const text = encodeMessage({ v: 1, type: 'leave' })
      const padded = Buffer.from(`xxxx${text}yyyy`)
      expect(parseClientMessage(padded.subarray(4, 4 + text.length))).toEqual({ ok: true, message: { v: 1, type: 'leave' } })
    })

    it('a candidate with only sdpMid or only sdpMLineIndex, filling the rest with null', () => {
      const onlyMid = { candidate: 'candidate:1 1 udp 1 192.0.2.1 1 typ host', sdpMid: 'audio' }
      expect(parseSignalData({ kind: 'candidate', candidate: onlyMid })).toEqual({
        ok: true,
        message: { kind: 'candidate', candidate: { ...onlyMid, sdpMLineIndex: null, usernameFragment: null } },
      })
      const onlyIndex = { candidate: '', sdpMid: null, sdpMLineIndex: 1 }
      expect(parseSignalData({ kind: 'candidate', candidate: onlyIndex })).toEqual({
        ok: true,
        message: { kind: 'candidate', candidate: { ...onlyIndex, usernameFragment: null } },
      })
    })

    it('an SDP of exactly the limit', () => {
      expect(parseSignalData(offer('a'.repeat(LIMITS.sdpChars))).ok).toBe(true)
    })

    it('extra fields inside a description or candidate, dropping them', () => {
      const data = { kind: 'description', description: { type: 'offer', sdp: SAMPLE_SDP, toJSON: 'x' } }
      expect(parseSignalData(data)).toEqual({ ok: true, message: offer() })
    })
  })

  it.each([
    ['not JSON', '{"v":1,"type":"leave"'],
    ['empty text', ''],
    ['invalid UTF-8 bytes', Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])],
    ['a lone surrogate half encoded as bytes', Buffer.from([0xed, 0xa0, 0x80])],
    ['a JSON array', '[{"v":1,"type":"leave"}]'],
    ['JSON null', 'null'],
    ['a JSON string', '"leave"'],
    ['undefined', undefined],
  ])('rejects %s with SIG_ERR_BAD_MESSAGE', (_name, raw) => {
    expect(codeOf(parseClientMessage(raw))).toBe(BadMessage)
  })

  it.each([
    ['version 2', { v: 2, type: 'leave' }],
    ['version 0', { v: 0, type: 'leave' }],
    ['version "1" as a string', { v: '1', type: 'leave' }],
    ['no version', { type: 'leave' }],
  ])('rejects %s with SIG_ERR_UNSUPPORTED_VERSION', (_name, frame) => {
    expect(codeOf(parseClientMessage(frame))).toBe(UnsupportedVersion)
  })

  it('rejects a type that is not a string with SIG_ERR_BAD_MESSAGE', () => {
    expect(codeOf(parseClientMessage({ v: 1, type: 7 }))).toBe(BadMessage)
    expect(codeOf(parseClientMessage({ v: 1 }))).toBe(BadMessage)
  })

  it.each(['dance', 'joined', 'peer-joined', 'peer-left', 'error', 'JOIN', ''])('rejects the type %j with SIG_ERR_UNKNOWN_TYPE', (type) => {
    expect(codeOf(parseClientMessage({ v: 1, type, room }))).toBe(UnknownType)
  })

  it('keeps the unknown type short in the reason', () => {
    const result = parseClientMessage({ v: 1, type: 'x'.repeat(10_000) })
    expect(result.ok ? '' : result.reason.length).toBeLessThan(100)
  })

  it.each([
    ['join', { v: 1, type: 'join', room, name: 'Alice' }],
    ['signal', { v: 1, type: 'signal', to: bob, data: offer(), from: alice }],
    ['leave', { v: 1, type: 'leave', room }],
    ['signal data', { v: 1, type: 'signal', to: bob, data: { ...offer(), extra: 1 } }],
  ])('rejects extra fields on %s with SIG_ERR_BAD_MESSAGE', (_name, frame) => {
    expect(codeOf(parseClientMessage(frame))).toBe(BadMessage)
  })

  it.each([
    ['lower case', room.toLowerCase()],
    ['the display form', `${room.slice(0, 3)}-${room.slice(3, 7)}-${room.slice(7)}`],
    ['a typo', room.slice(0, 9) + (room.endsWith('0') ? '1' : '0')],
    ['too short', room.slice(0, 9)],
    ['a number', 1234567890],
    ['missing', undefined],
  ])('rejects a room code that is %s with SIG_ERR_BAD_ROOM_CODE', (_name, code) => {
    expect(codeOf(parseClientMessage({ v: 1, type: 'join', room: code }))).toBe(BadRoomCode)
  })

  it.each([
    ['upper case', 'ABCDEFGHIJ01'],
    ['11 characters', 'abcdefghij0'],
    ['13 characters', 'abcdefghij012'],
    ['a number', 123456789012],
    ['missing', undefined],
  ])('rejects a peer id that is %s with SIG_ERR_BAD_MESSAGE', (_name, to) => {
    expect(codeOf(parseClientMessage({ v: 1, type: 'signal', to, data: offer() }))).toBe(BadMessage)
  })

  it.each([
    ['data missing', undefined],
    ['data a string', 'offer'],
    ['an unknown kind', { kind: 'renegotiate' }],
    ['a description that is not an object', { kind: 'description', description: 'v=0' }],
    ['a pranswer', { kind: 'description', description: { type: 'pranswer', sdp: SAMPLE_SDP } }],
    ['an empty SDP', offer('')],
    ['an SDP that is a number', { kind: 'description', description: { type: 'offer', sdp: 1 } }],
    ['an oversized SDP', offer('a'.repeat(LIMITS.sdpChars + 1))],
    ['a candidate string that is a number', { kind: 'candidate', candidate: { candidate: 1, sdpMid: '0' } }],
    ['an oversized candidate', { kind: 'candidate', candidate: { candidate: 'c'.repeat(LIMITS.candidateChars + 1), sdpMid: '0' } }],
    ['an sdpMid that is a number', { kind: 'candidate', candidate: { candidate: '', sdpMid: 0 } }],
    ['an oversized sdpMid', { kind: 'candidate', candidate: { candidate: '', sdpMid: 'm'.repeat(LIMITS.sdpMidChars + 1) } }],
    ['a negative sdpMLineIndex', { kind: 'candidate', candidate: { candidate: '', sdpMLineIndex: -1 } }],
    ['a fractional sdpMLineIndex', { kind: 'candidate', candidate: { candidate: '', sdpMLineIndex: 0.5 } }],
    ['an sdpMLineIndex past the limit', { kind: 'candidate', candidate: { candidate: '', sdpMLineIndex: LIMITS.maxSdpMLineIndex + 1 } }],
    ['an oversized usernameFragment', { kind: 'candidate', candidate: { candidate: '', sdpMid: '0', usernameFragment: 'u'.repeat(LIMITS.usernameFragmentChars + 1) } }],
    ['neither sdpMid nor sdpMLineIndex', { kind: 'candidate', candidate: { candidate: '', sdpMid: null, sdpMLineIndex: null } }],
  ])('rejects a signal with %s with SIG_ERR_BAD_MESSAGE', (_name, data) => {
    expect(codeOf(parseClientMessage({ v: 1, type: 'signal', to: bob, data }))).toBe(BadMessage)
  })

  it('never throws, whatever it is given', () => {
    const cyclic: Record<string, unknown> = { v: 1, type: 'signal', to: bob }
    cyclic.data = cyclic
    for (const raw of [cyclic, Symbol('x'), () => 1, new Map(), new Date(), 10n, new Uint16Array([0xd800])]) {
      expect(() => parseClientMessage(raw)).not.toThrow()
      expect(parseClientMessage(raw).ok).toBe(false)
    }
  })
})

describe('parseServerMessage', () => {
  const iceServers = [
    { urls: ['stun:stun.example.org:3478', 'stuns:stun.example.org'] },
    { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org'], username: 'user', credential: 'secret' },
  ]
  const valid: ServerMessage[] = [
    { v: 1, type: 'joined', room, peerId: bob, peers: [alice], iceServers },
    { v: 1, type: 'joined', room, peerId: alice, peers: [], iceServers: [] },
    { v: 1, type: 'peer-joined', peerId: bob },
    { v: 1, type: 'peer-left', peerId: bob, reason: 'left' },
    { v: 1, type: 'peer-left', peerId: bob, reason: 'disconnected' },
    { v: 1, type: 'signal', from: alice, data: offer() },
    { v: 1, type: 'signal', from: alice, data: candidate() },
    ...Object.values(SignalingErrorCode).map((code): ServerMessage => ({ v: 1, type: 'error', code, message: `about ${code}` })),
  ]

  it.each(valid.map((message) => [message.type, message] as const))('accepts a valid %s, as text and as bytes', (_type, message) => {
    expect(parseServerMessage(encodeMessage(message))).toEqual({ ok: true, message })
    expect(parseServerMessage(Buffer.from(encodeMessage(message)))).toEqual({ ok: true, message })
  })

  it('ignores extra fields, so a newer server can add some', () => {
    expect(parseServerMessage({ v: 1, type: 'peer-joined', peerId: bob, name: 'Bob' })).toEqual({
      ok: true,
      message: { v: 1, type: 'peer-joined', peerId: bob },
    })
  })

  it('rejects bad JSON, bad UTF-8, other versions and unknown types', () => {
    expect(codeOf(parseServerMessage('{'))).toBe(BadMessage)
    expect(codeOf(parseServerMessage(Buffer.from([0xff])))).toBe(BadMessage)
    expect(codeOf(parseServerMessage({ v: 2, type: 'peer-joined', peerId: bob }))).toBe(UnsupportedVersion)
    expect(codeOf(parseServerMessage({ v: 1, type: 'join', room }))).toBe(UnknownType)
  })

  const joined = { v: 1, type: 'joined', room, peerId: bob, peers: [alice], iceServers: [] }
  it.each([
    ['joined with a bad room', { ...joined, room: 'nope' }],
    ['joined with a bad peer id', { ...joined, peerId: 'BOB' }],
    ['joined with peers that is not an array', { ...joined, peers: alice }],
    ['joined with a bad peer in peers', { ...joined, peers: ['x'] }],
    ['joined without iceServers', { ...joined, iceServers: undefined }],
    ['joined with too many ICE servers', { ...joined, iceServers: Array.from({ length: LIMITS.iceServers + 1 }, () => ({ urls: ['stun:a'] })) }],
    ['joined with an ICE server that is not an object', { ...joined, iceServers: ['stun:a'] }],
    ['joined with ICE urls as a string', { ...joined, iceServers: [{ urls: 'stun:a' }] }],
    ['joined with no ICE urls', { ...joined, iceServers: [{ urls: [] }] }],
    ['joined with too many ICE urls', { ...joined, iceServers: [{ urls: Array.from({ length: LIMITS.iceServerUrls + 1 }, () => 'stun:a') }] }],
    ['joined with an http ICE url', { ...joined, iceServers: [{ urls: ['http://stun.example.org'] }] }],
    ['joined with an ICE url without a scheme', { ...joined, iceServers: [{ urls: ['stun.example.org:3478'] }] }],
    ['joined with an oversized ICE url', { ...joined, iceServers: [{ urls: [`stun:${'a'.repeat(LIMITS.iceServerFieldChars)}`] }] }],
    ['joined with a numeric ICE username', { ...joined, iceServers: [{ urls: ['turn:a'], username: 1 }] }],
    ['joined with an oversized ICE credential', { ...joined, iceServers: [{ urls: ['turn:a'], credential: 'c'.repeat(LIMITS.iceServerFieldChars + 1) }] }],
    ['peer-joined without a peer id', { v: 1, type: 'peer-joined' }],
    ['peer-left with an unknown reason', { v: 1, type: 'peer-left', peerId: bob, reason: 'kicked' }],
    ['peer-left with a bad peer id', { v: 1, type: 'peer-left', peerId: 'b', reason: 'left' }],
    ['signal without from', { v: 1, type: 'signal', data: offer() }],
    ['signal with bad data', { v: 1, type: 'signal', from: alice, data: offer('') }],
    ['error with an unknown code', { v: 1, type: 'error', code: 'SIG_ERR_NOPE', message: 'x' }],
    ['error with an oversized message', { v: 1, type: 'error', code: BadMessage, message: 'm'.repeat(LIMITS.errorMessageChars + 1) }],
    ['error without a message', { v: 1, type: 'error', code: BadMessage }],
  ])('rejects %s with SIG_ERR_BAD_MESSAGE', (_name, frame) => {
    expect(codeOf(parseServerMessage(frame))).toBe(BadMessage)
  })
})

describe('encodeMessage', () => {
  it('produces text that the matching parser reads back unchanged', () => {
    const client: ClientMessage = { v: 1, type: 'signal', to: bob, data: candidate(9) }
    const server: ServerMessage = { v: 1, type: 'signal', from: alice, data: answer() }
    expect(parseClientMessage(encodeMessage(client))).toEqual({ ok: true, message: client })
    expect(parseServerMessage(encodeMessage(server))).toEqual({ ok: true, message: server })
  })

  it('fits the largest valid offer into one frame', () => {
    const message: ClientMessage = { v: 1, type: 'signal', to: bob, data: offer('a'.repeat(LIMITS.sdpChars)) }
    expect(Buffer.byteLength(encodeMessage(message))).toBeLessThanOrEqual(MAX_FRAME_BYTES)
  })
})

describe('isSignalingErrorCode', () => {
  it('knows every code and nothing else', () => {
    for (const code of Object.values(SignalingErrorCode)) expect(isSignalingErrorCode(code)).toBe(true)
    for (const other of ['SIG_ERR_', 'BadMessage', 'sig_err_bad_message', 1, undefined]) expect(isSignalingErrorCode(other)).toBe(false)
  })

  it('uses distinct, prefixed codes', () => {
    const codes = Object.values(SignalingErrorCode)
    expect(new Set(codes).size).toBe(codes.length)
    for (const code of codes) expect(code).toMatch(/^SIG_ERR_[A-Z_]+$/)
  })
})

describe('room codes in frames', () => {
  it('accepts any freshly generated code in a join', () => {
    for (let i = 0; i < 100; i++) {
      const code = generateRoomCode()
      expect(parseClientMessage({ v: 1, type: 'join', room: code }).ok).toBe(true)
    }
  })
})

describe('resuming a peer id (join.resume, joined.resumeToken)', () => {
  const room = generateRoomCode()
  const peerId = 'm1ab3v0q9d2k'
  const token = 'q8Xr1m0Zb3kP9sT2uVwYzA'

  it('accepts a join that claims a peer id with a token', () => {
    expect(parseClientMessage({ v: 1, type: 'join', room, resume: { peerId, token } })).toEqual({ ok: true, message: { v: 1, type: 'join', room, resume: { peerId, token } } })
  })

  it.each([
    ['a bad peer id', { peerId: 'Bob', token }],
    ['a short token', { peerId, token: 'abc' }],
    ['an extra field', { peerId, token, room }],
    ['no object', 'resume-me'],
  ])('rejects a claim with %s as SIG_ERR_BAD_MESSAGE', (_name, resume) => {
    expect(parseClientMessage({ v: 1, type: 'join', room, resume })).toMatchObject({ ok: false, code: 'SIG_ERR_BAD_MESSAGE' })
  })

  it('reads joined with or without a resume token, and rejects a malformed one', () => {
    const joined = { v: 1, type: 'joined', room, peerId, peers: [], iceServers: [] }
    expect(parseServerMessage(joined)).toEqual({ ok: true, message: joined })
    expect(parseServerMessage({ ...joined, resumeToken: token })).toEqual({ ok: true, message: { ...joined, resumeToken: token } })
    expect(parseServerMessage({ ...joined, resumeToken: 42 })).toMatchObject({ ok: false, code: 'SIG_ERR_BAD_MESSAGE' })
  })
})
