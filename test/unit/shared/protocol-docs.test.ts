/** docs/protocol.md is what people write clients from: every JSON example in it must be a frame the parsers accept. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseClientMessage, parseServerMessage } from '../../../src/shared/protocol'

const CLIENT_TYPES = new Set(['join', 'leave', 'register', 'unregister', 'invite', 'answer', 'cancel', 'locate', 'ping'])
const docs = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8')
const examples = [...docs.matchAll(/```json\n([\s\S]*?)\n```/g)].map((match) => match[1]!)

describe('the JSON examples in docs/protocol.md', () => {
  it('are there to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(15)
  })

  // `signal` exists in both directions: an example with `to` is a client frame, one with `from` a server frame.
  it.each(examples.filter((text) => !text.includes('…')).map((text) => [text.replace(/\s+/g, ' ')] as const))('%s parses', (text) => {
    const frame = JSON.parse(text) as { type: string; to?: unknown }
    const isClientFrame = CLIENT_TYPES.has(frame.type) || (frame.type === 'signal' && 'to' in frame)
    const parsed = isClientFrame ? parseClientMessage(frame) : parseServerMessage(frame)
    expect(parsed).toMatchObject({ ok: true })
  })
})
