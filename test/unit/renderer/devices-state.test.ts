import { describe, expect, it } from 'vitest'
import { MediaErrorCode } from '../../../src/renderer/src/call/media'
import { DeviceNoticeCode, type ApplyOutcome } from '../../../src/renderer/src/devices/device-notices'
import { DevicesState } from '../../../src/renderer/src/state/devices.svelte'
import { isDeviceReport, type CaptureKind, type DevicePreferences } from '../../../src/shared/devices'
import { FakeBridge } from '../../support/fake-bridge'
import { FakeMediaDevices, threeCameraMachine, type FakeDevice } from '../../support/fake-media'
import { settle } from '../../support/signaling-relay'

const USB_CAM = { deviceId: 'cam-usb', label: 'USB Camera' }
const HEADSET = { deviceId: 'mic-usb', label: 'USB Headset' }

function setup(options: { preferences?: DevicePreferences; devices?: FakeDevice[]; canChooseSpeaker?: boolean; mediaDevices?: null } = {}) {
  const bridge = new FakeBridge()
  bridge.preferences = options.preferences ?? {}
  const machine = new FakeMediaDevices(options.devices ?? threeCameraMachine())
  const applied: Array<[CaptureKind, string | null]> = []
  const outcomes = new Map<string, ApplyOutcome>()
  const errors: unknown[] = []
  const devices = new DevicesState({
    bridge,
    mediaDevices: options.mediaDevices === null ? null : machine,
    canChooseSpeaker: options.canChooseSpeaker ?? true,
    apply: async (kind, deviceId) => {
      applied.push([kind, deviceId])
      return outcomes.get(`${kind}:${deviceId}`) ?? { status: 'applied' }
    },
    onError: (error) => errors.push(error),
  })
  return { bridge, machine, devices, applied, outcomes, errors }
}

/** Starts, then plays "the camera and microphone were opened" with the devices the tracks came from. */
async function started(
  options: Parameters<typeof setup>[0] = {},
  inUse: Record<CaptureKind, string | null> = { camera: 'cam-facetime', microphone: 'default' },
) {
  const context = setup(options)
  await context.devices.start()
  await context.devices.captured(inUse)
  return context
}

describe('DevicesState: starting', () => {
  it('loads the remembered choices, lists the devices and uses the remembered ones', async () => {
    const { devices, bridge } = setup({ preferences: { camera: USB_CAM, microphone: HEADSET } })
    await devices.start()
    expect(bridge.callsOf('getDevicePreferences')).toHaveLength(1)
    expect(devices.lists.camera.map((device) => device.deviceId)).toEqual(['cam-facetime', 'cam-usb', 'cam-desk'])
    expect(devices.lists.microphone[0]).toEqual({ deviceId: 'default', label: 'System default (Built-in Microphone)' })
    expect(devices.active).toEqual({ camera: 'cam-usb', microphone: 'mic-usb', speaker: 'default' })
    expect(devices.captureDevices()).toEqual({ camera: 'cam-usb', microphone: 'mic-usb' })
  })

  it('reports the lists and the active devices to main, in a shape main accepts', async () => {
    const { devices, bridge } = setup({ preferences: { camera: USB_CAM } })
    await devices.start()
    const [report] = bridge.deviceReports
    expect(isDeviceReport(report)).toBe(true)
    expect(report).toMatchObject({ active: { camera: 'cam-usb', microphone: 'default', speaker: 'default' }, canChooseSpeaker: true })
    expect(report!.cameras).toEqual(devices.lists.camera)
  })

  it('opens with the remembered devices while the browser still hides the list', async () => {
    const { devices } = setup({ preferences: { camera: USB_CAM }, devices: [{ kind: 'videoinput', deviceId: '', label: '' }] })
    await devices.start()
    expect(devices.lists.camera).toEqual([])
    expect(devices.captureDevices()).toEqual({ camera: 'cam-usb', microphone: null })
    expect(devices.listed).toBe(false)
  })

  it('uses the defaults when the remembered choices cannot be loaded', async () => {
    const { devices, bridge, errors } = setup()
    bridge.preferencesError = new Error('IPC_ERR_HANDLER: no settings')
    await devices.start()
    expect(errors).toHaveLength(1)
    expect(devices.active.camera).toBe('cam-facetime')
  })

  it('has nothing to list outside a secure context', async () => {
    const { devices } = setup({ mediaDevices: null })
    await devices.start()
    expect(devices.lists.camera).toEqual([])
    expect(devices.active).toEqual({ camera: null, microphone: null, speaker: null })
  })
})

describe('DevicesState: after the camera and microphone are opened', () => {
  it('lists the devices (now with names) and is ready to show them', async () => {
    const { devices } = await started()
    expect(devices.listed).toBe(true)
    expect(devices.active).toEqual({ camera: 'cam-facetime', microphone: 'default', speaker: 'default' })
  })

  it('finds a remembered device whose id the OS changed by its name, switches to it and remembers the new id', async () => {
    const { devices, applied, bridge } = await started({ preferences: { camera: { deviceId: 'cam-usb-before-update', label: 'USB Camera' } } })
    expect(applied).toEqual([['camera', 'cam-usb']])
    expect(devices.active.camera).toBe('cam-usb')
    expect(bridge.preferences.camera).toEqual(USB_CAM)
    expect(devices.notice).toBeNull()
  })

  it('says which remembered device is not connected, and does not forget it', async () => {
    const { devices, bridge } = await started({ preferences: { camera: { deviceId: 'cam-old', label: 'Old Webcam' } } })
    expect(devices.notice).toEqual({
      code: DeviceNoticeCode.Fallback,
      kind: 'camera',
      message: 'Your camera "Old Webcam" is not connected; using "FaceTime HD Camera".',
    })
    expect(bridge.callsOf('saveDevicePreference')).toEqual([])
  })

  it('says nothing about a kind that could not be opened (the capture warning covers it)', async () => {
    const { devices } = await started({ preferences: { camera: { deviceId: 'cam-old', label: 'Old Webcam' } } }, { camera: null, microphone: 'default' })
    expect(devices.notice).toBeNull()
    expect(devices.active.camera).toBe('cam-facetime')
  })

  it('keeps the device the browser opened when nothing is remembered, even if it is not listed first', async () => {
    const { devices, applied } = await started({}, { camera: 'cam-desk', microphone: 'default' })
    expect(applied).toEqual([])
    expect(devices.active.camera).toBe('cam-desk')
  })

  it('names the device actually in use when the remembered one is missing', async () => {
    const { devices } = await started({ preferences: { camera: { deviceId: 'cam-old', label: 'Old Webcam' } } }, { camera: 'cam-desk', microphone: 'default' })
    expect(devices.notice?.message).toBe('Your camera "Old Webcam" is not connected; using "Desk Camera".')
    expect(devices.active.camera).toBe('cam-desk')
  })

  it('names devices for messages, the default one too', async () => {
    const { devices } = await started()
    expect(devices.labelOf('camera', 'cam-desk')).toBe('Desk Camera')
    expect(devices.labelOf('camera', null)).toBe('FaceTime HD Camera')
    expect(devices.labelOf('camera', 'cam-none')).toBeNull()
  })
})

describe('DevicesState: choosing', () => {
  it('remembers an explicit choice with its id and label, puts it to use and reports it', async () => {
    const { devices, applied, bridge } = await started()
    await devices.choose('camera', 'cam-usb')
    expect(bridge.callsOf('saveDevicePreference')).toEqual([{ method: 'saveDevicePreference', kind: 'camera', choice: USB_CAM }])
    expect(applied).toEqual([['camera', 'cam-usb']])
    expect(devices.active.camera).toBe('cam-usb')
    expect(bridge.deviceReports.at(-1)?.active.camera).toBe('cam-usb')
  })

  it('applies a pick in the native menu exactly like a pick in the window', async () => {
    const { devices, applied, bridge } = await started()
    bridge.chooseFromMenu('microphone', 'mic-usb')
    await settle()
    expect(bridge.preferences.microphone).toEqual(HEADSET)
    expect(applied).toEqual([['microphone', 'mic-usb']])
    expect(devices.active.microphone).toBe('mic-usb')
    expect(bridge.deviceReports.at(-1)?.active.microphone).toBe('mic-usb')
  })

  it('choosing the system default forgets the remembered device (null)', async () => {
    const { devices, bridge } = await started({ preferences: { microphone: HEADSET } }, { camera: 'cam-facetime', microphone: 'mic-usb' })
    await devices.choose('microphone', 'default')
    expect(bridge.callsOf('saveDevicePreference').at(-1)).toEqual({ method: 'saveDevicePreference', kind: 'microphone', choice: null })
    expect(bridge.preferences).toEqual({})
  })

  it('ignores a device that is not listed (a menu a moment behind a change), and malformed menu events', async () => {
    const { devices, applied, bridge, errors } = await started()
    await devices.choose('camera', 'cam-unplugged')
    bridge.emit('devices:chosen-from-menu', { kind: 'printer' as never, deviceId: 'x' })
    await settle()
    expect(applied).toEqual([])
    expect(bridge.callsOf('saveDevicePreference')).toEqual([])
    expect(devices.active.camera).toBe('cam-facetime')
    expect(errors.map(String)).toEqual([expect.stringContaining('DEVICE_ERR_UNKNOWN_DEVICE')])
  })

  it('keeps the device in use checked and says why when the chosen one cannot be started', async () => {
    const { devices, outcomes, bridge } = await started()
    outcomes.set('camera:cam-usb', { status: 'failed', code: MediaErrorCode.DeviceBusy })
    await devices.choose('camera', 'cam-usb')
    expect(devices.active.camera).toBe('cam-facetime')
    expect(devices.notice).toMatchObject({ code: DeviceNoticeCode.SwitchFailed, message: 'Could not switch to the camera "USB Camera": it is in use by another app.' })
    // Still the person's choice: it is used when it can be.
    expect(bridge.preferences.camera).toEqual(USB_CAM)
  })

  it('says when the choice can only apply from the next call', async () => {
    const { devices, outcomes } = await started()
    outcomes.set('camera:cam-usb', { status: 'next-call' })
    await devices.choose('camera', 'cam-usb')
    expect(devices.notice?.code).toBe(DeviceNoticeCode.NextCall)
  })

  it('chooses the speaker without re-opening anything, and hands its id to the remote video', async () => {
    const { devices, applied } = await started()
    await devices.choose('speaker', 'spk-usb')
    expect(applied).toEqual([])
    expect(devices.speakerSinkId).toBe('spk-usb')
  })

  it('offers no speaker choice where the page cannot choose one', async () => {
    const { devices, bridge } = await started({ canChooseSpeaker: false })
    expect(devices.speakerSinkId).toBeNull()
    expect(bridge.deviceReports.at(-1)?.canChooseSpeaker).toBe(false)
  })

  it('goes back to the default speaker and says so when the chosen one fails', async () => {
    const { devices } = await started()
    await devices.choose('speaker', 'spk-usb')
    devices.speakerFailed('spk-usb', new Error('AbortError'))
    await settle()
    expect(devices.active.speaker).toBe('default')
    expect(devices.notice).toMatchObject({ code: DeviceNoticeCode.SwitchFailed, kind: 'speaker' })
  })

  it('clears a notice about a kind once the person chooses a device of it', async () => {
    const { devices } = await started({ preferences: { camera: { deviceId: 'cam-old', label: 'Old Webcam' } } })
    expect(devices.notice?.kind).toBe('camera')
    await devices.choose('camera', 'cam-desk')
    expect(devices.notice).toBeNull()
  })
})

describe('DevicesState: devices coming and going', () => {
  it('falls back to the default when the chosen camera is unplugged, says so, and keeps remembering it', async () => {
    const { devices, machine, applied, bridge } = await started({ preferences: { camera: USB_CAM } }, { camera: 'cam-usb', microphone: 'default' })
    machine.unplug('cam-usb')
    await settle()
    expect(applied).toEqual([['camera', 'cam-facetime']])
    expect(devices.active.camera).toBe('cam-facetime')
    expect(devices.notice).toEqual({
      code: DeviceNoticeCode.Fallback,
      kind: 'camera',
      message: 'Your camera "USB Camera" is not connected; using "FaceTime HD Camera".',
    })
    expect(bridge.callsOf('saveDevicePreference')).toEqual([])
    expect(bridge.deviceReports.at(-1)?.cameras.map((camera) => camera.deviceId)).toEqual(['cam-facetime', 'cam-desk'])
    expect(bridge.deviceReports.at(-1)?.active.camera).toBe('cam-facetime')
  })

  it('returns to the chosen camera when it is plugged back in, and says so', async () => {
    const { devices, machine, applied, bridge } = await started({ preferences: { camera: USB_CAM } }, { camera: 'cam-usb', microphone: 'default' })
    const everything = machine.devices
    machine.unplug('cam-usb')
    await settle()
    machine.setDevices(everything)
    await settle()
    expect(applied).toEqual([
      ['camera', 'cam-facetime'],
      ['camera', 'cam-usb'],
    ])
    expect(devices.active.camera).toBe('cam-usb')
    expect(devices.notice).toMatchObject({ code: DeviceNoticeCode.Restored, message: 'Your camera "USB Camera" is connected again; using it.' })
    expect(bridge.callsOf('saveDevicePreference')).toEqual([])
  })

  it('falls back when the track ends, before the list catches up', async () => {
    const { devices, applied } = await started({ preferences: { microphone: HEADSET } }, { camera: 'cam-facetime', microphone: 'mic-usb' })
    await devices.trackEnded('microphone')
    expect(applied).toEqual([['microphone', 'default']])
    expect(devices.active.microphone).toBe('default')
    expect(devices.notice?.code).toBe(DeviceNoticeCode.Fallback)
  })

  it('lets go of the camera when the last one is unplugged, and says no other was found', async () => {
    const { devices, machine, applied } = await started({ devices: threeCameraMachine().filter((d) => d.kind !== 'videoinput' || d.deviceId === 'cam-usb') }, { camera: 'cam-usb', microphone: 'default' })
    machine.unplug('cam-usb')
    await settle()
    expect(applied).toEqual([['camera', null]])
    expect(devices.active.camera).toBeNull()
    expect(devices.notice?.message).toBe('Your camera "USB Camera" is not connected, and no other camera was found.')
  })

  it('keeps the device in use when another one is plugged in or out', async () => {
    const { devices, machine, applied } = await started()
    machine.unplug('cam-desk')
    machine.setDevices([...machine.devices, { kind: 'videoinput', deviceId: 'cam-new', label: 'New Camera' }])
    await settle()
    expect(applied).toEqual([])
    expect(devices.active.camera).toBe('cam-facetime')
    expect(devices.lists.camera.map((device) => device.deviceId)).toEqual(['cam-facetime', 'cam-usb', 'cam-new'])
  })

  it('follows the speaker too', async () => {
    const { devices, machine } = await started({ preferences: { speaker: { deviceId: 'spk-usb', label: 'USB Headset' } } })
    expect(devices.speakerSinkId).toBe('spk-usb')
    machine.unplug('spk-usb')
    await settle()
    expect(devices.speakerSinkId).toBe('default')
    expect(devices.notice).toMatchObject({ kind: 'speaker', code: DeviceNoticeCode.Fallback })
  })

  it('reports each change to main once', async () => {
    const { bridge, machine } = await started()
    const before = bridge.deviceReports.length
    machine.setDevices([...machine.devices])
    await settle()
    expect(bridge.deviceReports).toHaveLength(before)
    machine.unplug('cam-desk')
    await settle()
    expect(bridge.deviceReports).toHaveLength(before + 1)
  })

  it('stops following devices and the menu once disposed', async () => {
    const { devices, machine, bridge, applied } = await started()
    expect(machine.listenerCount).toBe(1)
    expect(bridge.listenerCount('devices:chosen-from-menu')).toBe(1)
    devices.dispose()
    expect(machine.listenerCount).toBe(0)
    expect(bridge.listenerCount('devices:chosen-from-menu')).toBe(0)
    machine.unplug('cam-facetime')
    await settle()
    expect(applied).toEqual([])
  })
})
