import { describe, expect, it } from 'vitest'
import { MediaErrorCode } from '../../../src/renderer/src/call/media'
import { FakeMediaDevices, mediaError, threeCameraMachine } from '../../support/fake-media'
import { settle } from '../../support/signaling-relay'
import { setupLocalMedia } from './support/local-media-setup'

const NO_DEVICE = { camera: null, microphone: null } as const

describe('LocalMedia: opening', () => {
  it('asks the OS for camera and microphone access before the first capture', async () => {
    const { media, machine, bridge } = setupLocalMedia()
    await media.open(NO_DEVICE)
    expect(bridge.callsOf('requestMediaAccess')).toEqual([{ method: 'requestMediaAccess', kinds: ['microphone', 'camera'] }])
    expect(machine.requests).toHaveLength(1)
    expect(media.status).toBe('ready')
  })

  it('opens the remembered devices, without failing if they are gone (ideal, not exact)', async () => {
    const { media, machine } = setupLocalMedia()
    await media.open({ camera: 'cam-usb', microphone: 'mic-usb' })
    expect(machine.requests[0]).toEqual({ audio: { deviceId: { ideal: 'mic-usb' } }, video: { deviceId: { ideal: 'cam-usb' } } })
    expect(media.deviceIds()).toEqual({ camera: 'cam-usb', microphone: 'mic-usb' })

    const { media: other } = setupLocalMedia()
    await other.open({ camera: 'cam-unplugged', microphone: null })
    expect(other.failures).toEqual([])
    expect(other.deviceIds()).toEqual({ camera: 'cam-facetime', microphone: 'default' })
  })

  it('does not try the camera when the OS denied it, and says it was denied', async () => {
    const { media, machine } = setupLocalMedia({ access: { camera: 'denied', microphone: 'granted' } })
    const stream = await media.open({ camera: 'cam-usb', microphone: null })
    expect(machine.requests).toEqual([{ audio: true, video: false }])
    expect(stream?.getTracks().map((track) => track.kind)).toEqual(['audio'])
    expect(media.failures).toEqual([{ kind: 'video', code: MediaErrorCode.PermissionDenied, errorName: 'media-access:denied', deviceId: 'cam-usb' }])
  })

  it('joins receive-only without asking at all when the OS restricts both', async () => {
    const { media, machine } = setupLocalMedia({ access: { camera: 'restricted', microphone: 'denied' } })
    expect(await media.open(NO_DEVICE)).toBeNull()
    expect(machine.requests).toEqual([])
    expect(media.failures.map((failure) => failure.kind).sort()).toEqual(['audio', 'video'])
    expect(media.status).toBe('ready')
  })

  it('goes ahead when the OS answer cannot be had (getUserMedia will say if access is missing)', async () => {
    const { media, bridge, errors } = setupLocalMedia()
    bridge.mediaAccess = async () => {
      throw new Error('IPC_ERR_HANDLER: boom')
    }
    expect(await media.open(NO_DEVICE)).not.toBeNull()
    expect(errors).toHaveLength(1)
  })

  it('opens once, however often it is asked', async () => {
    const { media, machine } = setupLocalMedia()
    const [a, b] = await Promise.all([media.open(NO_DEVICE), media.open({ camera: 'cam-usb', microphone: null })])
    expect(a).toBe(b)
    expect(machine.requests).toHaveLength(1)
  })

  it('does not capture at all when released while the OS was being asked', async () => {
    const { media, machine } = setupLocalMedia()
    const opening = media.open(NO_DEVICE)
    media.release()
    expect(await opening).toBeNull()
    expect(machine.requests).toEqual([])
    expect(media.status).toBe('off')
  })

  it('stops what arrives after it was released', async () => {
    const { media, machine, held } = setupLocalMedia({ holdCaptures: true })
    const opening = media.open(NO_DEVICE)
    await settle()
    expect(held).toHaveLength(1)
    media.release()
    held.shift()!()
    expect(await opening).toBeNull()
    expect(machine.opened.map((track) => track.kind)).toEqual(['audio', 'video'])
    expect(machine.opened.every((track) => track.stopped)).toBe(true)
    expect(media.stream).toBeNull()
    expect(media.status).toBe('off')
  })
})

describe('LocalMedia: switching before a call', () => {
  it('re-opens just that kind on exactly the chosen device, stops the old track and swaps it in the same stream', async () => {
    const { media, machine, replaced } = setupLocalMedia()
    const stream = await media.open(NO_DEVICE)
    const oldCamera = stream!.getVideoTracks()[0]!
    const microphone = stream!.getAudioTracks()[0]!

    expect(await media.useDevice('camera', 'cam-desk')).toEqual({ status: 'applied' })

    expect(machine.requests.at(-1)).toEqual({ audio: false, video: { deviceId: { exact: 'cam-desk' } } })
    expect(oldCamera.stopped).toBe(true)
    expect(media.stream).toBe(stream)
    expect(stream!.getTracks()).toEqual([microphone, replaced[0]![1]])
    expect(media.deviceIds().camera).toBe('cam-desk')
    expect(microphone.stopped).toBe(false)
  })

  it('keeps the camera off and the microphone muted on the new track', async () => {
    const { media } = setupLocalMedia()
    await media.open(NO_DEVICE)
    media.setEnabled('video', false)
    media.setEnabled('audio', false)
    await media.useDevice('camera', 'cam-usb')
    await media.useDevice('microphone', 'mic-usb')
    expect(media.track('video')?.enabled).toBe(false)
    expect(media.track('audio')?.enabled).toBe(false)
  })

  it('does nothing when the chosen device is the one in use', async () => {
    const { media, machine } = setupLocalMedia()
    await media.open(NO_DEVICE)
    expect(await media.useDevice('camera', 'cam-facetime')).toEqual({ status: 'applied' })
    expect(machine.requests).toHaveLength(1)
  })

  it('only remembers a choice made before the devices are opened; opening uses it', async () => {
    const { media, machine } = setupLocalMedia()
    expect(await media.useDevice('camera', 'cam-usb')).toEqual({ status: 'applied' })
    expect(machine.requests).toEqual([])
  })

  it('keeps the old device and says why when the new one cannot be started', async () => {
    const machine = new FakeMediaDevices(threeCameraMachine().map((d) => (d.deviceId === 'cam-usb' ? { ...d, error: mediaError('NotReadableError') } : d)))
    const { media } = setupLocalMedia({ machine })
    const stream = await media.open(NO_DEVICE)
    const oldCamera = stream!.getVideoTracks()[0]!
    expect(await media.useDevice('camera', 'cam-usb')).toEqual({ status: 'failed', code: MediaErrorCode.DeviceBusy })
    expect(oldCamera.stopped).toBe(false)
    expect(media.track('video')).toBe(oldCamera)
  })

  it('fails with "overconstrained" for a device that is no longer there, rather than opening another', async () => {
    const { media } = setupLocalMedia()
    await media.open(NO_DEVICE)
    expect(await media.useDevice('camera', 'cam-gone')).toEqual({ status: 'failed', code: MediaErrorCode.Overconstrained })
    expect(media.deviceIds().camera).toBe('cam-facetime')
  })

  it('carries out only the latest of several quick choices, after the one already under way', async () => {
    const { media, machine, held } = setupLocalMedia({ holdCaptures: true })
    const opening = media.open(NO_DEVICE)
    await settle()
    held.shift()!()
    await opening
    const first = media.useDevice('camera', 'cam-usb')
    await settle()
    expect(held).toHaveLength(1)
    const skipped = media.useDevice('camera', 'cam-facetime')
    const last = media.useDevice('camera', 'cam-desk')
    held.shift()!()
    expect(await first).toEqual({ status: 'applied' })
    expect(await skipped).toEqual({ status: 'superseded' })
    await settle()
    held.shift()!()
    expect(await last).toEqual({ status: 'applied' })
    expect(media.deviceIds().camera).toBe('cam-desk')
    expect(machine.requests.map((request) => request.video)).toEqual([true, { deviceId: { exact: 'cam-usb' } }, { deviceId: { exact: 'cam-desk' } }])
    expect(machine.opened.filter((track) => track.kind === 'video' && !track.stopped)).toHaveLength(1)
  })

  it('stops a new track that arrives after the devices were released', async () => {
    const { media, machine, held } = setupLocalMedia({ holdCaptures: true })
    const opening = media.open(NO_DEVICE)
    await settle()
    held.shift()!()
    await opening
    const switching = media.useDevice('camera', 'cam-usb')
    await settle()
    media.release()
    held.shift()!()
    expect(await switching).toEqual({ status: 'superseded' })
    expect(machine.opened).toHaveLength(3)
    expect(machine.opened.every((track) => track.stopped)).toBe(true)
  })

  it('adds a camera chosen after the camera could not be opened, and the failure goes away', async () => {
    const machine = new FakeMediaDevices(threeCameraMachine().map((d) => (d.deviceId === 'cam-facetime' ? { ...d, error: mediaError('NotReadableError') } : d)))
    const { media } = setupLocalMedia({ machine })
    const stream = await media.open(NO_DEVICE)
    expect(media.failures.map((failure) => failure.code)).toEqual([MediaErrorCode.DeviceBusy])
    expect(await media.useDevice('camera', 'cam-usb')).toEqual({ status: 'applied' })
    expect(media.stream).toBe(stream)
    expect(stream!.getTracks().map((track) => track.kind)).toEqual(['audio', 'video'])
    expect(media.failures).toEqual([])
  })

  it('starts a stream with a device chosen before a call when none could be opened', async () => {
    const { media } = setupLocalMedia({ access: { camera: 'denied', microphone: 'denied' } })
    expect(await media.open(NO_DEVICE)).toBeNull()
    expect(await media.useDevice('camera', 'cam-usb')).toEqual({ status: 'applied' })
    expect(media.stream?.getTracks().map((track) => track.kind)).toEqual(['video'])
    expect(media.failures.map((failure) => failure.kind)).toEqual(['audio'])
  })
})

describe('LocalMedia: a device that stops by itself', () => {
  it('reports the kind whose track ended, and not for tracks it stopped itself', async () => {
    const { media, machine, ended } = setupLocalMedia()
    await media.open(NO_DEVICE)
    await media.useDevice('camera', 'cam-usb')
    expect(ended).toEqual([])
    machine.unplug('cam-usb')
    expect(ended).toEqual(['camera'])
  })

  it('stops listening to a track once it is replaced or released', async () => {
    const { media } = setupLocalMedia()
    const stream = await media.open(NO_DEVICE)
    const first = stream!.getVideoTracks()[0]!
    await media.useDevice('camera', 'cam-usb')
    expect(first.endedListenerCount).toBe(0)
    const second = media.track('video')!
    media.release()
    expect(second.endedListenerCount).toBe(0)
  })

  it('lets go of a kind when no device of it is left, and reports it missing', async () => {
    const { media, machine } = setupLocalMedia()
    const stream = await media.open(NO_DEVICE)
    const camera = stream!.getVideoTracks()[0]!
    machine.unplug('cam-facetime')
    expect(await media.useDevice('camera', null)).toEqual({ status: 'applied' })
    expect(stream!.getVideoTracks()).toEqual([])
    expect(camera.stopped).toBe(true)
    expect(media.failures).toMatchObject([{ kind: 'video', code: MediaErrorCode.NotFound }])
  })
})
