import { describe, expect, it } from 'vitest'
import {
  buildDeviceReport,
  defaultDevice,
  deviceLists,
  EMPTY_DEVICE_LISTS,
  findDevice,
  isRememberedDevice,
  resolveDevice,
  type DeviceInfoLike,
} from '../../../src/renderer/src/devices/device-choice'
import { DEVICE_LIMITS, isDeviceReport, type DeviceSummary } from '../../../src/shared/devices'

const info = (kind: string, deviceId: string, label = ''): DeviceInfoLike => ({ kind, deviceId, label })

const FACETIME: DeviceSummary = { deviceId: 'cam-facetime', label: 'FaceTime HD Camera' }
const USB_CAM: DeviceSummary = { deviceId: 'cam-usb', label: 'USB Camera' }
const SYSTEM_MIC: DeviceSummary = { deviceId: 'default', label: 'System default (Built-in Microphone)' }
const BUILTIN_MIC: DeviceSummary = { deviceId: 'mic-builtin', label: 'Built-in Microphone' }
const HEADSET_MIC: DeviceSummary = { deviceId: 'mic-usb', label: 'USB Headset' }

describe('deviceLists', () => {
  it('sorts what enumerateDevices gives into cameras, microphones and speakers, in order', () => {
    const lists = deviceLists([
      info('audioinput', 'mic-builtin', 'Built-in Microphone'),
      info('videoinput', 'cam-facetime', 'FaceTime HD Camera'),
      info('audiooutput', 'spk-1', 'Speakers'),
      info('videoinput', 'cam-usb', 'USB Camera'),
    ])
    expect(lists).toEqual({
      camera: [FACETIME, USB_CAM],
      microphone: [BUILTIN_MIC],
      speaker: [{ deviceId: 'spk-1', label: 'Speakers' }],
    })
  })

  it('keeps the default audio entries first, as "System default", naming the device behind it when Chromium does', () => {
    const lists = deviceLists([
      info('audioinput', 'mic-builtin', 'Built-in Microphone'),
      info('audioinput', 'default', 'Default - Built-in Microphone'),
      info('audiooutput', 'default', 'Fake Default Audio Output'),
      info('audiooutput', 'spk-1', 'Speakers'),
    ])
    expect(lists.microphone).toEqual([SYSTEM_MIC, BUILTIN_MIC])
    expect(lists.speaker[0]).toEqual({ deviceId: 'default', label: 'System default' })
  })

  it('drops Chromium\'s "communications" pseudo-device', () => {
    const lists = deviceLists([
      info('audioinput', 'default', 'Default - Headset'),
      info('audioinput', 'communications', 'Communications - Headset'),
      info('audioinput', 'mic-headset', 'Headset'),
      info('audiooutput', 'communications', 'Communications - Headset'),
    ])
    expect(lists.microphone.map((device) => device.deviceId)).toEqual(['default', 'mic-headset'])
    expect(lists.speaker).toEqual([])
  })

  it('names devices without a label "Camera 1", "Microphone 1"… by their place in their own list', () => {
    const lists = deviceLists([
      info('videoinput', 'cam-a'),
      info('videoinput', 'cam-b', 'Named Camera'),
      info('videoinput', 'cam-c', '   '),
      info('audioinput', 'default'),
      info('audioinput', 'mic-a'),
      info('audiooutput', 'spk-a'),
    ])
    expect(lists.camera.map((device) => device.label)).toEqual(['Camera 1', 'Named Camera', 'Camera 2'])
    expect(lists.microphone.map((device) => device.label)).toEqual(['System default', 'Microphone 1'])
    expect(lists.speaker.map((device) => device.label)).toEqual(['Speaker 1'])
  })

  it('leaves out the id-less entries Chromium lists before the page may capture, and unknown kinds', () => {
    const lists = deviceLists([info('videoinput', ''), info('audioinput', ''), info('audiooutput', ''), info('midi', 'x', 'Keys')])
    expect(lists).toEqual(EMPTY_DEVICE_LISTS)
  })

  it('treats a camera called "default" as an ordinary camera (only audio kinds have a system default)', () => {
    expect(deviceLists([info('videoinput', 'default', 'Some Camera')]).camera).toEqual([{ deviceId: 'default', label: 'Some Camera' }])
  })

  it('lists a device once even if it is reported twice', () => {
    expect(deviceLists([info('videoinput', 'cam-a', 'A'), info('videoinput', 'cam-a', 'A again')]).camera).toEqual([{ deviceId: 'cam-a', label: 'A' }])
  })

  it('keeps within the limits main checks, so the report is always accepted', () => {
    const many = Array.from({ length: DEVICE_LIMITS.devicesPerKind + 5 }, (_, index) => info('videoinput', `cam-${index}`, 'x'.repeat(400)))
    const lists = deviceLists([...many, info('audioinput', 'y'.repeat(DEVICE_LIMITS.idChars + 1), 'Too long an id')])
    expect(lists.camera).toHaveLength(DEVICE_LIMITS.devicesPerKind)
    expect(lists.camera[0]!.label).toHaveLength(DEVICE_LIMITS.labelChars)
    expect(lists.microphone).toEqual([])
    expect(isDeviceReport(buildDeviceReport(lists, { camera: 'cam-0', microphone: null, speaker: null }, true))).toBe(true)
  })
})

describe('defaultDevice', () => {
  it('is the system-default entry for microphones and speakers, when there is one', () => {
    expect(defaultDevice('microphone', [BUILTIN_MIC, SYSTEM_MIC])).toBe(SYSTEM_MIC)
  })

  it('is the first device otherwise, and the first camera for cameras', () => {
    expect(defaultDevice('microphone', [HEADSET_MIC, BUILTIN_MIC])).toBe(HEADSET_MIC)
    expect(defaultDevice('camera', [USB_CAM, FACETIME])).toBe(USB_CAM)
  })

  it('is nothing when there is no device of the kind', () => {
    expect(defaultDevice('camera', [])).toBeNull()
  })
})

describe('resolveDevice', () => {
  const mics = [SYSTEM_MIC, BUILTIN_MIC, HEADSET_MIC]

  it('uses the default when nothing is remembered', () => {
    expect(resolveDevice('microphone', undefined, mics)).toEqual({ fallback: false, device: SYSTEM_MIC, matchedBy: 'default' })
    expect(resolveDevice('camera', null, [FACETIME, USB_CAM])).toEqual({ fallback: false, device: FACETIME, matchedBy: 'default' })
  })

  it('finds the remembered device by its id', () => {
    expect(resolveDevice('microphone', HEADSET_MIC, mics)).toEqual({ fallback: false, device: HEADSET_MIC, matchedBy: 'id' })
  })

  it('finds the remembered device by its label when the OS gave it a new id', () => {
    const renamed = { deviceId: 'mic-usb-after-update', label: 'USB Headset' }
    expect(resolveDevice('microphone', HEADSET_MIC, [SYSTEM_MIC, renamed])).toEqual({ fallback: false, device: renamed, matchedBy: 'label' })
  })

  it('prefers the id to the label when two devices share a name', () => {
    const twin = { deviceId: 'cam-usb-2', label: 'USB Camera' }
    expect(resolveDevice('camera', { deviceId: 'cam-usb-2', label: 'USB Camera' }, [USB_CAM, twin]).device).toBe(twin)
  })

  it('never matches the system-default entry by label, since that label names whichever device is default today', () => {
    const remembered = { deviceId: 'gone', label: 'System default (Built-in Microphone)' }
    expect(resolveDevice('microphone', remembered, mics)).toMatchObject({ fallback: true, device: SYSTEM_MIC })
  })

  it('does not match an empty label', () => {
    expect(resolveDevice('camera', { deviceId: 'gone', label: '' }, [{ deviceId: 'cam-x', label: '' }])).toMatchObject({ fallback: true })
  })

  it('falls back to the default and says which device is missing when the remembered one is not connected', () => {
    expect(resolveDevice('camera', USB_CAM, [FACETIME])).toEqual({ fallback: true, device: FACETIME, missing: USB_CAM })
    expect(resolveDevice('microphone', HEADSET_MIC, [SYSTEM_MIC, BUILTIN_MIC])).toEqual({ fallback: true, device: SYSTEM_MIC, missing: HEADSET_MIC })
  })

  it('falls back to nothing when no device of the kind is left', () => {
    expect(resolveDevice('camera', USB_CAM, [])).toEqual({ fallback: true, device: null, missing: USB_CAM })
  })

  it('returns to the remembered device once it is connected again (the restore)', () => {
    expect(resolveDevice('camera', USB_CAM, [FACETIME]).fallback).toBe(true)
    expect(resolveDevice('camera', USB_CAM, [FACETIME, USB_CAM])).toEqual({ fallback: false, device: USB_CAM, matchedBy: 'id' })
  })
})

describe('isRememberedDevice', () => {
  it('is true for the same id or the same non-empty label', () => {
    expect(isRememberedDevice(USB_CAM, USB_CAM)).toBe(true)
    expect(isRememberedDevice({ deviceId: 'new-id', label: 'USB Camera' }, USB_CAM)).toBe(true)
    expect(isRememberedDevice(FACETIME, USB_CAM)).toBe(false)
    expect(isRememberedDevice({ deviceId: 'a', label: '' }, { deviceId: 'b', label: '' })).toBe(false)
  })
})

describe('findDevice and buildDeviceReport', () => {
  const lists = { camera: [FACETIME, USB_CAM], microphone: [SYSTEM_MIC], speaker: [] }

  it('finds a listed device by kind and id, and nothing for null or an unknown id', () => {
    expect(findDevice(lists, 'camera', 'cam-usb')).toBe(USB_CAM)
    expect(findDevice(lists, 'camera', 'cam-none')).toBeNull()
    expect(findDevice(lists, 'camera', null)).toBeNull()
  })

  it('reports the lists and the active devices in the contract shape', () => {
    const report = buildDeviceReport(lists, { camera: 'cam-usb', microphone: 'default', speaker: null }, false)
    expect(report).toEqual({
      cameras: [FACETIME, USB_CAM],
      microphones: [SYSTEM_MIC],
      speakers: [],
      active: { camera: 'cam-usb', microphone: 'default', speaker: null },
      canChooseSpeaker: false,
    })
    expect(isDeviceReport(report)).toBe(true)
  })
})
