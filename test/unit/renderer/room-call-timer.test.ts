import { describe, expect, it } from 'vitest'
import type { CallPhase, CallPhaseName } from '../../../src/renderer/src/call/call-phase'
import { RoomCallTimer } from '../../../src/renderer/src/state/room-call-timer'
import { generateRoomCode, type RoomCode } from '../../../src/shared/room-code'

function phase(name: Exclude<CallPhaseName, 'reconnecting'>): CallPhase {
  return { name, note: 'idle' }
}

function timer() {
  let now = 1_000
  const recorded: Array<[RoomCode, number]> = []
  const timing = new RoomCallTimer({ now: () => now, record: (room, durationMs) => void recorded.push([room, durationMs]) })
  return { timing, recorded, advance: (ms: number) => void (now += ms) }
}

describe('RoomCallTimer', () => {
  it('records a room call once it ends, timed from when the server let this person in', () => {
    const { timing, recorded, advance } = timer()
    const room = generateRoomCode()
    timing.start(room)
    timing.phase(phase('joining'))
    advance(2_000)
    timing.phase(phase('waiting'))
    advance(10_000)
    timing.phase(phase('connected'))
    advance(50_000)
    timing.phase(phase('peer-left'))
    advance(3_000)
    expect(recorded).toEqual([])
    timing.phase(phase('ended'))
    expect(recorded).toEqual([[room, 63_000]])
    // Only once, however many final phases follow.
    timing.phase(phase('ended'))
    expect(recorded).toHaveLength(1)
  })

  it('records nothing for a room that never let this person in', () => {
    const { timing, recorded, advance } = timer()
    timing.start(generateRoomCode())
    timing.phase(phase('joining'))
    advance(1_000)
    timing.phase(phase('room-full'))
    timing.start(generateRoomCode())
    timing.phase(phase('joining'))
    timing.phase(phase('failed'))
    expect(recorded).toEqual([])
  })

  it('records a room call that failed after joining, with how long it lasted', () => {
    const { timing, recorded, advance } = timer()
    const room = generateRoomCode()
    timing.start(room)
    timing.phase(phase('connecting'))
    advance(4_500)
    timing.phase(phase('failed'))
    expect(recorded).toEqual([[room, 4_500]])
  })

  it('does not time a phone call: the phone records those', () => {
    const { timing, recorded, advance } = timer()
    timing.start(null)
    timing.phase(phase('connected'))
    advance(30_000)
    timing.phase(phase('ended'))
    expect(recorded).toEqual([])
  })

  it('starts again from nothing for the next call (a rejoin of the same room is a call of its own)', () => {
    const { timing, recorded, advance } = timer()
    const room = generateRoomCode()
    timing.start(room)
    timing.phase(phase('connected'))
    advance(5_000)
    timing.phase(phase('ended'))
    timing.start(room)
    advance(60_000)
    timing.phase(phase('waiting'))
    advance(7_000)
    timing.phase(phase('ended'))
    expect(recorded).toEqual([
      [room, 5_000],
      [room, 7_000],
    ])
  })
})
