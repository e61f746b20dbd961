import { describe, expect, it } from 'vitest'
import {
  ChatWireError,
  MAX_CHAT_FRAME_LENGTH,
  MAX_CHAT_TEXT_LENGTH,
  chatTextLength,
  checkChatText,
  decodeChatFrame,
  encodeChatFrame,
} from '../../../src/renderer/src/call/chat-wire'

const LINE = { type: 'chat', id: '2f1c6a4e-8d1b-4c43-9a52-0c4f1f7e1b11', text: '안녕하세요 👋', sentAt: 1_795_558_450_434 } as const

function frame(fields: Record<string, unknown>): string {
  return JSON.stringify({ v: 1, type: 'chat', id: LINE.id, text: 'hi', sentAt: 1, ...fields })
}

describe('chat wire format', () => {
  it('encodes a chat line as versioned JSON and decodes it back unchanged', () => {
    const encoded = encodeChatFrame(LINE)
    expect(JSON.parse(encoded)).toEqual({ v: 1, ...LINE })
    expect(decodeChatFrame(encoded)).toEqual({ ok: true, frame: LINE })
  })

  it('round-trips a receipt', () => {
    expect(decodeChatFrame(encodeChatFrame({ type: 'ack', id: 'abc' }))).toEqual({ ok: true, frame: { type: 'ack', id: 'abc' } })
  })

  it('keeps text with markup and newlines exactly as typed', () => {
    const text = '<img src=x onerror=alert(1)>\nline two'
    const decoded = decodeChatFrame(frame({ text }))
    expect(decoded).toEqual({ ok: true, frame: { type: 'chat', id: LINE.id, text, sentAt: 1 } })
  })

  it.each([
    ['binary data', new ArrayBuffer(4), ChatWireError.NotText],
    ['a number', 42, ChatWireError.NotText],
    ['undefined', undefined, ChatWireError.NotText],
    ['a frame over the size limit', 'x'.repeat(MAX_CHAT_FRAME_LENGTH + 1), ChatWireError.TooLarge],
    ['text that is not JSON', '{"v":1,', ChatWireError.NotJson],
    ['JSON that is not an object', '[1,2]', ChatWireError.UnsupportedVersion],
    ['JSON null', 'null', ChatWireError.UnsupportedVersion],
    ['another version', frame({ v: 2 }), ChatWireError.UnsupportedVersion],
    ['a missing version', JSON.stringify({ type: 'chat', id: 'a', text: 'hi', sentAt: 1 }), ChatWireError.UnsupportedVersion],
    ['an unknown type', frame({ type: 'typing' }), ChatWireError.UnknownType],
    ['a missing id', frame({ id: undefined }), ChatWireError.BadId],
    ['an empty id', frame({ id: '' }), ChatWireError.BadId],
    ['an id that is too long', frame({ id: 'x'.repeat(65) }), ChatWireError.BadId],
    ['a numeric id', frame({ id: 7 }), ChatWireError.BadId],
    ['text that is not a string', frame({ text: { html: 'x' } }), ChatWireError.BadText],
    ['blank text', frame({ text: ' \n\t ' }), ChatWireError.EmptyText],
    ['text over the limit', frame({ text: 'a'.repeat(MAX_CHAT_TEXT_LENGTH + 1) }), ChatWireError.TextTooLong],
    ['a missing sentAt', frame({ sentAt: undefined }), ChatWireError.BadSentAt],
    ['a negative sentAt', frame({ sentAt: -1 }), ChatWireError.BadSentAt],
    ['a sentAt given as text', frame({ sentAt: '1' }), ChatWireError.BadSentAt],
  ])('rejects %s with a stable code', (_name, data, code) => {
    expect(decodeChatFrame(data)).toEqual({ ok: false, code })
  })

  it('accepts text of exactly the limit, counted in characters rather than UTF-16 units', () => {
    const emoji = '😀'.repeat(MAX_CHAT_TEXT_LENGTH)
    expect(emoji.length).toBe(MAX_CHAT_TEXT_LENGTH * 2)
    expect(chatTextLength(emoji)).toBe(MAX_CHAT_TEXT_LENGTH)
    expect(decodeChatFrame(frame({ text: emoji })).ok).toBe(true)
  })

  it('never throws, whatever arrives', () => {
    const garbage: unknown[] = ['', '{}', '"text"', '1e999', '{"__proto__":{"v":1}}', Symbol('x'), () => 1, new Uint8Array(3), {}, []]
    for (const data of garbage) expect(decodeChatFrame(data).ok).toBe(false)
  })

  it('says why a draft cannot be sent', () => {
    expect(checkChatText('hello')).toBeNull()
    expect(checkChatText('   ')).toBe(ChatWireError.EmptyText)
    expect(checkChatText('a'.repeat(MAX_CHAT_TEXT_LENGTH + 1))).toBe(ChatWireError.TextTooLong)
  })
})
