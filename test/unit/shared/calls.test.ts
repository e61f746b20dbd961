import { describe, expect, it } from 'vitest'
import { CALL_CANCEL_REASONS, CALL_STATES, DECLINE_REASONS, generateCallId, isCallId } from '../../../src/shared/calls'
import { isPeerId } from '../../../src/shared/protocol'

describe('isCallId', () => {
  it('accepts 12 lower-case letters and digits, like a peer id, and nothing else', () => {
    expect(isCallId('abcdefghij01')).toBe(true)
    for (const bad of ['ABCDEFGHIJ01', 'abcdefghij0', 'abcdefghij012', 'abcdefghij-1', '', 12, null, undefined]) expect(isCallId(bad)).toBe(false)
  })
})

describe('generateCallId', () => {
  it('makes valid, distinct ids from the peer-id alphabet', () => {
    const ids = Array.from({ length: 5_000 }, generateCallId)
    for (const id of ids) {
      expect(isCallId(id)).toBe(true)
      expect(isPeerId(id)).toBe(true)
      expect(id).toMatch(/^[0-9a-v]{12}$/)
    }
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('call vocabulary', () => {
  it('lists every state a caller can be told, and the reasons of both ends', () => {
    expect(CALL_STATES).toEqual(['ringing', 'accepted', 'declined', 'busy', 'unreachable', 'no-answer'])
    expect(DECLINE_REASONS).toEqual(['declined', 'busy'])
    expect(CALL_CANCEL_REASONS).toEqual(['hung-up', 'no-answer'])
  })
})
