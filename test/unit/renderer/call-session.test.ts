import { describe, expect, it } from 'vitest'
import { CallSession } from '../../../src/renderer/src/call/call-session'
import type { CallPhase } from '../../../src/renderer/src/call/call-phase'
import type { PeerId, SessionDescription } from '../../../src/shared/protocol'
import { parseRoomCode, type RoomCode } from '../../../src/shared/room-code'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'
import { FakeBridge } from '../../support/fake-bridge'
import { FakeMediaStream, FakeTrack } from '../../support/fake-media'
import { FakePeerConnection } from '../../support/fake-peer-connection'
import { createFakeSendingPeerConnectionFactory } from './support/fake-sending-peer-connection'
import { settle } from '../../support/signaling-relay'

const ROOM = roomCode('7KD93QFX2')
const ME = 'aaaaaaaaaaaa' as PeerId
const OTHER = 'bbbbbbbbbbbb' as PeerId
const STRANGER = 'cccccccccccc' as PeerId
const ICE = [{ urls: ['stun:127.0.0.1:3478'] }]

/** A valid code built from a 9-character body: the check character is found by trying each. */
function roomCode(body: string): RoomCode {
  for (const char of '0123456789ABCDEFGHJKMNPQRSTVWXYZ') {
    const result = parseRoomCode(body + char)
    if (result.ok) return result.code
  }
  throw new Error('no check character')
}

function setup(options: { localStream?: FakeMediaStream | null } = {}) {
  const bridge = new FakeBridge()
  const factory = createFakeSendingPeerConnectionFactory()
  const localStream = options.localStream === undefined ? FakeMediaStream.of('audio', 'video') : options.localStream
  const phases: CallPhase[] = []
  const remoteStreams: (FakeMediaStream | null)[] = []
  const errors: unknown[] = []
  const session = new CallSession<FakeMediaStream>({
    bridge,
    createPeerConnection: factory.create,
    localStream,
    room: ROOM,
    onPhase: (phase) => phases.push(phase),
    onRemoteStream: (stream) => remoteStreams.push(stream),
    onError: (error) => errors.push(error),
  })
  return { bridge, factory, localStream, session, phases, remoteStreams, errors }
}

/** An offer as another app would make it, from a fake connection of its own. */
async function offerFrom(setupRemote: (pc: FakePeerConnection) => void = (pc) => pc.addTrack(new FakeTrack('audio'), FakeMediaStream.of())): Promise<SessionDescription> {
  const remote = new FakePeerConnection(undefined, 'remote')
  setupRemote(remote)
  await remote.setLocalDescription()
  return { type: 'offer', sdp: remote.localDescription!.sdp }
}

describe('CallSession', () => {
  it('asks the bridge to join the room when started, and says it is joining', () => {
    const { bridge, session, phases } = setup()
    session.start()
    expect(bridge.callsOf('joinRoom')).toEqual([{ method: 'joinRoom', room: ROOM }])
    expect(phases.map((phase) => phase.note)).toEqual(['joining'])
  })

  it('waits for the other person when it is alone in the room', async () => {
    const { bridge, factory, session } = setup()
    session.start()
    bridge.joined(ROOM, ME, [], ICE)
    await settle()
    expect(session.phase).toEqual({ name: 'waiting', note: 'waiting' })
    expect(session.selfId).toBe(ME)
    expect(factory.made).toHaveLength(0)
  })

  it('as the newcomer, connects at once with the ICE servers it was given, adds its tracks and offers', async () => {
    const { bridge, factory, session, localStream } = setup()
    session.start()
    bridge.joined(ROOM, ME, [OTHER], ICE)
    await settle()

    expect(session.phase.name).toBe('connecting')
    expect(session.remotePeerId).toBe(OTHER)
    const pc = factory.latest()
    expect(pc.config).toEqual({ iceServers: ICE, iceTransportPolicy: 'all' })
    expect(pc.transceivers.map((t) => t.senderTrack)).toEqual(localStream!.getTracks())
    const [offer] = bridge.callsOf('sendDescription')
    expect(offer).toMatchObject({ to: OTHER, description: { type: 'offer' } })
    expect(bridge.callsOf('sendCandidate').map((call) => call.to)).toEqual([OTHER, OTHER])
  })

  it('as the newcomer without camera or microphone, still offers to receive both', async () => {
    const { bridge, factory, session } = setup({ localStream: null })
    session.start()
    bridge.joined(ROOM, ME, [OTHER], ICE)
    await settle()
    expect(factory.latest().transceivers.map((t) => `${t.kind}:${t.direction}`)).toEqual(['audio:recvonly', 'video:recvonly'])
    expect(bridge.callsOf('sendDescription')).toHaveLength(1)
  })

  it('as the one already in the room, makes its connection only when the offer arrives, and answers', async () => {
    const { bridge, factory, session, localStream } = setup()
    session.start()
    bridge.joined(ROOM, ME, [], ICE)
    bridge.peerJoined(OTHER)
    await settle()
    expect(session.phase.note).toBe('connecting')
    expect(factory.made).toHaveLength(0)

    bridge.description(OTHER, await offerFrom((pc) => {
      pc.addTransceiver('audio', { direction: 'recvonly' })
      pc.addTransceiver('video', { direction: 'recvonly' })
    }))
    await settle()

    const pc = factory.latest()
    expect(pc.history.slice(0, 4)).toEqual(['SRD offer', 'addTrack audio', 'addTrack video', 'SLD answer'])
    expect(pc.transceivers.map((t) => t.senderTrack)).toEqual(localStream!.getTracks())
    expect(bridge.callsOf('sendDescription')).toMatchObject([{ to: OTHER, description: { type: 'answer' } }])
  })

  it('applies candidates from the other person to the connection', async () => {
    const { bridge, factory, session } = setup()
    session.start()
    bridge.joined(ROOM, ME, [], ICE)
    bridge.peerJoined(OTHER)
    bridge.description(OTHER, await offerFrom())
    const candidate = { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'remote-ice1' }
    bridge.candidate(OTHER, candidate)
    await settle()
    expect(factory.latest().appliedCandidates).toEqual([candidate])
  })

  it('ignores descriptions and candidates from anyone but the other person in the call', async () => {
    const { bridge, factory, session, errors } = setup()
    session.start()
    bridge.joined(ROOM, ME, [], ICE)
    bridge.description(STRANGER, await offerFrom())
    bridge.candidate(STRANGER, { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null })
    bridge.peerJoined(OTHER)
    bridge.description(STRANGER, await offerFrom())
    await settle()
    expect(factory.made).toHaveLength(0)
    expect(bridge.callsOf('sendDescription')).toEqual([])
    expect(errors).toEqual([])
  })

  it('does not start a connection from a stray answer', async () => {
    const { bridge, factory, session } = setup()
    session.start()
    bridge.joined(ROOM, ME, [], ICE)
    bridge.peerJoined(OTHER)
    bridge.description(OTHER, { type: 'answer', sdp: '{}' })
    await settle()
    expect(factory.made).toHaveLength(0)
  })

  it('hands over the remote stream when the other person’s media arrives', async () => {
    const { bridge, factory, session, remoteStreams } = setup()
    session.start()
    bridge.joined(ROOM, ME, [OTHER], ICE)
    await settle()
    const remote = FakeMediaStream.of('audio', 'video')
    factory.latest().simulateRemoteTrack(remote.getTracks()[0]!, [remote])
    factory.latest().simulateRemoteTrack(remote.getTracks()[1]!, [remote])
    expect(session.remoteStream).toBe(remote)
    expect(session.remoteKinds).toEqual(['audio', 'video'])
    expect(remoteStreams).toEqual([remote])
  })

  it('reports the remote stream again when it gains a kind of track', async () => {
    const { bridge, factory, session, remoteStreams } = setup()
    session.start()
    bridge.joined(ROOM, ME, [OTHER], ICE)
    await settle()
    const audio = new FakeTrack('audio')
    const remote = new FakeMediaStream([audio])
    factory.latest().simulateRemoteTrack(audio, [remote])
    expect(session.remoteKinds).toEqual(['audio'])
    const video = new FakeTrack('video')
    remote.addTrack(video)
    factory.latest().simulateRemoteTrack(video, [remote])
    expect(session.remoteKinds).toEqual(['audio', 'video'])
    expect(remoteStreams).toEqual([remote, remote])
  })

  it('follows the connection to the other person: connecting, connected, reconnecting, connected', async () => {
    const { bridge, factory, session, phases } = setup()
    session.start()
    bridge.joined(ROOM, ME, [OTHER], ICE)
    await settle()
    const pc = factory.latest()
    pc.simulateConnectionState('connecting')
    pc.simulateConnectionState('connected')
    pc.simulateConnectionState('disconnected')
    pc.simulateConnectionState('connected')
    expect(phases.map((phase) => phase.note)).toEqual(['joining', 'connecting', 'connected', 'reconnectingMedia', 'connected'])
  })

  it('restarts ICE when the connection fails, and says it is reconnecting', async () => {
    const { bridge, factory, session } = setup()
    session.start()
    bridge.joined(ROOM, ME, [OTHER], ICE)
    await settle()
    const pc = factory.latest()
    pc.simulateConnectionState('connected')
    pc.simulateConnectionState('failed')
    expect(pc.history).toContain('restartIce')
    expect(session.phase).toMatchObject({ name: 'reconnecting', cause: 'media' })
    pc.simulateConnectionState('connecting')
    pc.simulateConnectionState('connected')
    expect(session.phase.name).toBe('connected')
    await session.hangUp()
  })

  it('closes the connection when the other person leaves, and starts a fresh one when someone joins again', async () => {
    const { bridge, factory, session, remoteStreams } = setup()
    session.start()
    bridge.joined(ROOM, ME, [], ICE)
    bridge.peerJoined(OTHER)
    bridge.description(OTHER, await offerFrom())
    await settle()
    const first = factory.latest()
    const stream = session.remoteStream
    expect(stream?.getAudioTracks()).toHaveLength(1)

    bridge.peerLeft(OTHER, 'left')
    expect(first.closed).toBe(true)
    expect(first.listenerCount()).toBe(0)
    expect(session.phase).toEqual({ name: 'peer-left', note: 'peerLeft' })
    expect(session.remoteStream).toBeNull()
    expect(remoteStreams).toEqual([stream, null])
    expect(bridge.callsOf('leaveRoom')).toEqual([])

    bridge.peerJoined(STRANGER)
    bridge.description(STRANGER, await offerFrom())
    await settle()
    expect(factory.made).toHaveLength(2)
    expect(factory.latest()).not.toBe(first)
    expect(session.phase.name).toBe('connecting')
    const toStranger = bridge.callsOf('sendDescription').filter((call) => call.to === STRANGER)
    expect(toStranger[0]).toMatchObject({ description: { type: 'answer' } })
  })

  it('shows that the room is full, in plain words', () => {
    const { bridge, session, errors } = setup()
    session.start()
    bridge.error(SignalingErrorCode.RoomFull, 'room 7KD93QFX2A already has 2 peers')
    expect(session.phase).toEqual({ name: 'room-full', note: 'roomFull' })
    expect(errors).toEqual([])
  })

  it('logs, without showing, a signaling error that does not change the call', async () => {
    const { bridge, session, errors } = setup()
    session.start()
    bridge.joined(ROOM, ME, [OTHER], ICE)
    await settle()
    bridge.error(SignalingErrorCode.UnknownPeer, 'no such peer')
    expect(session.phase.name).toBe('connecting')
    expect(errors).toEqual([new Error('SIG_ERR_UNKNOWN_PEER: no such peer')])
  })

  it('releases everything as soon as the call cannot go on, and keeps saying why', async () => {
    const { bridge, session, localStream } = setup()
    session.start()
    bridge.error(SignalingErrorCode.RoomFull)
    await settle()
    expect(bridge.listenerCount()).toBe(0)
    expect(localStream!.getTracks().every((track) => track.stopped)).toBe(true)
    expect(bridge.callsOf('leaveRoom')).toHaveLength(1)
    expect(session.phase.name).toBe('room-full')
  })

  it('fails with a plain message when the server refuses the room code', () => {
    const { bridge, session } = setup()
    session.start()
    bridge.error(SignalingErrorCode.BadRoomCode)
    expect(session.phase).toEqual({ name: 'failed', note: 'badRoomCode' })
  })

  it('fails, and reports the reason as an error, when the join cannot even be sent', async () => {
    const { bridge, session, errors } = setup()
    bridge.joinError = new Error('no handler registered for signaling:join-room')
    session.start()
    await settle()
    expect(session.phase).toEqual({ name: 'failed', note: 'joinFailed' })
    expect(errors).toContain(bridge.joinError)
  })

  it('says it is reconnecting to the server, keeps the connection, and starts again once re-joined under another id', async () => {
    const { bridge, factory, session, phases } = setup()
    session.start()
    bridge.joined(ROOM, ME, [OTHER], ICE)
    await settle()
    const first = factory.latest()

    bridge.setConnectionState({ status: 'reconnecting', attempt: 1, retryInMs: 500, lastError: 'connection lost (1006)' })
    expect(session.phase.note).toBe('reconnectingServer')
    expect(first.closed).toBe(false)

    bridge.setConnectionState({ status: 'connecting', attempt: 1 })
    bridge.setConnectionState({ status: 'open' })
    expect(session.phase.note).toBe('joining')
    // The signaling client re-joins by itself: the session does not ask twice.
    expect(bridge.callsOf('joinRoom')).toHaveLength(1)

    // The server did not give our id back: the other side cannot reach the old connection any more.
    bridge.joined(ROOM, 'dddddddddddd' as PeerId, [OTHER], ICE)
    await settle()
    expect(first.closed).toBe(true)
    expect(first.listenerCount()).toBe(0)
    expect(factory.made).toHaveLength(2)
    expect(session.phase.name).toBe('connecting')
    expect(phases.map((phase) => phase.name)).toEqual(['joining', 'connecting', 'reconnecting', 'joining', 'connecting'])
  })

  it('keeps a connected call through a server restart and resumes it when the server gives the same id back', async () => {
    const { bridge, factory, session, phases } = setup()
    session.start()
    bridge.joined(ROOM, ME, [OTHER], ICE)
    await settle()
    const pc = factory.latest()
    pc.simulateConnectionState('connected')
    expect(session.phase.name).toBe('connected')
    const offers = bridge.callsOf('sendDescription').length

    bridge.setConnectionState({ status: 'reconnecting', attempt: 1, retryInMs: 500, lastError: 'connection lost (1006)' })
    expect(session.phase).toEqual({ name: 'reconnecting', cause: 'server', note: 'reconnectingServerInCall' })
    bridge.setConnectionState({ status: 'connecting', attempt: 1 })
    bridge.setConnectionState({ status: 'open' })
    expect(session.phase.note).toBe('reconnectingServerInCall')

    // Back first, before the other person: the call goes on, still waiting for them.
    bridge.joined(ROOM, ME, [], ICE)
    await settle()
    expect(session.phase.name).toBe('reconnecting')
    bridge.peerJoined(OTHER)
    await settle()
    expect(session.phase.name).toBe('connected')
    expect(factory.made).toHaveLength(1)
    expect(pc.closed).toBe(false)
    expect(bridge.callsOf('sendDescription')).toHaveLength(offers)
    expect(phases.map((phase) => phase.name)).toEqual(['joining', 'connecting', 'connected', 'reconnecting', 'connected'])
    await session.hangUp()
    expect(pc.listenerCount()).toBe(0)
    expect(bridge.listenerCount()).toBe(0)
  })

  it('resumes at once when the other person is already back in the room', async () => {
    const { bridge, factory, session } = setup()
    session.start()
    bridge.joined(ROOM, ME, [OTHER], ICE)
    await settle()
    factory.latest().simulateConnectionState('connected')
    bridge.setConnectionState({ status: 'reconnecting', attempt: 1, retryInMs: 500, lastError: 'connection lost (1006)' })
    bridge.setConnectionState({ status: 'open' })
    bridge.joined(ROOM, ME, [OTHER], ICE)
    await settle()
    expect(session.phase.name).toBe('connected')
    expect(factory.made).toHaveLength(1)
  })

  it('keeps the connection when the other person lost the server, and resumes when they are back under the same id', async () => {
    const { bridge, factory, session } = setup()
    session.start()
    bridge.joined(ROOM, ME, [OTHER], ICE)
    await settle()
    const pc = factory.latest()
    pc.simulateConnectionState('connected')

    bridge.peerLeft(OTHER, 'disconnected')
    expect(session.phase.name).toBe('peer-left')
    expect(pc.closed).toBe(false)
    bridge.peerJoined(OTHER)
    expect(session.phase.name).toBe('connected')
    expect(factory.made).toHaveLength(1)

    bridge.peerLeft(OTHER, 'disconnected')
    bridge.peerJoined(STRANGER)
    expect(pc.closed).toBe(true)
    expect(pc.listenerCount()).toBe(0)
    await session.hangUp()
  })

  it('shows "Reconnecting to the server…" when the server cannot be reached from the start', async () => {
    const { bridge, session } = setup()
    bridge.connectionState = { status: 'reconnecting', attempt: 2, retryInMs: 1000, lastError: 'ECONNREFUSED' }
    session.start()
    await settle()
    expect(session.phase.note).toBe('reconnectingServer')
  })

  it('hangs up completely: leaves the room, closes the connection, stops local tracks, and leaves no listener', async () => {
    const { bridge, factory, session, localStream, phases } = setup()
    session.start()
    expect(bridge.listenerCount()).toBe(8)
    bridge.joined(ROOM, ME, [OTHER], ICE)
    await settle()
    const pc = factory.latest()
    pc.simulateConnectionState('connected')
    expect(pc.listenerCount()).toBeGreaterThan(0)

    await session.hangUp()

    expect(bridge.callsOf('leaveRoom')).toHaveLength(1)
    expect(pc.closed).toBe(true)
    expect(pc.listenerCount()).toBe(0)
    expect(bridge.listenerCount()).toBe(0)
    expect(localStream!.getTracks().every((track) => track.stopped)).toBe(true)
    expect(phases.at(-1)).toEqual({ name: 'ended', note: 'ended' })

    // Nothing that arrives later has any effect.
    const sentBefore = bridge.calls.length
    await session.hangUp()
    bridge.peerJoined(STRANGER)
    expect(bridge.calls.length).toBe(sentBefore)
    expect(session.phase.name).toBe('ended')
  })

  it('hangs up cleanly while still joining', async () => {
    const { bridge, session, factory } = setup({ localStream: null })
    session.start()
    await session.hangUp()
    expect(bridge.callsOf('leaveRoom')).toHaveLength(1)
    expect(bridge.listenerCount()).toBe(0)
    expect(factory.made).toHaveLength(0)
  })
})
