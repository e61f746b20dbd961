/**
 * docs/protocol.md, "On the peer connection", is what a client talking to the app on the peer connection is written
 * from: its examples must be frames the app reads, and its channels, limits and codes the ones in the code.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CHAT_CHANNEL } from '../../../src/renderer/src/call/chat-channel'
import { ChatWireError, decodeChatFrame, MAX_CHAT_FRAME_LENGTH, MAX_CHAT_TEXT_LENGTH } from '../../../src/renderer/src/call/chat-wire'
import { PEER_STATE_CHANNEL } from '../../../src/renderer/src/call/peer-state-channel'
import { decodePeerState, MAX_PEER_STATE_FRAME_LENGTH, PeerStateWireError } from '../../../src/renderer/src/call/peer-state-wire'
import { MAX_DISPLAY_NAME_LENGTH } from '../../../src/shared/display-name'

const docs = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8')
const start = docs.indexOf('## On the peer connection')
const section = docs.slice(start, docs.indexOf('\n## ', start + 1))
const examples = [...section.matchAll(/```jsonc\n([\s\S]*?)\n```/g)].map((match) => match[1]!)

describe('docs/protocol.md, "On the peer connection"', () => {
  it('is there, with its examples', () => {
    expect(start).toBeGreaterThan(0)
    expect(examples.length).toBeGreaterThanOrEqual(3)
  })

  it.each(examples.map((text) => [text] as const))('%s is a frame the app reads', (text) => {
    const decoded = text.includes('"type":"state"') ? decodePeerState(text) : decodeChatFrame(text)
    expect(decoded).toMatchObject({ ok: true })
  })

  it('names each channel with the label and id the app creates it with', () => {
    for (const channel of [CHAT_CHANNEL, PEER_STATE_CHANNEL]) {
      expect(section).toContain(`| ${channel.id} | \`${channel.label}\` |`)
      expect(section).toContain(`#### \`${channel.label}\` (id ${channel.id})`)
    }
  })

  it('gives the limits the code enforces', () => {
    expect(section).toContain(`1 to ${MAX_CHAT_TEXT_LENGTH} characters`)
    expect(section).toContain(`larger than ${MAX_CHAT_FRAME_LENGTH} UTF-16 units`)
    expect(section).toContain(`larger\n  than ${MAX_PEER_STATE_FRAME_LENGTH} UTF-16 units`)
    expect(section).toContain(`At most ${MAX_DISPLAY_NAME_LENGTH} characters`)
  })

  it('lists every refusal code of both formats', () => {
    for (const code of [...Object.values(ChatWireError), ...Object.values(PeerStateWireError)]) expect(section).toContain(`\`${code}\``)
  })
})
