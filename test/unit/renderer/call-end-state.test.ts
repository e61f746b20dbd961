import { describe, expect, it } from 'vitest'
import { reduceCallPhase, IDLE_PHASE, type CallEvent, type CallPhase } from '../../../src/renderer/src/call/call-phase'
import { CallEndState } from '../../../src/renderer/src/state/call-end.svelte'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'

function phases(...events: CallEvent[]): CallPhase[] {
  const seen: CallPhase[] = []
  let phase = IDLE_PHASE
  for (const event of events) {
    phase = reduceCallPhase(phase, event)
    seen.push(phase)
  }
  return seen
}

const JOIN: CallEvent[] = [{ type: 'join-started' }, { type: 'joined', peerPresent: true }, { type: 'media-connection', state: 'connected' }]

describe('CallEndState', () => {
  it('measures the call from media connecting to the other person leaving', () => {
    let now = 1_000
    const end = new CallEndState(() => now)
    const [joining, connecting, connected, left] = phases(...JOIN, { type: 'peer-left', reason: 'left' })
    end.follow(joining!, null)
    end.follow(connecting!, null)
    end.follow(connected!, 1_000)
    now = 66_000
    expect(end.lengthMs).toBeNull()
    end.follow(left!, 1_000)
    expect(end.lengthMs).toBe(65_000)
    // Going back afterwards hangs up ("ended"): the length stays what it was when the other person left.
    now = 90_000
    end.follow(reduceCallPhase(left!, { type: 'hung-up' }), 1_000)
    expect(end.lengthMs).toBe(65_000)
  })

  it('has no length for a call that never connected', () => {
    const end = new CallEndState(() => 5_000)
    for (const phase of phases({ type: 'join-started' }, { type: 'signaling-error', code: SignalingErrorCode.RoomFull })) end.follow(phase, null)
    expect(end.lengthMs).toBeNull()
  })

  it('forgets the length when the other person comes back, and on reset', () => {
    let now = 0
    const end = new CallEndState(() => now)
    const all = phases(...JOIN, { type: 'peer-left', reason: 'disconnected' }, { type: 'peer-joined' })
    now = 10_000
    for (const phase of all.slice(0, 4)) end.follow(phase, 0)
    expect(end.lengthMs).toBe(10_000)
    end.follow(all[4]!, 0)
    expect(end.lengthMs).toBeNull()
    end.follow(all[3]!, 0)
    end.reset()
    expect(end.lengthMs).toBeNull()
  })
})
