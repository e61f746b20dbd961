import { describe, expect, it } from 'vitest'
import { RoomEntryState } from '../../../src/renderer/src/state/room-entry.svelte'

describe('RoomEntryState', () => {
  it('starts with the code from the page address, and no message', () => {
    const entry = new RoomEntryState('7kd-93qf')
    expect(entry.input).toBe('7kd-93qf')
    expect(entry.error).toBeNull()
  })

  it('refuses a malformed code with the specific message from parseRoomCode', () => {
    const entry = new RoomEntryState()
    expect(entry.submit()).toBeNull()
    expect(entry.error).toBe('Enter a room code.')
    entry.setInput('abc')
    expect(entry.error).toBeNull()
    expect(entry.submit()).toBeNull()
    expect(entry.error).toMatch(/This one is too short\.$/)
  })

  it('accepts a code typed in lower case with dashes and spaces, as its canonical form', () => {
    const entry = new RoomEntryState()
    entry.setInput(' 000-0000-000 ')
    expect(entry.submit()).toBe('0000000000')
    expect(entry.error).toBeNull()
  })
})
