import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CallSession } from '../../../src/renderer/src/call/call-session'
import type { CallPhase } from '../../../src/renderer/src/call/call-phase'
import { callText } from '../../../src/renderer/src/i18n/messages/call'
import { DEFAULT_ICE_RECOVERY } from '../../../src/renderer/src/call/peer-link'
import type { PeerId, SessionDescription } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import { FakeBridge } from '../../support/fake-bridge'
import { FakeMediaStream } from '../../support/fake-media'
import { FakePeerConnection } from '../../support/fake-peer-connection'
import { createFakeSendingPeerConnectionFactory } from './support/fake-sending-peer-connection'

const ROOM = generateRoomCode()
const ME = 'aaaaaaaaaaaa' as PeerId
const OTHER = 'bbbbbbbbbbbb' as PeerId
const ICE = [{ urls: ['stun:127.0.0.1:3478'] }]

/** Lets the fake's zero-delay events (the fake clock runs them 1 ms on) and the promise chains behind them run. */
async function settle(): Promise<void> {
  for (let round = 0; round < 20; round++) await vi.advanceTimersByTimeAsync(1)
}

async function connectedCall(options: { polite?: boolean } = {}) {
  const bridge = new FakeBridge()
  const factory = createFakeSendingPeerConnectionFactory()
  const phases: CallPhase[] = []
  const localStream = FakeMediaStream.of('audio', 'video')
  const session = new CallSession<FakeMediaStream>({
    bridge,
    createPeerConnection: factory.create,
    localStream,
    room: ROOM,
    onPhase: (phase) => phases.push(phase),
    onError: () => {},
  })
  session.start()
  if (options.polite) {
    bridge.joined(ROOM, ME, [], ICE)
    bridge.peerJoined(OTHER)
    bridge.description(OTHER, await offerFrom())
  } else {
    bridge.joined(ROOM, ME, [OTHER], ICE)
    await settle()
    bridge.description(OTHER, await answerTo(bridge.callsOf('sendDescription')[0]!.description))
  }
  await settle()
  const pc = factory.latest()
  pc.simulateConnectionState('connecting')
  pc.simulateConnectionState('connected')
  const restarts = () => pc.history.filter((step) => step === 'restartIce').length
  return { bridge, pc, session, phases, localStream, restarts }
}

async function answerTo(offer: SessionDescription): Promise<SessionDescription> {
  const remote = new FakePeerConnection(undefined, 'remote')
  await remote.setRemoteDescription(offer)
  await remote.setLocalDescription()
  return { type: 'answer', sdp: remote.localDescription!.sdp }
}

async function offerFrom(): Promise<SessionDescription> {
  const remote = new FakePeerConnection(undefined, 'remote')
  remote.addTransceiver('audio', { direction: 'recvonly' })
  await remote.setLocalDescription()
  return { type: 'offer', sdp: remote.localDescription!.sdp }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('ICE recovery', () => {
  it('uses a 3 s grace for "disconnected", backoff between restarts and gives up after 60 s', () => {
    expect(DEFAULT_ICE_RECOVERY.disconnectedGraceMs).toBe(3_000)
    expect(DEFAULT_ICE_RECOVERY.giveUpAfterMs).toBe(60_000)
  })

  it('restarts ICE at once when the connection fails', async () => {
    const { pc, session, restarts } = await connectedCall()
    pc.simulateConnectionState('failed')
    expect(restarts()).toBe(1)
    expect(session.phase).toMatchObject({ name: 'reconnecting', cause: 'media' })
    await settle()
    // The restart goes out as a new offer through negotiation.
    expect(pc.history.slice(pc.history.indexOf('restartIce'))).toContain('SLD offer')
    await session.hangUp()
  })

  it('waits out a short "disconnected" without restarting', async () => {
    const { pc, session, restarts } = await connectedCall()
    pc.simulateConnectionState('disconnected')
    await vi.advanceTimersByTimeAsync(2_900)
    pc.simulateConnectionState('connected')
    await vi.advanceTimersByTimeAsync(120_000)
    expect(restarts()).toBe(0)
    expect(session.phase.name).toBe('connected')
    expect(vi.getTimerCount()).toBe(0)
    await session.hangUp()
  })

  it('restarts ICE when the connection stays "disconnected" for 3 s', async () => {
    const { pc, session, restarts } = await connectedCall()
    pc.simulateConnectionState('disconnected')
    await vi.advanceTimersByTimeAsync(2_999)
    expect(restarts()).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(restarts()).toBe(1)
    expect(session.phase).toMatchObject({ name: 'reconnecting', cause: 'media' })
    await session.hangUp()
  })

  it('tries again with growing waits while the connection does not come back', async () => {
    const { pc, session, restarts } = await connectedCall()
    pc.simulateConnectionState('failed')
    const { initialMs } = DEFAULT_ICE_RECOVERY.retry
    expect(restarts()).toBe(1)
    await vi.advanceTimersByTimeAsync(initialMs)
    expect(restarts()).toBe(2)
    await vi.advanceTimersByTimeAsync(initialMs)
    expect(restarts()).toBe(2)
    await vi.advanceTimersByTimeAsync(initialMs)
    expect(restarts()).toBe(3)
    await session.hangUp()
  })

  it('stops retrying and forgets the drop once the connection is back', async () => {
    const { pc, session, restarts } = await connectedCall()
    pc.simulateConnectionState('failed')
    pc.simulateConnectionState('connecting')
    pc.simulateConnectionState('connected')
    await settle()
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(120_000)
    expect(restarts()).toBe(1)
    expect(session.phase.name).toBe('connected')
    await session.hangUp()
  })

  it('on the polite side, leaves the restart to the other side but still gives up after 60 s', async () => {
    const { pc, session, restarts } = await connectedCall({ polite: true })
    pc.simulateConnectionState('failed')
    await vi.advanceTimersByTimeAsync(59_999)
    expect(restarts()).toBe(0)
    expect(session.phase).toMatchObject({ name: 'reconnecting', cause: 'media' })
    await vi.advanceTimersByTimeAsync(1)
    expect(session.phase).toEqual({ name: 'failed', note: 'mediaLost' })
  })

  it('ends the call after 60 s without recovery, in plain words, and releases everything', async () => {
    const { bridge, pc, session, phases, localStream, restarts } = await connectedCall()
    pc.simulateConnectionState('disconnected')
    await vi.advanceTimersByTimeAsync(3_000)
    pc.simulateConnectionState('failed')
    await vi.advanceTimersByTimeAsync(56_999)
    expect(session.phase.name).toBe('reconnecting')
    expect(restarts()).toBeGreaterThan(2)
    await vi.advanceTimersByTimeAsync(1)

    expect(session.phase).toEqual({ name: 'failed', note: 'mediaLost' })
    expect(callText().phase[session.phase.note]).toMatch(/lost and did not come back within a minute/)
    expect(phases.at(-1)?.name).toBe('failed')
    expect(pc.closed).toBe(true)
    expect(pc.listenerCount()).toBe(0)
    expect(bridge.listenerCount()).toBe(0)
    expect(bridge.callsOf('leaveRoom')).toHaveLength(1)
    expect(localStream.getTracks().every((track) => track.readyState === 'ended')).toBe(true)
    await settle()
    expect(vi.getTimerCount()).toBe(0)
    const restartsAtEnd = restarts()
    await vi.advanceTimersByTimeAsync(120_000)
    expect(restarts()).toBe(restartsAtEnd)
  })

  it('hanging up in the middle of a recovery clears its timers', async () => {
    const { pc, session } = await connectedCall()
    pc.simulateConnectionState('failed')
    expect(vi.getTimerCount()).toBeGreaterThan(0)
    await session.hangUp()
    await settle()
    expect(vi.getTimerCount()).toBe(0)
    expect(session.phase.name).toBe('ended')
  })
})
