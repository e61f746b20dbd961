import { describe, expect, it } from 'vitest'
import { CallSession } from '../../../src/renderer/src/call/call-session'
import { CHAT_CHANNEL } from '../../../src/renderer/src/call/chat-channel'
import { PEER_STATE_CHANNEL, type PeerStateChannelEvent } from '../../../src/renderer/src/call/peer-state-channel'
import type { PeerId, SessionDescription } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import { FakeBridge } from '../../support/fake-bridge'
import { connectDataChannels, FakeDataChannel } from '../../support/fake-data-channel'
import { FakeMediaStream } from '../../support/fake-media'
import { FakePeerConnection } from '../../support/fake-peer-connection'
import { settle } from '../../support/signaling-relay'
import { createFakeSendingPeerConnectionFactory } from './support/fake-sending-peer-connection'

const ROOM = generateRoomCode()
const ME = 'aaaaaaaaaaaa' as PeerId
const OTHER = 'bbbbbbbbbbbb' as PeerId

function setup() {
  const bridge = new FakeBridge()
  const factory = createFakeSendingPeerConnectionFactory()
  const events: PeerStateChannelEvent[] = []
  const session = new CallSession<FakeMediaStream>({
    bridge,
    createPeerConnection: factory.create,
    localStream: FakeMediaStream.of('audio', 'video'),
    room: ROOM,
    onPeerState: (event) => events.push(event),
    onError: () => {},
  })
  session.start()
  return { bridge, factory, session, events }
}

function peerStateChannelsOf(pc: FakePeerConnection): FakeDataChannel[] {
  return pc.dataChannels.filter((channel) => channel.label === PEER_STATE_CHANNEL.label)
}

async function offerFrom(): Promise<SessionDescription> {
  const remote = new FakePeerConnection(undefined, 'remote')
  remote.createDataChannel(CHAT_CHANNEL.label, { negotiated: true, id: CHAT_CHANNEL.id })
  remote.addTransceiver('audio', { direction: 'recvonly' })
  remote.addTransceiver('video', { direction: 'recvonly' })
  await remote.setLocalDescription()
  return { type: 'offer', sdp: remote.localDescription!.sdp }
}

describe('the call session’s peer-state channel', () => {
  it('reads the level of the sound that arrives from the audio receiver’s stats alone, not the whole connection’s', async () => {
    const { bridge, factory, session } = setup()
    expect(session.getReceivedAudioStats()).toBeNull()
    bridge.joined(ROOM, ME, [OTHER])
    await settle()
    await session.getReceivedAudioStats()
    expect(factory.latest().statsSelectors).toEqual([expect.objectContaining({ kind: 'audio' })])
  })

  it('as the newcomer, makes it pre-negotiated with id 1, next to the chat’s id 0, in the first offer', async () => {
    const { bridge, factory, events } = setup()
    bridge.joined(ROOM, ME, [OTHER])
    await settle()
    const pc = factory.latest()
    expect(peerStateChannelsOf(pc).map((channel) => channel.init)).toEqual([{ negotiated: true, id: 1 }])
    expect(pc.dataChannels.find((channel) => channel.label === 'chat')?.init.id).toBe(0)
    expect(bridge.callsOf('sendDescription')).toHaveLength(1)
    expect(events).toEqual([{ type: 'peer-state-connecting' }])
  })

  it('as the one already in the room, makes the same channel when the offer arrives', async () => {
    const { bridge, factory } = setup()
    bridge.joined(ROOM, ME, [])
    bridge.peerJoined(OTHER)
    bridge.description(OTHER, await offerFrom())
    await settle()
    expect(peerStateChannelsOf(factory.latest()).map((channel) => channel.init)).toEqual([{ negotiated: true, id: 1 }])
  })

  it('reports it opening and the frames that arrive, and sends only while it is open', async () => {
    const { bridge, factory, session, events } = setup()
    bridge.joined(ROOM, ME, [OTHER])
    await settle()
    expect(session.sendPeerState('{"v":1}')).toBe(false)
    const ours = peerStateChannelsOf(factory.latest())[0]!
    const theirs = new FakeDataChannel(PEER_STATE_CHANNEL.label, { negotiated: true, id: PEER_STATE_CHANNEL.id })
    connectDataChannels(ours, theirs)
    expect(session.sendPeerState('{"v":1}')).toBe(true)
    expect(ours.sent).toEqual(['{"v":1}'])
    theirs.send('their state')
    await settle()
    expect(events).toEqual([{ type: 'peer-state-connecting' }, { type: 'peer-state-open' }, { type: 'peer-state-frame', data: 'their state' }])
  })

  it('says it closed and leaves no listener when the other person leaves or the call ends', async () => {
    const { bridge, factory, session, events } = setup()
    bridge.joined(ROOM, ME, [OTHER])
    await settle()
    const ours = peerStateChannelsOf(factory.latest())[0]!
    events.length = 0
    bridge.peerLeft(OTHER, 'left')
    expect(events).toEqual([{ type: 'peer-state-closed' }])
    expect([ours.readyState, ours.listenerCount()]).toEqual(['closed', 0])
    expect(session.sendPeerState('{}')).toBe(false)
    await session.hangUp()
  })
})
