import { describe, expect, it } from 'vitest'
import { ChatWireError, decodeChatFrame, encodeChatFrame } from '../../../src/renderer/src/call/chat-wire'
import { ChatState } from '../../../src/renderer/src/state/chat.svelte'

function setup(options: { accept?: boolean } = {}) {
  const sent: string[] = []
  const rejected: string[] = []
  let accept = options.accept ?? true
  let nextId = 1
  let clock = 1_000
  const chat = new ChatState({
    send: (frame) => {
      if (!accept) return false
      sent.push(frame)
      return true
    },
    now: () => clock,
    newId: () => `id-${nextId++}`,
    onRejected: (code) => rejected.push(code),
  })
  return {
    chat,
    sent,
    rejected,
    refuse: () => (accept = false),
    tick: (ms: number) => (clock += ms),
    sentFrames: () => sent.map((frame) => decodeChatFrame(frame)),
  }
}

function incoming(id: string, text: string): { type: 'chat-frame'; data: string } {
  return { type: 'chat-frame', data: encodeChatFrame({ type: 'chat', id, text, sentAt: 5 }) }
}

describe('ChatState', () => {
  it('starts with the channel connecting, no messages and nothing sendable', () => {
    const { chat } = setup()
    expect(chat.channel).toBe('connecting')
    expect(chat.messages).toEqual([])
    chat.setDraft('hello')
    expect(chat.canSend).toBe(false)
  })

  it('sends the draft as a chat frame once the channel is open, and clears the draft', () => {
    const { chat, sentFrames } = setup()
    chat.handle({ type: 'chat-open' })
    chat.setDraft('hello there')
    expect(chat.send()).toBe(true)
    expect(sentFrames()).toEqual([{ ok: true, frame: { type: 'chat', id: 'id-1', text: 'hello there', sentAt: 1_000 } }])
    expect(chat.draft).toBe('')
    expect(chat.messages).toEqual([{ id: 'id-1', from: 'me', text: 'hello there', at: 1_000, delivery: 'sending' }])
  })

  it('marks my message sent when the other app acknowledges it', () => {
    const { chat } = setup()
    chat.handle({ type: 'chat-open' })
    chat.setDraft('hello')
    chat.send()
    chat.handle({ type: 'chat-frame', data: encodeChatFrame({ type: 'ack', id: 'id-1' }) })
    expect(chat.messages[0]?.delivery).toBe('sent')
  })

  it('keeps the draft and sends nothing while the channel is closed', () => {
    const { chat, sent } = setup()
    chat.handle({ type: 'chat-open' })
    chat.handle({ type: 'chat-closed' })
    chat.setDraft('are you there?')
    expect(chat.canSend).toBe(false)
    expect(chat.send()).toBe(false)
    expect(sent).toEqual([])
    expect(chat.draft).toBe('are you there?')
    chat.handle({ type: 'chat-connecting' })
    chat.handle({ type: 'chat-open' })
    expect(chat.canSend).toBe(true)
  })

  it('shows a message the channel refused as failed and keeps the draft', () => {
    const { chat, refuse } = setup()
    chat.handle({ type: 'chat-open' })
    refuse()
    chat.setDraft('hello')
    expect(chat.send()).toBe(false)
    expect(chat.messages.map((message) => message.delivery)).toEqual(['failed'])
    expect(chat.draft).toBe('hello')
  })

  it('turns messages still waiting for a receipt into failed when the channel closes', () => {
    const { chat } = setup()
    chat.handle({ type: 'chat-open' })
    chat.setDraft('one')
    chat.send()
    chat.handle({ type: 'chat-frame', data: encodeChatFrame({ type: 'ack', id: 'id-1' }) })
    chat.setDraft('two')
    chat.send()
    chat.handle({ type: 'chat-closed' })
    expect(chat.messages.map((message) => [message.text, message.delivery])).toEqual([
      ['one', 'sent'],
      ['two', 'failed'],
    ])
  })

  it('does not send blank or over-long drafts', () => {
    const { chat, sent } = setup()
    chat.handle({ type: 'chat-open' })
    chat.setDraft('  \n ')
    expect(chat.send()).toBe(false)
    chat.setDraft('a'.repeat(2001))
    expect(chat.draftProblem).toBe('too-long')
    expect(chat.send()).toBe(false)
    expect(sent).toEqual([])
  })

  it('shows their message, acknowledges it, and counts it unread while the panel is closed', () => {
    const { chat, sentFrames, tick } = setup()
    chat.handle({ type: 'chat-open' })
    tick(500)
    chat.handle(incoming('theirs-1', 'hi!'))
    chat.handle(incoming('theirs-2', 'how are you?'))
    expect(chat.messages).toEqual([
      { id: 'theirs-1', from: 'them', text: 'hi!', at: 1_500, delivery: 'sent' },
      { id: 'theirs-2', from: 'them', text: 'how are you?', at: 1_500, delivery: 'sent' },
    ])
    expect(chat.unread).toBe(2)
    expect(sentFrames()).toEqual([
      { ok: true, frame: { type: 'ack', id: 'theirs-1' } },
      { ok: true, frame: { type: 'ack', id: 'theirs-2' } },
    ])
    chat.open()
    expect(chat.unread).toBe(0)
  })

  it('does not count messages as unread while the panel is open', () => {
    const { chat } = setup()
    chat.handle({ type: 'chat-open' })
    chat.toggle()
    expect(chat.isOpen).toBe(true)
    chat.handle(incoming('a', 'seen at once'))
    expect(chat.unread).toBe(0)
    chat.toggle()
    expect(chat.isOpen).toBe(false)
  })

  it('shows a repeated message once', () => {
    const { chat } = setup()
    chat.handle({ type: 'chat-open' })
    chat.handle(incoming('a', 'hello'))
    chat.handle(incoming('a', 'hello'))
    expect(chat.messages).toHaveLength(1)
    expect(chat.unread).toBe(1)
  })

  it('drops garbage from the channel with its code, showing nothing', () => {
    const { chat, rejected, sent } = setup()
    chat.handle({ type: 'chat-open' })
    chat.handle({ type: 'chat-frame', data: 'not json' })
    chat.handle({ type: 'chat-frame', data: new ArrayBuffer(8) })
    chat.handle({ type: 'chat-frame', data: JSON.stringify({ v: 1, type: 'chat', id: 'x', text: '', sentAt: 1 }) })
    expect(rejected).toEqual([ChatWireError.NotJson, ChatWireError.NotText, ChatWireError.EmptyText])
    expect(chat.messages).toEqual([])
    expect(chat.unread).toBe(0)
    expect(sent).toEqual([])
  })

  it('starts afresh on reset', () => {
    const { chat } = setup()
    chat.handle({ type: 'chat-open' })
    chat.handle(incoming('a', 'hello'))
    chat.open()
    chat.setDraft('draft')
    chat.reset()
    expect([chat.messages, chat.unread, chat.isOpen, chat.draft, chat.channel]).toEqual([[], 0, false, '', 'connecting'])
  })
})
