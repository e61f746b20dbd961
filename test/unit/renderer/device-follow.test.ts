import { describe, expect, it } from 'vitest'
import { followDevices } from '../../../src/renderer/src/devices/device-follow'
import {
  DeviceNoticeCode,
  fallbackNotice,
  nextCallNotice,
  restoredNotice,
  switchFailedNotice,
} from '../../../src/renderer/src/devices/device-notices'
import { MediaErrorCode } from '../../../src/renderer/src/call/media'
import type { DeviceSummary } from '../../../src/shared/devices'

const FACETIME: DeviceSummary = { deviceId: 'cam-facetime', label: 'FaceTime HD Camera' }
const USB_CAM: DeviceSummary = { deviceId: 'cam-usb', label: 'USB Camera' }
const DESK_CAM: DeviceSummary = { deviceId: 'cam-desk', label: 'Desk Camera' }
const SYSTEM_MIC: DeviceSummary = { deviceId: 'default', label: 'System default (USB Headset)' }
const SYSTEM_MIC_LATER: DeviceSummary = { deviceId: 'default', label: 'System default (Built-in Microphone)' }
const HEADSET_MIC: DeviceSummary = { deviceId: 'mic-usb', label: 'USB Headset' }
const BUILTIN_MIC: DeviceSummary = { deviceId: 'mic-builtin', label: 'Built-in Microphone' }

describe('followDevices', () => {
  describe('when the device in use is unplugged', () => {
    it('falls back to the default and names the missing device (the choice stays remembered)', () => {
      const decision = followDevices({ kind: 'camera', remembered: USB_CAM, current: USB_CAM, available: [FACETIME, DESK_CAM] })
      expect(decision).toEqual({ type: 'fallback', to: FACETIME, missing: USB_CAM })
    })

    it('falls back to the system default microphone', () => {
      const decision = followDevices({ kind: 'microphone', remembered: HEADSET_MIC, current: HEADSET_MIC, available: [SYSTEM_MIC_LATER, BUILTIN_MIC] })
      expect(decision).toEqual({ type: 'fallback', to: SYSTEM_MIC_LATER, missing: HEADSET_MIC })
    })

    it('falls back when nothing was remembered and the default device in use goes', () => {
      const decision = followDevices({ kind: 'camera', remembered: undefined, current: FACETIME, available: [USB_CAM] })
      expect(decision).toEqual({ type: 'fallback', to: USB_CAM, missing: FACETIME })
    })

    it('falls back to nothing when it was the last device of its kind', () => {
      expect(followDevices({ kind: 'camera', remembered: USB_CAM, current: USB_CAM, available: [] })).toEqual({
        type: 'fallback',
        to: null,
        missing: USB_CAM,
      })
    })

    it('goes to the remembered device when the fallback in use goes and the remembered one is there', () => {
      const decision = followDevices({ kind: 'camera', remembered: USB_CAM, current: FACETIME, available: [USB_CAM, DESK_CAM] })
      expect(decision).toEqual({ type: 'restore', to: USB_CAM })
    })
  })

  describe("when the device in use ends by itself (its track's ended)", () => {
    it('counts it as gone even while the list still shows it', () => {
      const decision = followDevices({ kind: 'camera', remembered: USB_CAM, current: USB_CAM, available: [FACETIME, USB_CAM], currentEnded: true })
      expect(decision).toEqual({ type: 'fallback', to: FACETIME, missing: USB_CAM })
    })

    it('opens the system default again when that was in use: it now means another device', () => {
      const decision = followDevices({ kind: 'microphone', remembered: undefined, current: SYSTEM_MIC, available: [SYSTEM_MIC_LATER, BUILTIN_MIC], currentEnded: true })
      expect(decision).toEqual({ type: 'fallback', to: SYSTEM_MIC_LATER, missing: SYSTEM_MIC })
    })

    it('may move to a twin with the remembered name, never back to the device that ended', () => {
      const twin = { deviceId: 'cam-usb-2', label: 'USB Camera' }
      const decision = followDevices({ kind: 'camera', remembered: USB_CAM, current: USB_CAM, available: [USB_CAM, twin, FACETIME], currentEnded: true })
      expect(decision).toEqual({ type: 'fallback', to: twin, missing: USB_CAM })
    })
  })

  describe('when the remembered device comes back', () => {
    it('returns to it', () => {
      const decision = followDevices({ kind: 'camera', remembered: USB_CAM, current: FACETIME, available: [FACETIME, USB_CAM] })
      expect(decision).toEqual({ type: 'restore', to: USB_CAM })
    })

    it('returns to it under a new id, found by its label', () => {
      const renamed = { deviceId: 'cam-usb-new', label: 'USB Camera' }
      expect(followDevices({ kind: 'camera', remembered: USB_CAM, current: FACETIME, available: [FACETIME, renamed] })).toEqual({ type: 'restore', to: renamed })
    })

    it('returns to it after there was no device of the kind at all', () => {
      expect(followDevices({ kind: 'camera', remembered: USB_CAM, current: null, available: [USB_CAM] })).toEqual({ type: 'restore', to: USB_CAM })
    })

    it('does the same for a speaker', () => {
      const spk = { deviceId: 'spk-usb', label: 'USB Headset' }
      const sys = { deviceId: 'default', label: 'System default' }
      expect(followDevices({ kind: 'speaker', remembered: spk, current: sys, available: [sys, spk] })).toEqual({ type: 'restore', to: spk })
    })
  })

  describe('otherwise it keeps the device in use', () => {
    it('when another device is plugged in', () => {
      expect(followDevices({ kind: 'camera', remembered: undefined, current: FACETIME, available: [USB_CAM, FACETIME] })).toEqual({ type: 'keep' })
    })

    it('when a device that is not in use is unplugged', () => {
      expect(followDevices({ kind: 'camera', remembered: USB_CAM, current: USB_CAM, available: [USB_CAM] })).toEqual({ type: 'keep' })
    })

    it('when the remembered device is still missing', () => {
      expect(followDevices({ kind: 'camera', remembered: USB_CAM, current: FACETIME, available: [FACETIME, DESK_CAM] })).toEqual({ type: 'keep' })
    })

    it('when the device in use has the remembered name (a twin of it)', () => {
      const twin = { deviceId: 'cam-usb-2', label: 'USB Camera' }
      expect(followDevices({ kind: 'camera', remembered: USB_CAM, current: twin, available: [twin, USB_CAM] })).toEqual({ type: 'keep' })
    })

    it('when nothing is in use and nothing is there', () => {
      expect(followDevices({ kind: 'camera', remembered: USB_CAM, current: null, available: [] })).toEqual({ type: 'keep' })
    })
  })

  it('adopts a device that appears where there was none and nothing was remembered', () => {
    expect(followDevices({ kind: 'camera', remembered: undefined, current: null, available: [DESK_CAM] })).toEqual({ type: 'adopt', to: DESK_CAM })
    expect(followDevices({ kind: 'camera', remembered: USB_CAM, current: null, available: [DESK_CAM] })).toEqual({ type: 'adopt', to: DESK_CAM })
  })
})

describe('device notices', () => {
  it('say which device is not connected and which is used instead', () => {
    expect(fallbackNotice('camera', USB_CAM, FACETIME)).toEqual({
      code: DeviceNoticeCode.Fallback,
      kind: 'camera',
      message: 'Your camera "USB Camera" is not connected; using "FaceTime HD Camera".',
    })
  })

  it('say when no other device of the kind is left', () => {
    expect(fallbackNotice('microphone', HEADSET_MIC, null).message).toBe('Your microphone "USB Headset" is not connected, and no other microphone was found.')
  })

  it('do not repeat one name twice when the system default reopens under the same label', () => {
    const sys = { deviceId: 'default', label: 'System default' }
    expect(fallbackNotice('microphone', sys, sys).message).toBe('Your microphone was disconnected; using "System default" now.')
  })

  it('say when the remembered device is back', () => {
    expect(restoredNotice('camera', USB_CAM)).toEqual({
      code: DeviceNoticeCode.Restored,
      kind: 'camera',
      message: 'Your camera "USB Camera" is connected again; using it.',
    })
  })

  it.each([
    [MediaErrorCode.DeviceBusy, 'Could not switch to the camera "USB Camera": it is in use by another app.'],
    [MediaErrorCode.PermissionDenied, 'Could not switch to the camera "USB Camera": Tonghwa is not allowed to use it.'],
    [MediaErrorCode.NotFound, 'Could not switch to the camera "USB Camera": it is not connected.'],
    [MediaErrorCode.Overconstrained, 'Could not switch to the camera "USB Camera": it cannot provide the picture or sound Tonghwa asked for.'],
    [MediaErrorCode.Unknown, 'Could not switch to the camera "USB Camera".'],
  ])('say why a switch failed (%s)', (code, message) => {
    expect(switchFailedNotice('camera', USB_CAM, code)).toEqual({ code: DeviceNoticeCode.SwitchFailed, kind: 'camera', message })
  })

  it('say a device will be used from the next call when this one started without that kind', () => {
    expect(nextCallNotice('camera', USB_CAM).message).toBe('This call started without a camera, so "USB Camera" will be used from your next call.')
  })
})
