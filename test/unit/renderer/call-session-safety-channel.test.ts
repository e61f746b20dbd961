import { describe, expect, it } from 'vitest'
import { CallSession } from '../../../src/renderer/src/call/call-session'
import { CHAT_CHANNEL } from '../../../src/renderer/src/call/chat-channel'
import type { DataChannelLike } from '../../../src/renderer/src/call/rtc-types'
import { SAFETY_CHANNEL } from '../../../src/renderer/src/call/safety-channel'
import type { PeerId, SessionDescription } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import { FakeBridge } from '../../support/fake-bridge'
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
  const reported: DataChannelLike[] = []
  const session = new CallSession<FakeMediaStream>({
    bridge,
    createPeerConnection: factory.create,
    localStream: FakeMediaStream.of('audio', 'video'),
    room: ROOM,
    onSafetyChannel: (channel) => reported.push(channel),
    onError: () => {},
  })
  session.start()
  return { bridge, factory, reported, session }
}

async function offerFrom(): Promise<SessionDescription> {
  const remote = new FakePeerConnection(undefined, 'remote')
  remote.createDataChannel(CHAT_CHANNEL.label, { negotiated: true, id: CHAT_CHANNEL.id })
  remote.addTransceiver('audio', { direction: 'recvonly' })
  await remote.setLocalDescription()
  return { type: 'offer', sdp: remote.localDescription!.sdp }
}

const safetyChannelsOf = (pc: FakePeerConnection) => pc.dataChannels.filter((channel) => channel.label === SAFETY_CHANNEL.label)

describe('the call session’s safety channel', () => {
  it('as the newcomer, makes one pre-negotiated channel (id 2) with the connection and hands it over once', async () => {
    const { bridge, factory, reported } = setup()
    bridge.joined(ROOM, ME, [OTHER])
    await settle()
    const channels = safetyChannelsOf(factory.latest())
    expect(channels.map((channel) => channel.init)).toEqual([{ negotiated: true, id: 2 }])
    expect(reported).toEqual(channels)
    expect(bridge.callsOf('sendDescription')).toHaveLength(1)
  })

  it('as the one already in the room, makes it when the offer arrives, and a new connection brings a new one', async () => {
    const { bridge, factory, reported } = setup()
    bridge.joined(ROOM, ME, [])
    bridge.peerJoined(OTHER)
    bridge.description(OTHER, await offerFrom())
    await settle()
    const first = factory.latest()
    expect(reported).toEqual(safetyChannelsOf(first))
    expect(reported).toHaveLength(1)

    bridge.peerLeft(OTHER, 'left')
    bridge.peerJoined(OTHER)
    bridge.description(OTHER, await offerFrom())
    await settle()
    expect(factory.latest()).not.toBe(first)
    expect(reported).toHaveLength(2)
    expect(reported[1]).toBe(safetyChannelsOf(factory.latest())[0])
  })

  it('hands over nothing after the call ended', async () => {
    const { bridge, reported, session } = setup()
    void session.hangUp()
    bridge.joined(ROOM, ME, [OTHER])
    await settle()
    expect(reported).toEqual([])
  })
})
