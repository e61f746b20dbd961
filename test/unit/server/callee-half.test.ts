/**
 * The callee's half on its own, with events in and out as another process would send them: what protects a
 * callee must hold whatever the caller's process does (a caller's process of another version, or a race in
 * which one code rings from two connections while the older one is being replaced).
 */
import { describe, expect, it } from 'vitest'
import { CalleeHalf } from '../../../src/server/callee-half'
import type { Address } from '../../../src/server/cluster/backplane'
import type { CallEvent } from '../../../src/server/cluster/cluster-events'
import { silentLogger } from '../../../src/server/log'
import type { CallParty } from '../../../src/server/switchboard'
import { generateCallId } from '../../../src/shared/calls'
import type { ServerMessage } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'

const CALLEE = 'aaaaaaaaaaaa/1' as Address
const CALLEE_CODE = generateRoomCode()
const CALLER_CODE = generateRoomCode()

function calleeHalf() {
  let now = 0
  const frames: ServerMessage[] = []
  const sent: CallEvent[] = []
  const party: CallParty = { address: CALLEE, send: (message) => void frames.push(message), missed: () => undefined, visitor: false }
  const half = new CalleeHalf({
    maxPendingInvitesPerConnection: 4,
    inviteTtlMs: 60_000,
    pacing: { intervalMs: 2_000, backoffMs: 5_000, maxBackoffMs: 600_000, freeMisses: 0, maxKeys: 100 },
    now: () => now,
    logger: silentLogger,
    registered: (address, code) => (address === CALLEE && (code === undefined || code === CALLEE_CODE) ? party : undefined),
    send: (_to, event) => void sent.push(event),
  })
  const ring = (caller: string) => {
    const callId = generateCallId()
    half.ring({ t: 'ring', callId, caller: caller as Address, callee: CALLEE, to: CALLEE_CODE, from: CALLER_CODE, room: generateRoomCode() })
    return sent.at(-1)
  }
  return { half, party, frames, sent, ring, advance: (ms: number) => (now += ms) }
}

describe('CalleeHalf', () => {
  it('rings once per caller code, whichever connection the ring comes from', () => {
    const { frames, ring } = calleeHalf()
    expect(ring('bbbbbbbbbbbb/1')).toMatchObject({ t: 'ring-result', result: 'ringing' })
    expect(ring('cccccccccccc/7')).toMatchObject({ t: 'ring-result', result: SignalingErrorCode.AlreadyRinging })
    expect(frames.filter((frame) => frame.type === 'incoming-call')).toHaveLength(1)
  })

  it('answers a ring that comes too soon after one the callee declined with the wait', () => {
    const { half, party, ring, advance } = calleeHalf()
    const first = ring('bbbbbbbbbbbb/1') as Extract<CallEvent, { t: 'ring-result' }>
    half.answer(party, { v: 1, type: 'answer', callId: first.callId, accept: false })
    advance(3_000)
    expect(ring('bbbbbbbbbbbb/1')).toMatchObject({ result: SignalingErrorCode.RingingTooSoon, retryAfterMs: 2_000 })
    advance(2_000)
    expect(ring('bbbbbbbbbbbb/1')).toMatchObject({ result: 'ringing' })
  })
})
