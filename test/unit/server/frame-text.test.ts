import { describe, expect, it } from 'vitest'
import { frameForParser } from '../../../src/server/frame-text'
import { encodeMessage, parseClientMessage, type PeerId } from '../../../src/shared/protocol'
import { candidate } from '../../support/signal-data'

const BOM = Buffer.from([0xef, 0xbb, 0xbf])
const signal = encodeMessage({ v: 1, type: 'signal', to: 'abcdefghij01' as PeerId, data: candidate(1) })

describe('frameForParser', () => {
  it('hands a text frame to the parser as the string its UTF-8 bytes spell', () => {
    const bytes = Buffer.from('{"v":1,"type":"leave","note":"통화 ☎"}')
    expect(frameForParser(bytes, false)).toBe('{"v":1,"type":"leave","note":"통화 ☎"}')
  })

  it('hands binary frames over as bytes, for the parser to decode strictly', () => {
    const bytes = Buffer.from([0x7b, 0xff, 0x7d])
    expect(frameForParser(bytes, true)).toBe(bytes)
  })

  it('joins fragments and hands a text frame that starts with a byte order mark over as bytes', () => {
    const parts = [BOM, Buffer.from(signal)]
    const handed = frameForParser(parts, false)
    expect(Buffer.isBuffer(handed)).toBe(true)
    expect(Buffer.compare(handed as Buffer, Buffer.concat(parts))).toBe(0)
  })

  it.each([
    ['a signal', Buffer.from(signal)],
    ['a signal after a byte order mark', Buffer.concat([BOM, Buffer.from(signal)])],
    ['a byte order mark inside the JSON', Buffer.from(signal.replace('"v":1', '"v":1,"\uFEFF":1'))],
    ['a frame that is not JSON', Buffer.from('{"v":1,')],
    ['an empty frame', Buffer.alloc(0)],
  ])('makes the parser read %s exactly as it reads the bytes', (_name, bytes) => {
    expect(parseClientMessage(frameForParser(bytes, false))).toEqual(parseClientMessage(bytes))
  })
})
