import { describe, expect, it } from 'vitest'
import { isAddress, makeAddress, nodeOf, type NodeId } from '../../../src/server/cluster/backplane'
import { parseClusterEvent, type ClusterEvent } from '../../../src/server/cluster/cluster-events'
import { digest, RedisKeys } from '../../../src/server/cluster/redis-keys'
import type { CallId } from '../../../src/shared/calls'
import type { PeerId } from '../../../src/shared/protocol'
import type { RoomCode } from '../../../src/shared/room-code'

const node = 'abcdefghijkl' as NodeId
const caller = makeAddress(node, '1')
const callee = makeAddress('mnopqrstuv01' as NodeId, 'z9')
const callId = 'k3v0q9d2m1ab' as CallId
const code = '7KD93QFXZ5' as RoomCode

describe('addresses', () => {
  it('name a connection on a process, and tell the process', () => {
    expect(caller).toBe('abcdefghijkl/1')
    expect(nodeOf(callee)).toBe('mnopqrstuv01')
    expect(isAddress(caller)).toBe(true)
    expect(isAddress('abcdefghijkl')).toBe(false)
    expect(isAddress('ABCDEFGHIJKL/1')).toBe(false)
  })
})

describe('parseClusterEvent', () => {
  const valid: ClusterEvent[] = [
    { t: 'peer', peerId: 'm1ab3v0q9d2k' as PeerId, message: { v: 1, type: 'peer-left', peerId: 'k3v0q9d2m1ab' as PeerId, reason: 'disconnected' } },
    { t: 'ring', callId, caller, callee, to: code, from: code, room: code },
    { t: 'ring-result', callId, caller, callee, result: 'ringing' },
    { t: 'ring-result', callId, caller, callee, result: 'SIG_ERR_CALL_ID_IN_USE' },
    { t: 'ring-result', callId, caller, callee, result: 'SIG_ERR_ALREADY_RINGING' },
    { t: 'ring-result', callId, caller, callee, result: 'SIG_ERR_RINGING_TOO_SOON', retryAfterMs: 5_000 },
    { t: 'cancel', callId, caller, callee, reason: 'no-answer' },
    { t: 'answer', callId, caller, callee, state: 'accepted' },
    { t: 'replaced', address: callee, code },
    { t: 'taken-over', peerId: 'm1ab3v0q9d2k' as PeerId, address: callee },
  ]

  it.each(valid.map((event) => [event.t, event] as const))('reads a %s event as it was sent', (_t, event) => {
    expect(parseClusterEvent(JSON.stringify(event))).toEqual(event)
  })

  it.each([
    ['not JSON', '{'],
    ['not an object', '"peer"'],
    ['an unknown kind', JSON.stringify({ t: 'explode' })],
    ['a peer event carrying a frame clients would reject', JSON.stringify({ t: 'peer', peerId: 'm1ab3v0q9d2k', message: { v: 1, type: 'joined' } })],
    ['a ring with a bad address', JSON.stringify({ t: 'ring', callId, caller: 'nobody', callee, to: code, from: code, room: code })],
    ['a take over naming no connection', JSON.stringify({ t: 'taken-over', peerId: 'm1ab3v0q9d2k', address: 'abcdefghijkl' })],
    ['a take over of something that is not a peer id', JSON.stringify({ t: 'taken-over', peerId: 'bob', address: callee })],
    ['an answer with a state that is not final', JSON.stringify({ t: 'answer', callId, caller, callee, state: 'ringing' })],
    ['a ring-result with an unknown result', JSON.stringify({ t: 'ring-result', callId, caller, callee, result: 'maybe' })],
    ['a ring-result with a wait that is not a whole number of ms', JSON.stringify({ t: 'ring-result', callId, caller, callee, result: 'SIG_ERR_RINGING_TOO_SOON', retryAfterMs: -1 })],
  ])('drops %s', (_name, text) => {
    expect(parseClusterEvent(text)).toBeUndefined()
  })
})

describe('RedisKeys', () => {
  it('keeps room codes and personal codes out of key names', () => {
    const keys = new RedisKeys('tonghwa:')
    for (const key of [keys.room(code), keys.presence(code), keys.binding(code)]) {
      expect(key).not.toContain(code)
      expect(key.startsWith('tonghwa:')).toBe(true)
    }
    expect(keys.room(code)).not.toBe(keys.presence(code).replace('presence', 'room'))
    expect(keys.peer('k3v0q9d2m1ab' as PeerId)).toBe('tonghwa:peer:k3v0q9d2m1ab')
    expect(keys.channel(node)).toBe('tonghwa:node:abcdefghijkl')
    expect(digest('x')).toHaveLength(22)
  })
})
