import { describe, expect, it } from 'vitest'
import {
  decodePeerState,
  encodePeerState,
  MAX_PEER_STATE_FRAME_LENGTH,
  PeerStateWireError,
  type PeerStateFrame,
} from '../../../src/renderer/src/call/peer-state-wire'

const STATE: PeerStateFrame = { audio: false, video: true, screen: false, name: 'Minji' }

describe('the peer-state wire format', () => {
  it('encodes the whole state with its version and type, and decodes it back', () => {
    const frame = encodePeerState(STATE)
    expect(JSON.parse(frame)).toEqual({ v: 1, type: 'state', audio: false, video: true, screen: false, name: 'Minji' })
    expect(decodePeerState(frame)).toEqual({ ok: true, state: STATE })
  })

  it('leaves the name out when there is none, and reads a frame without one as no name', () => {
    const frame = encodePeerState({ ...STATE, name: '' })
    expect(JSON.parse(frame)).not.toHaveProperty('name')
    expect(decodePeerState(frame)).toEqual({ ok: true, state: { ...STATE, name: '' } })
  })

  it('ignores fields it does not know, so a later version of the same format can add some', () => {
    const frame = JSON.stringify({ v: 1, type: 'state', audio: true, video: true, screen: true, hand: 'raised' })
    expect(decodePeerState(frame)).toEqual({ ok: true, state: { audio: true, video: true, screen: true, name: '' } })
  })

  it('tidies a name the same way as one typed here', () => {
    const frame = JSON.stringify({ v: 1, type: 'state', audio: true, video: false, screen: false, name: ' Min\u202eji\n ' })
    expect(decodePeerState(frame)).toEqual({ ok: true, state: { audio: true, video: false, screen: false, name: 'Minji' } })
  })

  const rejected: Array<[string, unknown, PeerStateWireError]> = [
    ['a binary frame', new ArrayBuffer(8), PeerStateWireError.NotText],
    ['nothing', undefined, PeerStateWireError.NotText],
    ['a frame over the size limit', `{"v":1,"type":"state","pad":"${'x'.repeat(MAX_PEER_STATE_FRAME_LENGTH)}"}`, PeerStateWireError.TooLarge],
    ['garbage', '\u0000\u00ff not json {', PeerStateWireError.NotJson],
    ['JSON that is not an object', '[1,2,3]', PeerStateWireError.UnsupportedVersion],
    ['null', 'null', PeerStateWireError.UnsupportedVersion],
    ['another version', '{"v":2,"type":"state","audio":true,"video":true,"screen":false}', PeerStateWireError.UnsupportedVersion],
    ['no version', '{"type":"state","audio":true,"video":true,"screen":false}', PeerStateWireError.UnsupportedVersion],
    ['another type', '{"v":1,"type":"chat","audio":true,"video":true,"screen":false}', PeerStateWireError.UnknownType],
    ['a flag that is not true or false', '{"v":1,"type":"state","audio":"yes","video":true,"screen":false}', PeerStateWireError.BadFlag],
    ['a missing flag', '{"v":1,"type":"state","audio":true,"video":true}', PeerStateWireError.BadFlag],
    ['a name that is not text', '{"v":1,"type":"state","audio":true,"video":true,"screen":false,"name":42}', PeerStateWireError.BadName],
    ['a name too long', JSON.stringify({ v: 1, type: 'state', audio: true, video: true, screen: false, name: 'x'.repeat(41) }), PeerStateWireError.BadName],
  ]

  for (const [what, data, code] of rejected) {
    it(`rejects ${what} with ${code}, without throwing`, () => {
      expect(decodePeerState(data)).toEqual({ ok: false, code })
    })
  }

  it('never throws, whatever arrives', () => {
    const hostile: unknown[] = ['{"v":1,"type":"state","__proto__":{"audio":true}}', '{"v":1,"type":"state","audio":true,"video":true,"screen":false,"name":{"toString":1}}', 1e309, Symbol('x'), () => 1]
    for (const data of hostile) expect(() => decodePeerState(data)).not.toThrow()
    expect(decodePeerState(hostile[0])).toEqual({ ok: false, code: PeerStateWireError.BadFlag })
  })
})
