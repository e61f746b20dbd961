/**
 * Switching the camera or microphone in a call: `LocalMedia` and a real `CallSession` over the fake peer
 * connection. A switch must put the new track on the existing sender (`replaceTrack`), stop the old track,
 * and never add a track or transceiver, so that no offer is made.
 */
import { describe, expect, it } from 'vitest'
import { CallSession } from '../../../src/renderer/src/call/call-session'
import type { PeerId, SessionDescription } from '../../../src/shared/protocol'
import { parseRoomCode, type RoomCode } from '../../../src/shared/room-code'
import { FakeBridge } from '../../support/fake-bridge'
import { FakeMediaDevices, threeCameraMachine, type FakeMediaStream } from '../../support/fake-media'
import { FakePeerConnection } from '../../support/fake-peer-connection'
import { settle } from '../../support/signaling-relay'
import { setupLocalMedia } from './support/local-media-setup'
import { createFakeSendingPeerConnectionFactory } from './support/fake-sending-peer-connection'

const ME = 'aaaaaaaaaaaa' as PeerId
const OTHER = 'bbbbbbbbbbbb' as PeerId
const ROOM = roomCode('7KD93QFX2')

function roomCode(body: string): RoomCode {
  for (const char of '0123456789ABCDEFGHJKMNPQRSTVWXYZ') {
    const result = parseRoomCode(body + char)
    if (result.ok) return result.code
  }
  throw new Error('no check character')
}

/** The other side's answer to `offer`, from a fake connection of its own that sends nothing. */
async function answerTo(offer: SessionDescription): Promise<SessionDescription> {
  const remote = new FakePeerConnection(undefined, 'remote')
  await remote.setRemoteDescription(offer)
  await remote.setLocalDescription()
  return { type: 'answer', sdp: remote.localDescription!.sdp }
}

/** Local media opened as `access` allows, then a call in which this side is the newcomer and is connected. */
async function connectedCall(options: Parameters<typeof setupLocalMedia>[0] = {}) {
  const local = setupLocalMedia(options)
  const stream = await local.media.open({ camera: null, microphone: null })
  const bridge = new FakeBridge()
  const factory = createFakeSendingPeerConnectionFactory()
  const session = new CallSession<FakeMediaStream>({ bridge, createPeerConnection: factory.create, localStream: stream, room: ROOM })
  local.setReplacement((kind, track) => session.replaceLocalTrack(kind, track))
  session.start()
  bridge.joined(ROOM, ME, [OTHER], [])
  await settle()
  const [offer] = bridge.callsOf('sendDescription')
  bridge.description(OTHER, await answerTo(offer!.description))
  await settle()
  const pc = factory.latest()
  expect(pc.signalingState).toBe('stable')
  return { ...local, stream, bridge, factory, session, pc }
}

describe('switching devices in a call', () => {
  it('sends the chosen camera on the same sender, stops the old one, and makes no new offer', async () => {
    const { media, stream, bridge, pc } = await connectedCall()
    const oldCamera = stream!.getVideoTracks()[0]!
    const videoSender = pc.getSenders().find((sender) => sender.track?.kind === 'video')!
    const historyBefore = pc.history.length
    const descriptionsBefore = bridge.callsOf('sendDescription').length

    expect(await media.useDevice('camera', 'cam-usb')).toEqual({ status: 'applied' })
    await settle()

    const newCamera = media.track('video')!
    expect(newCamera).not.toBe(oldCamera)
    expect(newCamera.getSettings().deviceId).toBe('cam-usb')
    expect(videoSender.replacedWith).toEqual([newCamera])
    expect(videoSender.track).toBe(newCamera)
    expect(oldCamera.stopped).toBe(true)
    expect(stream!.getVideoTracks()).toEqual([newCamera])
    // Nothing but the replace happened on the connection: no addTrack, no addTransceiver, no negotiation.
    expect(pc.history.slice(historyBefore)).toEqual(['replaceTrack video'])
    expect(pc.transceivers).toHaveLength(2)
    expect(pc.signalingState).toBe('stable')
    expect(bridge.callsOf('sendDescription')).toHaveLength(descriptionsBefore)
  })

  it('switches the microphone the same way and keeps it muted', async () => {
    const { media, pc } = await connectedCall()
    media.setEnabled('audio', false)
    const historyBefore = pc.history.length
    await media.useDevice('microphone', 'mic-usb')
    await settle()
    const audioSender = pc.getSenders().find((sender) => sender.transceiver.kind === 'audio')!
    expect(audioSender.track?.getSettings().deviceId).toBe('mic-usb')
    expect(audioSender.track?.enabled).toBe(false)
    expect(pc.history.slice(historyBefore)).toEqual(['replaceTrack audio'])
  })

  it('keeps sending the old camera when the new one cannot be started', async () => {
    const { media, machine, pc } = await connectedCall()
    machine.kindErrors.video = Object.assign(new Error('busy'), { name: 'NotReadableError' })
    const oldCamera = media.track('video')!
    expect(await media.useDevice('camera', 'cam-usb')).toMatchObject({ status: 'failed' })
    expect(pc.getSenders().find((sender) => sender.transceiver.kind === 'video')!.track).toBe(oldCamera)
    expect(oldCamera.stopped).toBe(false)
  })

  it('replaces an unplugged camera on its sender, which still holds the ended track', async () => {
    const { media, machine, pc, ended } = await connectedCall()
    machine.unplug('cam-facetime')
    expect(ended).toEqual(['camera'])
    const historyBefore = pc.history.length
    expect(await media.useDevice('camera', 'cam-usb')).toEqual({ status: 'applied' })
    expect(pc.getSenders().find((sender) => sender.transceiver.kind === 'video')!.track?.getSettings().deviceId).toBe('cam-usb')
    expect(pc.history.slice(historyBefore)).toEqual(['replaceTrack video'])
  })

  it('brings a camera back after there was none left, on the same sender', async () => {
    const { media, machine, pc } = await connectedCall()
    machine.unplug('cam-facetime')
    await media.useDevice('camera', null)
    expect(media.track('video')).toBeNull()
    expect(await media.useDevice('camera', 'cam-desk')).toEqual({ status: 'applied' })
    expect(media.track('video')?.getSettings().deviceId).toBe('cam-desk')
    expect(pc.getSenders().find((sender) => sender.transceiver.kind === 'video')!.track).toBe(media.track('video'))
    expect(pc.transceivers).toHaveLength(2)
  })

  it('does not add a camera to a call that started without one: that would need a new offer', async () => {
    const { media, bridge, pc, machine } = await connectedCall({ access: { camera: 'denied', microphone: 'granted' } })
    const descriptionsBefore = bridge.callsOf('sendDescription').length
    const historyBefore = pc.history.length
    expect(await media.useDevice('camera', 'cam-usb')).toEqual({ status: 'next-call' })
    await settle()
    expect(machine.opened.filter((track) => track.kind === 'video').every((track) => track.stopped)).toBe(true)
    expect(media.track('video')).toBeNull()
    expect(pc.history.slice(historyBefore)).toEqual([])
    expect(bridge.callsOf('sendDescription')).toHaveLength(descriptionsBefore)
  })

  it('while waiting for the other person, swaps the track so the connection made later carries the new one', async () => {
    const local = setupLocalMedia({ machine: new FakeMediaDevices(threeCameraMachine()) })
    const stream = await local.media.open({ camera: null, microphone: null })
    const bridge = new FakeBridge()
    const factory = createFakeSendingPeerConnectionFactory()
    const session = new CallSession<FakeMediaStream>({ bridge, createPeerConnection: factory.create, localStream: stream, room: ROOM })
    local.setReplacement((kind, track) => session.replaceLocalTrack(kind, track))
    session.start()
    bridge.joined(ROOM, ME, [], [])
    await settle()

    expect(await session.replaceLocalTrack('video', stream!.getVideoTracks()[0]!)).toBe('pending')
    expect(await local.media.useDevice('camera', 'cam-desk')).toEqual({ status: 'applied' })

    // The other person joins and offers; this side (polite) attaches its tracks as they are now.
    bridge.peerJoined(OTHER)
    const remote = new FakePeerConnection(undefined, 'remote')
    remote.addTransceiver('audio', { direction: 'recvonly' })
    remote.addTransceiver('video', { direction: 'recvonly' })
    await remote.setLocalDescription()
    bridge.description(OTHER, { type: 'offer', sdp: remote.localDescription!.sdp })
    await settle()
    const video = factory.latest().getSenders().find((sender) => sender.transceiver.kind === 'video')!
    expect(video.track?.getSettings().deviceId).toBe('cam-desk')
  })

  it('says there is no call once it is over', async () => {
    const { session, stream } = await connectedCall()
    await session.hangUp()
    expect(await session.replaceLocalTrack('video', stream!.getVideoTracks()[0]!)).toBe('no-call')
  })
})
