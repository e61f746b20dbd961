/**
 * The call's tuning for bad networks: per-sender settings (sender-tuning.ts) as pure choices, and the whole of it
 * on a real `CallSession` over the fake peer connection: RED first before the offer or answer is made, every
 * sender tuned when the media goes on, again when a screen replaces the camera, and the description sent (not
 * the one set locally) carrying what this side asks for.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CallSession } from '../../../src/renderer/src/call/call-session'
import { LOW_DATA_BUDGET, NORMAL_BUDGET } from '../../../src/renderer/src/call/media-budget'
import { Negotiation } from '../../../src/renderer/src/call/negotiation'
import type { CodecLike, RtpSendParametersLike } from '../../../src/renderer/src/call/rtc-types'
import { senderSettings, sourceOf, tuneSender } from '../../../src/renderer/src/call/sender-tuning'
import type { PeerId, SessionDescription, SignalData } from '../../../src/shared/protocol'
import { parseRoomCode, type RoomCode } from '../../../src/shared/room-code'
import { FakeBridge } from '../../support/fake-bridge'
import { FakeMediaStream, FakeTrack } from '../../support/fake-media'
import { FakePeerConnection } from '../../support/fake-peer-connection'
import { settle } from '../../support/signaling-relay'
import { createFakeSendingPeerConnectionFactory, type FakeSender } from './support/fake-sending-peer-connection'

const CHROMIUM_AUDIO_CODECS = (
  JSON.parse(readFileSync(resolve(__dirname, 'fixtures/chromium-sdp.json'), 'utf8')) as { audioReceiverCodecs: CodecLike[] }
).audioReceiverCodecs
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

/** A track as getDisplayMedia gives it: its settings name the captured surface. */
class FakeScreenTrack extends FakeTrack {
  constructor() {
    super('video', { label: 'screen:0' })
  }
  override getSettings(): { deviceId?: string; displaySurface: string; height: number } {
    return { displaySurface: 'monitor', height: 1080 }
  }
}

/** A camera track of a given height. */
class FakeCameraTrack extends FakeTrack {
  constructor(readonly height: number) {
    super('video', { deviceId: 'cam' })
  }
  override getSettings(): { deviceId?: string; height: number } {
    return { deviceId: 'cam', height: this.height }
  }
}

function lastSet(sender: FakeSender | undefined): RtpSendParametersLike | undefined {
  return sender?.parametersSet.at(-1)
}

function setup(options: { lowData?: boolean; audioCodecs?: CodecLike[] | null; video?: FakeTrack } = {}) {
  const bridge = new FakeBridge()
  const factory = createFakeSendingPeerConnectionFactory()
  const localStream = FakeMediaStream.of('audio')
  localStream.addTrack(options.video ?? new FakeCameraTrack(720))
  const errors: unknown[] = []
  const session = new CallSession<FakeMediaStream>({
    bridge,
    createPeerConnection: factory.create,
    localStream,
    room: ROOM,
    lowData: options.lowData ?? false,
    audioCodecs: () => (options.audioCodecs === undefined ? CHROMIUM_AUDIO_CODECS : options.audioCodecs),
    onError: (error) => errors.push(error),
  })
  return { bridge, factory, session, errors }
}

async function newcomerCall(options: Parameters<typeof setup>[0] = {}) {
  const context = setup(options)
  context.session.start()
  context.bridge.joined(ROOM, ME, [OTHER], [])
  await settle()
  const pc = context.factory.latest()
  const sender = (kind: string) => pc.getSenders().find((candidate) => candidate.transceiver.kind === kind)
  return { ...context, pc, sender }
}

describe('senderSettings', () => {
  it('keeps the camera fluid and the screen sharp when bits run short, and leaves the microphone to Chromium', () => {
    expect(senderSettings('camera', { lowData: false })).toEqual({ maxBitrate: NORMAL_BUDGET.cameraBps, degradationPreference: 'maintain-framerate' })
    expect(senderSettings('screen', { lowData: false })).toEqual({ maxBitrate: NORMAL_BUDGET.screenBps, degradationPreference: 'maintain-resolution' })
    expect(senderSettings('microphone', { lowData: false })).toBeNull()
    expect(senderSettings('microphone', { lowData: true })).toEqual({ maxBitrate: LOW_DATA_BUDGET.audioBps })
  })

  it('with Low data, scales a 720p camera down to 360p at 15 frames a second within its ceiling', () => {
    expect(senderSettings('camera', { lowData: true, height: 720 })).toEqual({
      maxBitrate: LOW_DATA_BUDGET.cameraBps,
      maxFramerate: 15,
      scaleResolutionDownBy: 2,
      degradationPreference: 'maintain-framerate',
    })
    // Already small enough: not scaled up, and not scaled when the height is not known.
    expect(senderSettings('camera', { lowData: true, height: 240 })?.scaleResolutionDownBy).toBeUndefined()
    expect(senderSettings('camera', { lowData: true })?.scaleResolutionDownBy).toBeUndefined()
  })

  it('keeps the whole of Low data under its 300 kbit/s promise with room for headers', () => {
    const media = LOW_DATA_BUDGET.cameraBps + 2 * LOW_DATA_BUDGET.audioBps // RED doubles the audio
    expect(media).toBeLessThanOrEqual(0.7 * 300_000)
  })
})

describe('sourceOf', () => {
  it('tells a shared screen from a camera by the surface it captures', () => {
    expect(sourceOf(new FakeScreenTrack())).toBe('screen')
    expect(sourceOf(new FakeCameraTrack(480))).toBe('camera')
    expect(sourceOf(new FakeTrack('audio'))).toBe('microphone')
  })
})

describe('tuneSender', () => {
  it('drops the camera-only ceilings when a screen goes on the sender, and keeps what it does not set', async () => {
    let parameters: RtpSendParametersLike = { encodings: [{ active: true, maxFramerate: 15, scaleResolutionDownBy: 2 }] }
    let track: FakeTrack = new FakeScreenTrack()
    const sender = {
      get track() {
        return track
      },
      replaceTrack: async () => undefined,
      getParameters: () => structuredClone(parameters),
      setParameters: async (next: RtpSendParametersLike) => void (parameters = next),
    }
    await tuneSender(sender, { lowData: false })
    expect(parameters).toEqual({
      encodings: [{ active: true, maxBitrate: NORMAL_BUDGET.screenBps }],
      degradationPreference: 'maintain-resolution',
    })
    track = new FakeCameraTrack(720)
    await tuneSender(sender, { lowData: true })
    expect(parameters.encodings[0]).toMatchObject({ maxBitrate: LOW_DATA_BUDGET.cameraBps, maxFramerate: 15, scaleResolutionDownBy: 2 })
    expect(parameters.degradationPreference).toBe('maintain-framerate')
  })

  it('does nothing where the browser has no encodings yet', async () => {
    const calls: RtpSendParametersLike[] = []
    const sender = {
      track: new FakeCameraTrack(480),
      replaceTrack: async () => undefined,
      getParameters: () => ({ encodings: [] }),
      setParameters: async (next: RtpSendParametersLike) => void calls.push(next),
    }
    await tuneSender(sender, { lowData: false })
    expect(calls).toEqual([])
  })
})

describe('a call tuned for bad networks', () => {
  it('as the newcomer, puts audio RED first before its offer is made, on the audio transceiver only', async () => {
    const { pc, bridge } = await newcomerCall()
    const [audio, video] = pc.getTransceivers()
    expect(audio?.codecPreferences?.[0]).toMatchObject({ mimeType: 'audio/red', clockRate: 48_000 })
    expect(audio?.historyWhenPreferred).not.toContain('SLD offer')
    expect(pc.history).toContain('SLD offer')
    expect(video?.codecPreferences).toBeNull()
    expect(bridge.callsOf('sendDescription')).toHaveLength(1)
  })

  it('as the one already in the room, puts RED first after the offer arrives and before it answers', async () => {
    const { bridge, factory, session } = setup()
    session.start()
    bridge.joined(ROOM, ME, [], [])
    bridge.peerJoined(OTHER)
    const remote = new FakePeerConnection(undefined, 'remote')
    remote.addTrack(new FakeTrack('audio'), FakeMediaStream.of())
    await remote.setLocalDescription()
    bridge.description(OTHER, { type: 'offer', sdp: remote.localDescription!.sdp })
    await settle()
    const pc = factory.latest()
    const audio = pc.getTransceivers().find((transceiver) => transceiver.transceiver.kind === 'audio')
    expect(audio?.codecPreferences?.[0]?.mimeType).toBe('audio/red')
    expect(audio?.historyWhenPreferred).toContain('SRD offer')
    expect(audio?.historyWhenPreferred).not.toContain('SLD answer')
    expect(pc.history).toContain('SLD answer')
  })

  it('leaves the codec order alone where the browser offers no RED', async () => {
    const { pc } = await newcomerCall({ audioCodecs: CHROMIUM_AUDIO_CODECS.filter((codec) => codec.mimeType !== 'audio/red') })
    expect(pc.getTransceivers().map((transceiver) => transceiver.codecPreferences)).toEqual([null, null])
  })

  it('gives the camera its ceiling and what gives way first as soon as the media is on the connection, and leaves the microphone alone', async () => {
    const { sender } = await newcomerCall()
    expect(sender('audio')?.parametersSet).toEqual([])
    expect(lastSet(sender('video'))).toEqual({
      encodings: [{ active: true, maxBitrate: NORMAL_BUDGET.cameraBps }],
      degradationPreference: 'maintain-framerate',
    })
  })

  it('with Low data, holds the camera to 360p, 15 frames a second and its small ceiling', async () => {
    const { sender } = await newcomerCall({ lowData: true })
    expect(lastSet(sender('audio'))?.encodings[0]?.maxBitrate).toBe(LOW_DATA_BUDGET.audioBps)
    expect(lastSet(sender('video'))?.encodings[0]).toMatchObject({ maxBitrate: LOW_DATA_BUDGET.cameraBps, maxFramerate: 15, scaleResolutionDownBy: 2 })
  })

  it('re-tunes the video sender for a screen put in place of the camera, and for the camera when it comes back', async () => {
    const { session, sender } = await newcomerCall()
    expect(await session.replaceLocalTrack('video', new FakeScreenTrack())).toBe('replaced')
    expect(lastSet(sender('video'))?.degradationPreference).toBe('maintain-resolution')
    expect(lastSet(sender('video'))?.encodings[0]?.maxBitrate).toBe(NORMAL_BUDGET.screenBps)
    await session.replaceLocalTrack('video', new FakeCameraTrack(720))
    expect(lastSet(sender('video'))?.degradationPreference).toBe('maintain-framerate')
  })

  it('reports a browser that refuses the codec order and still makes the call', async () => {
    const bridge = new FakeBridge()
    const factory = createFakeSendingPeerConnectionFactory()
    const errors: unknown[] = []
    const refusal = new Error('InvalidModificationError')
    const session = new CallSession<FakeMediaStream>({
      bridge,
      createPeerConnection: (config) => {
        const pc = factory.create(config)
        const transceivers = pc.getTransceivers.bind(pc)
        pc.getTransceivers = () =>
          transceivers().map((transceiver) =>
            Object.assign(transceiver, {
              setCodecPreferences: () => {
                throw refusal
              },
            }),
          )
        return pc
      },
      localStream: FakeMediaStream.of('audio', 'video'),
      room: ROOM,
      audioCodecs: () => CHROMIUM_AUDIO_CODECS,
      onError: (error) => errors.push(error),
    })
    session.start()
    bridge.joined(ROOM, ME, [OTHER], [])
    await settle()
    expect(errors).toEqual([refusal])
    expect(bridge.callsOf('sendDescription')).toHaveLength(1)
  })
})

describe('Negotiation outgoingSdp', () => {
  it('sends the tuned text and keeps the local description as the browser made it', async () => {
    const pc = new FakePeerConnection(undefined, 'tuned')
    const sent: SignalData[] = []
    const negotiation = new Negotiation<FakeMediaStream>({
      pc,
      polite: false,
      send: (data) => sent.push(data),
      onError: (error) => {
        throw error
      },
      outgoingSdp: (sdp) => `${sdp}\n`,
    })
    pc.addTrack(new FakeTrack('audio'), FakeMediaStream.of())
    await settle()
    const description = sent.find((data) => data.kind === 'description')?.description as SessionDescription
    expect(description.sdp).toBe(`${pc.localDescription!.sdp}\n`)
    negotiation.dispose()
  })
})
