import { describe, expect, it } from 'vitest'
import { MediaErrorCode, type MediaFailure } from '../../../src/renderer/src/call/media'
import { describeMediaFailures } from '../../../src/renderer/src/call/media-messages'
import type { MediaKind } from '../../../src/renderer/src/call/rtc-types'
import type { HostOs } from '../../../src/shared/ipc-contract'

function failure(kind: MediaKind, code: MediaErrorCode, deviceId: string | null = null): MediaFailure {
  return { kind, code, errorName: 'FakeError', deviceId }
}

const LABELS: Record<string, string> = { 'cam-facetime': 'FaceTime HD', 'mic-usb': 'USB Headset' }
const labelOf = (_kind: MediaKind, deviceId: string | null) => (deviceId ? (LABELS[deviceId] ?? null) : null)

describe('describeMediaFailures', () => {
  it('says nothing when nothing failed', () => {
    expect(describeMediaFailures([], { os: 'web' })).toBeNull()
  })

  it('says an audio-only call still works when there is no camera', () => {
    const warning = describeMediaFailures([failure('video', MediaErrorCode.NotFound)], { os: 'mac' })
    expect(warning).toEqual({
      code: MediaErrorCode.NotFound,
      errorName: 'FakeError',
      missing: ['video'],
      message: 'No camera found. You can still talk: the call will be audio-only.',
      privacySettings: null,
    })
  })

  it('on macOS, names the System Settings pane for a denied camera and offers to open it', () => {
    const warning = describeMediaFailures([failure('video', MediaErrorCode.PermissionDenied)], { os: 'mac' })
    expect(warning?.message).toBe(
      'Tonghwa is not allowed to use your camera. To allow it, open System Settings › Privacy & Security › Camera and turn on ' +
        'Tonghwa, then go back and join again. You can still talk: the call will be audio-only.',
    )
    expect(warning?.privacySettings).toEqual({ kind: 'camera', label: 'Open System Settings' })
  })

  it('on Windows, names the Settings page for a denied microphone and offers to open it', () => {
    const warning = describeMediaFailures([failure('audio', MediaErrorCode.PermissionDenied)], { os: 'windows' })
    expect(warning?.message).toBe(
      'Tonghwa is not allowed to use your microphone. To allow it, open Settings › Privacy & security › Microphone and let ' +
        'desktop apps use your microphone, then go back and join again. ' +
        'You can still join: the other person will see you but not hear you.',
    )
    expect(warning?.privacySettings).toEqual({ kind: 'microphone', label: 'Open Settings' })
  })

  it.each<[HostOs, RegExp]>([
    ['linux', /^Tonghwa is not allowed to use your camera\. Check your system's privacy settings/],
    ['web', /^This page is not allowed to use your camera\. To allow it, click the icon next to the address/],
  ])('on %s, says where to allow the camera, with no button (there is no pane to open)', (os, message) => {
    const warning = describeMediaFailures([failure('video', MediaErrorCode.PermissionDenied)], { os })
    expect(warning?.message).toMatch(message)
    expect(warning?.privacySettings).toBeNull()
  })

  it('names the busy device', () => {
    const warning = describeMediaFailures([failure('video', MediaErrorCode.DeviceBusy, 'cam-facetime')], { os: 'mac', labelOf })
    expect(warning?.message).toBe(
      'Your camera "FaceTime HD" is in use by another app. Close that app, or choose another camera. ' +
        'You can still talk: the call will be audio-only.',
    )
    expect(warning?.code).toBe(MediaErrorCode.DeviceBusy)
  })

  it('still says which kind is busy when the device has no known name', () => {
    const warning = describeMediaFailures([failure('video', MediaErrorCode.DeviceBusy, 'cam-unknown')], { os: 'mac', labelOf })
    expect(warning?.message).toMatch(/^Your camera is in use by another app\. /)
  })

  it('has its own message for constraints a device cannot satisfy', () => {
    const warning = describeMediaFailures([failure('audio', MediaErrorCode.Overconstrained, 'mic-usb')], { os: 'linux', labelOf })
    expect(warning?.message).toBe(
      'Your microphone "USB Headset" cannot provide the sound Tonghwa asked for. Choose another microphone. ' +
        'You can still join: the other person will see you but not hear you.',
    )
  })

  it('says it once for both kinds when both fail the same way, and that the call is receive-only', () => {
    const warning = describeMediaFailures([failure('audio', MediaErrorCode.NotFound), failure('video', MediaErrorCode.NotFound)], { os: 'web' })
    expect(warning).toMatchObject({ code: MediaErrorCode.NotFound, missing: ['audio', 'video'] })
    expect(warning?.message).toBe(
      'No camera or microphone found. You can still join: you will see and hear the other person, but they will not see or hear you.',
    )
  })

  it('tells each cause when the two kinds fail differently, the camera first', () => {
    const warning = describeMediaFailures(
      [failure('audio', MediaErrorCode.DeviceBusy, 'mic-usb'), failure('video', MediaErrorCode.PermissionDenied)],
      { os: 'mac', labelOf },
    )
    expect(warning?.code).toBe(MediaErrorCode.PermissionDenied)
    expect(warning?.message).toMatch(/^Tonghwa is not allowed to use your camera\. .* Your microphone "USB Headset" is in use by another app\./)
    expect(warning?.privacySettings).toEqual({ kind: 'camera', label: 'Open System Settings' })
  })

  it('on macOS, points to both panes when both are denied', () => {
    const warning = describeMediaFailures(
      [failure('audio', MediaErrorCode.PermissionDenied), failure('video', MediaErrorCode.PermissionDenied)],
      { os: 'mac' },
    )
    expect(warning?.message).toMatch(/^Tonghwa is not allowed to use your camera and microphone\. To allow them, open System Settings › Privacy & Security and turn on Tonghwa under Camera and under Microphone/)
  })

  it('says a device could not be started on an error it does not know', () => {
    const warning = describeMediaFailures([failure('audio', MediaErrorCode.Unknown), failure('video', MediaErrorCode.Unknown)], { os: 'web' })
    expect(warning?.message).toMatch(/^Your camera and microphone could not be started\. You can still join: /)
  })
})
