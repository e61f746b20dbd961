import { afterEach, describe, expect, it } from 'vitest'
import { deviceLists } from '../../../src/renderer/src/devices/device-choice'
import { deviceDisplayName, parseDeviceLabel } from '../../../src/renderer/src/devices/device-label'
import { fallbackNotice } from '../../../src/renderer/src/devices/device-notices'
import { setCurrentLocale } from '../../../src/renderer/src/i18n/current-locale.svelte'

afterEach(() => setCurrentLocale('en'))

// The lists as Chromium reports them on Windows before and after the page may capture.
const lists = deviceLists([
  { kind: 'audioinput', deviceId: 'default', label: 'Default - USB Mic (046d:0825)' },
  { kind: 'audioinput', deviceId: 'mic-1', label: 'USB Mic (046d:0825)' },
  { kind: 'audiooutput', deviceId: 'default', label: '' },
  { kind: 'videoinput', deviceId: 'cam-1', label: '' },
  { kind: 'videoinput', deviceId: 'cam-2', label: 'Camera 7 Pro' },
])

describe('device labels on screen', () => {
  it('reads the labels the app made up, and leaves a device its own name', () => {
    expect(parseDeviceLabel('microphone', lists.microphone[0]!)).toEqual({ kind: 'system-default', behind: 'USB Mic (046d:0825)' })
    expect(parseDeviceLabel('speaker', lists.speaker[0]!)).toEqual({ kind: 'system-default', behind: null })
    expect(parseDeviceLabel('camera', lists.camera[0]!)).toEqual({ kind: 'unnamed', number: 1 })
    expect(parseDeviceLabel('camera', lists.camera[1]!)).toEqual({ kind: 'named', name: 'Camera 7 Pro' })
  })

  it('words the made-up labels in Korean and keeps the stored labels in one language', () => {
    setCurrentLocale('ko')
    expect(deviceDisplayName('microphone', lists.microphone[0]!)).toBe('시스템 기본값 (USB Mic (046d:0825))')
    expect(deviceDisplayName('speaker', lists.speaker[0]!)).toBe('시스템 기본값')
    expect(deviceDisplayName('camera', lists.camera[0]!)).toBe('카메라 1')
    expect(deviceDisplayName('microphone', lists.microphone[1]!)).toBe('USB Mic (046d:0825)')
    expect(lists.microphone[0]!.label).toBe('System default (USB Mic (046d:0825))')
  })

  it('names devices in notices the way the picker does', () => {
    const notice = fallbackNotice('camera', lists.camera[1]!, lists.camera[0]!)
    setCurrentLocale('ko')
    expect(notice.message).toContain('카메라 1')
    expect(notice.message).not.toContain('Camera 1')
    setCurrentLocale('en')
    expect(notice.message).toContain('"Camera 1"')
  })
})
