/**
 * When this side's link to the signaling server drops and the server gives the same peer id back, a call whose
 * media stopped too restarts ICE at once, whatever this side's role (peer-link.ts, `signalingBack`): its network
 * changed, and waiting for ICE to say so would take seconds more. Media that went on arriving restarts nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CallSession } from '../../../src/renderer/src/call/call-session'
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

async function settle(): Promise<void> {
  for (let round = 0; round < 20; round++) await vi.advanceTimersByTimeAsync(1)
}

/** A connected call in which this side was in the room first (polite: it never restarts ICE on its own). */
async function politeConnectedCall() {
  const bridge = new FakeBridge()
  const factory = createFakeSendingPeerConnectionFactory()
  const session = new CallSession<FakeMediaStream>({
    bridge,
    createPeerConnection: factory.create,
    localStream: FakeMediaStream.of('audio', 'video'),
    room: ROOM,
    onError: () => {},
  })
  session.start()
  bridge.joined(ROOM, ME, [], ICE)
  bridge.peerJoined(OTHER)
  const remote = new FakePeerConnection(undefined, 'remote')
  remote.addTransceiver('audio', { direction: 'recvonly' })
  remote.addTransceiver('video', { direction: 'recvonly' })
  await remote.setLocalDescription()
  bridge.description(OTHER, { type: 'offer', sdp: remote.localDescription!.sdp } satisfies SessionDescription)
  await settle()
  const pc = factory.latest()
  pc.simulateConnectionState('connecting')
  pc.simulateConnectionState('connected')
  expect(pc.signalingState).toBe('stable')
  const inbound = (packetsReceived: number) => [{ id: 'in-audio', type: 'inbound-rtp', kind: 'audio', timestamp: 0, packetsReceived }]
  pc.stats = inbound(500)
  /** This side's own link drops and comes back with the same id; `flowing`: media goes on arriving meanwhile. */
  const rejoin = async ({ flowing }: { flowing: boolean }) => {
    bridge.setConnectionState({ status: 'reconnecting', attempt: 1, retryInMs: 200, lastError: 'connection lost (1006)' })
    await vi.advanceTimersByTimeAsync(200)
    if (flowing) pc.stats = inbound(520)
    bridge.setConnectionState({ status: 'open' })
    bridge.joined(ROOM, ME, [OTHER], ICE)
    await settle()
  }
  const restarts = () => pc.history.filter((step) => step === 'restartIce').length
  const offersSent = () => bridge.callsOf('sendDescription').filter((call) => call.description.type === 'offer').length
  return { bridge, pc, session, rejoin, restarts, offersSent }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('a call whose own signaling link came back', () => {
  it('restarts ICE at once, although polite, when no media arrives', async () => {
    const { session, rejoin, restarts, offersSent } = await politeConnectedCall()
    const offers = offersSent()
    await rejoin({ flowing: false })
    expect(restarts()).toBe(1)
    expect(offersSent()).toBe(offers + 1)
    expect(session.phase.name).toBe('connected')
    // ICE never left `connected`: nothing may end the call later for a drop that never showed.
    await vi.advanceTimersByTimeAsync(120_000)
    expect(session.phase.name).toBe('connected')
    await session.hangUp()
  })

  it('restarts nothing while media keeps arriving', async () => {
    const { session, rejoin, restarts, offersSent } = await politeConnectedCall()
    const offers = offersSent()
    await rejoin({ flowing: true })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(restarts()).toBe(0)
    expect(offersSent()).toBe(offers)
    await session.hangUp()
  })

  it('restarts nothing before the other person is back in the room', async () => {
    const { bridge, session, restarts } = await politeConnectedCall()
    bridge.setConnectionState({ status: 'reconnecting', attempt: 1, retryInMs: 200, lastError: 'connection lost (1006)' })
    bridge.setConnectionState({ status: 'open' })
    bridge.joined(ROOM, ME, [], ICE)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(restarts()).toBe(0)
    // Nor when they come back: their return is no sign that our network changed.
    bridge.peerJoined(OTHER)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(restarts()).toBe(0)
    await session.hangUp()
  })
})
