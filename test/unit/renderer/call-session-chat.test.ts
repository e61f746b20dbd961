import { describe, expect, it } from 'vitest'
import { CallSession } from '../../../src/renderer/src/call/call-session'
import { CHAT_CHANNEL, type ChatChannelEvent } from '../../../src/renderer/src/call/chat-channel'
import type { PeerId, SessionDescription } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import { FakeBridge } from '../../support/fake-bridge'
import { connectDataChannels, FakeDataChannel } from '../../support/fake-data-channel'
import { FakeMediaStream } from '../../support/fake-media'
import { FakePeerConnection, type FakeSdp } from '../../support/fake-peer-connection'
import { settle } from '../../support/signaling-relay'
import { createFakeSendingPeerConnectionFactory } from './support/fake-sending-peer-connection'

const ROOM = generateRoomCode()
const ME = 'aaaaaaaaaaaa' as PeerId
const OTHER = 'bbbbbbbbbbbb' as PeerId
const NEWCOMER = 'cccccccccccc' as PeerId

function setup() {
  const bridge = new FakeBridge()
  const factory = createFakeSendingPeerConnectionFactory()
  const chat: ChatChannelEvent[] = []
  const session = new CallSession<FakeMediaStream>({
    bridge,
    createPeerConnection: factory.create,
    localStream: FakeMediaStream.of('audio', 'video'),
    room: ROOM,
    onChat: (event) => chat.push(event),
    onError: () => {},
  })
  session.start()
  return { bridge, factory, session, chat }
}

/** The other app's side, with its own channel as the app makes it, so the offer carries a data section. */
async function offerFrom(): Promise<{ offer: SessionDescription; theirChannel: FakeDataChannel }> {
  const remote = new FakePeerConnection(undefined, 'remote')
  const theirChannel = remote.createDataChannel(CHAT_CHANNEL.label, { negotiated: true, id: CHAT_CHANNEL.id })
  remote.addTransceiver('audio', { direction: 'recvonly' })
  remote.addTransceiver('video', { direction: 'recvonly' })
  await remote.setLocalDescription()
  return { offer: { type: 'offer', sdp: remote.localDescription!.sdp }, theirChannel }
}

async function answerTo(offer: SessionDescription): Promise<SessionDescription> {
  const remote = new FakePeerConnection(undefined, 'remote')
  await remote.setRemoteDescription(offer)
  await remote.setLocalDescription()
  return { type: 'answer', sdp: remote.localDescription!.sdp }
}

/** The connection's chat channels (it carries others too: peer-state, safety). */
function chatChannelsOf(pc: FakePeerConnection): FakeDataChannel[] {
  return pc.dataChannels.filter((channel) => channel.label === CHAT_CHANNEL.label)
}

function sdpOf(description: { sdp: string }): FakeSdp {
  return JSON.parse(description.sdp) as FakeSdp
}

/** As the newcomer: joined, offered, answered. Returns our channel joined to one standing for theirs. */
async function newcomerCall() {
  const context = setup()
  context.bridge.joined(ROOM, ME, [OTHER])
  await settle()
  context.bridge.description(OTHER, await answerTo(context.bridge.callsOf('sendDescription')[0]!.description))
  await settle()
  const pc = context.factory.latest()
  const ours = chatChannelsOf(pc)[0]!
  const theirs = new FakeDataChannel(CHAT_CHANNEL.label, { negotiated: true, id: CHAT_CHANNEL.id })
  connectDataChannels(ours, theirs)
  return { ...context, pc, ours, theirs }
}

describe('the call session’s chat channel', () => {
  it('as the newcomer, makes one pre-negotiated channel with the connection, carried by its first and only offer', async () => {
    const { bridge, factory } = setup()
    bridge.joined(ROOM, ME, [OTHER])
    await settle()
    const pc = factory.latest()
    expect(chatChannelsOf(pc).map((channel) => [channel.label, channel.init])).toEqual([['chat', { negotiated: true, id: 0 }]])
    const offers = bridge.callsOf('sendDescription')
    expect(offers).toHaveLength(1)
    expect(sdpOf(offers[0]!.description).data).toBe(true)
  })

  it('as the one already in the room, makes the same channel when the offer arrives and only answers', async () => {
    const { bridge, factory, chat } = setup()
    bridge.joined(ROOM, ME, [])
    bridge.peerJoined(OTHER)
    const { offer } = await offerFrom()
    bridge.description(OTHER, offer)
    await settle()
    const pc = factory.latest()
    expect(chatChannelsOf(pc).map((channel) => channel.init)).toEqual([{ negotiated: true, id: 0 }])
    const sent = bridge.callsOf('sendDescription')
    expect(sent.map((call) => call.description.type)).toEqual(['answer'])
    expect(sdpOf(sent[0]!.description).data).toBe(true)
    expect(chat).toEqual([{ type: 'chat-connecting' }])
  })

  it('reports the channel opening, carries frames both ways, and refuses to send before it is open', async () => {
    const { bridge, factory, session, chat } = setup()
    bridge.joined(ROOM, ME, [OTHER])
    await settle()
    expect(session.sendChat('too early')).toBe(false)
    const ours = chatChannelsOf(factory.latest())[0]!
    const theirs = new FakeDataChannel('chat', { negotiated: true, id: 0 })
    connectDataChannels(ours, theirs)
    expect(session.sendChat('{"v":1}')).toBe(true)
    expect(ours.sent).toEqual(['{"v":1}'])
    theirs.send('hello from them')
    await settle()
    expect(chat).toEqual([{ type: 'chat-connecting' }, { type: 'chat-open' }, { type: 'chat-frame', data: 'hello from them' }])
  })

  it('keeps the same channel through an ICE restart', async () => {
    const { pc, session, ours, bridge } = await newcomerCall()
    pc.simulateConnectionState('connected')
    pc.simulateConnectionState('failed')
    await settle()
    expect(pc.history).toContain('restartIce')
    expect(bridge.callsOf('sendDescription')).toHaveLength(2)
    expect(chatChannelsOf(pc)).toEqual([ours])
    expect(session.sendChat('still here')).toBe(true)
  })

  it('says the channel closed when the other person leaves, and a new connection brings a new channel', async () => {
    const { bridge, factory, pc, ours, chat, session } = await newcomerCall()
    chat.length = 0
    bridge.peerLeft(OTHER, 'left')
    expect(chat).toEqual([{ type: 'chat-closed' }])
    expect(ours.readyState).toBe('closed')
    expect(ours.listenerCount()).toBe(0)
    expect(session.sendChat('anyone?')).toBe(false)

    bridge.peerJoined(NEWCOMER)
    const { offer } = await offerFrom()
    bridge.description(NEWCOMER, offer)
    await settle()
    const next = factory.latest()
    expect(next).not.toBe(pc)
    expect(chatChannelsOf(next)).toHaveLength(1)
    expect(chatChannelsOf(next)[0]).not.toBe(ours)
    expect(chat).toEqual([{ type: 'chat-closed' }, { type: 'chat-connecting' }])
  })

  it('says the channel closed when it closes by itself (the association with the other side ended)', async () => {
    const { ours, chat } = await newcomerCall()
    chat.length = 0
    ours.simulateClose()
    expect(chat).toEqual([{ type: 'chat-closed' }])
  })

  it('closes the channel and leaves no listener on hang-up', async () => {
    const { session, ours, chat } = await newcomerCall()
    chat.length = 0
    await session.hangUp()
    expect(ours.readyState).toBe('closed')
    expect(ours.listenerCount()).toBe(0)
    expect(chat).toEqual([{ type: 'chat-closed' }])
    expect(session.sendChat('after')).toBe(false)
  })

  it('reads the statistics of the connection in use, and none without one', async () => {
    const { bridge, factory, session } = setup()
    expect(session.getStats()).toBeNull()
    bridge.joined(ROOM, ME, [OTHER])
    await settle()
    factory.latest().stats = [{ id: 'T01', type: 'transport', timestamp: 1, selectedCandidatePairId: 'CP1' }]
    const seen: string[] = []
    ;(await session.getStats()!).forEach((stat) => seen.push(`${stat.type}:${stat.id}`))
    expect(seen).toEqual(['transport:T01'])
    await session.hangUp()
    expect(session.getStats()).toBeNull()
  })
})
