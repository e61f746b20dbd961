import { describe, expect, it } from 'vitest'
import {
  DEVICE_PREFERENCES_KEY,
  loadDevicePreferences,
  saveDevicePreference,
  type StorageLike,
} from '../../../src/renderer/src/bridge/web-device-preferences'

class MemoryStorage implements StorageLike {
  readonly items = new Map<string, string>()
  getItem(key: string): string | null {
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value)
  }
  removeItem(key: string): void {
    this.items.delete(key)
  }
}

const USB_CAM = { deviceId: 'cam-usb', label: 'USB Camera' }

function setup() {
  const storage = new MemoryStorage()
  const warnings: string[] = []
  return { storage, warnings, warn: (message: string) => warnings.push(message) }
}

describe('web-mode device preferences', () => {
  it('start empty', () => {
    const { storage, warn, warnings } = setup()
    expect(loadDevicePreferences(storage, warn)).toEqual({})
    expect(warnings).toEqual([])
  })

  it('remember a choice per kind, and forget it on null (back to the system default)', () => {
    const { storage, warn } = setup()
    saveDevicePreference(storage, 'camera', USB_CAM, warn)
    saveDevicePreference(storage, 'microphone', { deviceId: 'mic-usb', label: 'USB Headset' }, warn)
    expect(loadDevicePreferences(storage, warn)).toEqual({ camera: USB_CAM, microphone: { deviceId: 'mic-usb', label: 'USB Headset' } })
    saveDevicePreference(storage, 'microphone', null, warn)
    expect(loadDevicePreferences(storage, warn)).toEqual({ camera: USB_CAM })
  })

  it.each([
    ['not JSON', '{oops'],
    ['not preferences', JSON.stringify({ camera: { deviceId: '', label: 'x' } })],
    ['an unknown kind', JSON.stringify({ printer: USB_CAM })],
    ['an array', '[]'],
  ])('throw away a stored value that is %s, with a warning, and use the defaults', (_, raw) => {
    const { storage, warn, warnings } = setup()
    storage.setItem(DEVICE_PREFERENCES_KEY, raw)
    expect(loadDevicePreferences(storage, warn)).toEqual({})
    expect(warnings).toEqual([expect.stringContaining('DEVICE_ERR_BAD_PREFERENCES')])
    expect(storage.getItem(DEVICE_PREFERENCES_KEY)).toBeNull()
  })

  it('refuse to save a malformed choice', () => {
    const { storage, warn } = setup()
    expect(() => saveDevicePreference(storage, 'camera', { deviceId: '', label: 'x' }, warn)).toThrow(/DEVICE_ERR_BAD_CHOICE/)
    expect(() => saveDevicePreference(storage, 'printer' as never, USB_CAM, warn)).toThrow(/DEVICE_ERR_BAD_CHOICE/)
    expect(storage.items.size).toBe(0)
  })

  it('work without storage (the page may not use it), remembering nothing', () => {
    const { warn } = setup()
    saveDevicePreference(null, 'camera', USB_CAM, warn)
    expect(loadDevicePreferences(null, warn)).toEqual({})
  })
})
