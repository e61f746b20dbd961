import { describe, expect, it } from 'vitest'
import { CallSession } from '../../../src/renderer/src/call/call-session'
import type { CallPhase } from '../../../src/renderer/src/call/call-phase'
import { callText } from '../../../src/renderer/src/i18n/messages/call'
import type { IceServer, PeerId } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import { FakeBridge } from '../../support/fake-bridge'
import { FakeMediaStream } from '../../support/fake-media'
import { settle } from '../../support/signaling-relay'
import { createFakeSendingPeerConnectionFactory } from './support/fake-sending-peer-connection'

const ROOM = generateRoomCode()
const ME = 'aaaaaaaaaaaa' as PeerId
const OTHER = 'bbbbbbbbbbbb' as PeerId
const STUN: IceServer = { urls: ['stun:127.0.0.1:3478'] }
const TURN: IceServer = { urls: ['turn:127.0.0.1:3478?transport=udp'], username: '1700000000:abc', credential: 'old' }
const FRESH_TURN: IceServer = { urls: ['turn:127.0.0.1:3478?transport=udp'], username: '1700003600:abc', credential: 'new' }

function setup(options: { relayOnly?: boolean } = {}) {
  const bridge = new FakeBridge()
  const factory = createFakeSendingPeerConnectionFactory()
  const phases: CallPhase[] = []
  const session = new CallSession<FakeMediaStream>({
    bridge,
    createPeerConnection: factory.create,
    localStream: FakeMediaStream.of('audio', 'video'),
    room: ROOM,
    ...(options.relayOnly !== undefined ? { relayOnly: options.relayOnly } : {}),
    onPhase: (phase) => phases.push(phase),
    onError: () => {},
  })
  return { bridge, factory, session, phases }
}

describe('CallSession with fresh ICE servers', () => {
  it('applies pushed ICE servers to the running connection and keeps its transport policy', async () => {
    const { bridge, factory, session } = setup({ relayOnly: true })
    session.start()
    bridge.joined(ROOM, ME, [OTHER], [STUN, TURN])
    await settle()
    const pc = factory.latest()
    bridge.iceServersRefreshed([STUN, FRESH_TURN])
    expect(pc.configurations).toEqual([{ iceServers: [STUN, FRESH_TURN], iceTransportPolicy: 'relay' }])
    expect(pc.configuration).toEqual({ iceServers: [STUN, FRESH_TURN], iceTransportPolicy: 'relay' })
    await session.hangUp()
  })

  it('makes a later connection (the next person to join) with the ICE servers pushed last', async () => {
    const { bridge, factory, session } = setup()
    session.start()
    bridge.joined(ROOM, ME, [OTHER], [STUN, TURN])
    await settle()
    bridge.peerLeft(OTHER)
    bridge.iceServersRefreshed([STUN, FRESH_TURN])
    bridge.peerJoined(OTHER)
    const remote = createFakeSendingPeerConnectionFactory().create({ iceServers: [], iceTransportPolicy: 'all' })
    remote.addTransceiver('audio', { direction: 'recvonly' })
    await remote.setLocalDescription()
    bridge.description(OTHER, { type: 'offer', sdp: remote.localDescription!.sdp })
    await settle()
    expect(factory.latest().config).toEqual({ iceServers: [STUN, FRESH_TURN], iceTransportPolicy: 'all' })
    await session.hangUp()
  })

  it('ignores pushed servers once the call is over', async () => {
    const { bridge, session } = setup()
    session.start()
    await session.hangUp()
    expect(bridge.listenerCount('signaling:ice-servers')).toBe(0)
  })
})

describe('CallSession with "Always use a relay"', () => {
  it('builds its connection with iceTransportPolicy relay and gathers only relayed candidates', async () => {
    const { bridge, factory, session } = setup({ relayOnly: true })
    session.start()
    bridge.joined(ROOM, ME, [OTHER], [STUN, TURN])
    await settle()
    expect(factory.latest().config).toEqual({ iceServers: [STUN, TURN], iceTransportPolicy: 'relay' })
    const sent = bridge.callsOf('sendCandidate').map((call) => call.candidate.candidate)
    expect(sent.length).toBeGreaterThan(0)
    expect(sent.every((candidate) => candidate.includes(' typ relay'))).toBe(true)
    expect(session.phase.name).toBe('connecting')
    await session.hangUp()
  })

  it('fails at once, saying no relay server is available, when the server offers no TURN server', async () => {
    const { bridge, factory, session, phases } = setup({ relayOnly: true })
    session.start()
    bridge.joined(ROOM, ME, [OTHER], [STUN])
    await settle()
    expect(session.phase).toEqual({ name: 'failed', note: 'noRelayServer' })
    expect(callText().phase[session.phase.note]).toMatch(/^No relay server is available/)
    expect(phases.map((phase) => phase.name)).toEqual(['joining', 'failed'])
    expect(factory.made).toHaveLength(0)
    expect(bridge.callsOf('leaveRoom')).toHaveLength(1)
    expect(bridge.listenerCount()).toBe(0)
  })

  it('fails with "Couldn\'t reach the relay server" when a gathering ends without a relayed candidate', async () => {
    const { bridge, factory, session } = setup({ relayOnly: true })
    session.start()
    // The fake gathers relayed candidates only while its configuration has a TURN server: with it taken out
    // before the gathering, the gathering ends with none, as when the relay refuses the credentials.
    bridge.joined(ROOM, ME, [OTHER], [TURN])
    const pc = factory.latest()
    pc.setConfiguration({ iceServers: [STUN], iceTransportPolicy: 'relay' })
    await settle()
    expect(session.phase).toEqual({ name: 'failed', note: 'relayUnreachable' })
    expect(callText().phase[session.phase.note]).toMatch(/^Couldn't reach the relay server: /)
    expect(pc.closed).toBe(true)
    expect(pc.listenerCount()).toBe(0)
  })

  it('without relay-only, a server with no TURN server is fine', async () => {
    const { bridge, factory, session } = setup({ relayOnly: false })
    session.start()
    bridge.joined(ROOM, ME, [OTHER], [STUN])
    await settle()
    expect(factory.latest().config).toEqual({ iceServers: [STUN], iceTransportPolicy: 'all' })
    expect(session.phase.name).toBe('connecting')
    await session.hangUp()
  })
})
