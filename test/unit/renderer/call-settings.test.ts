import { describe, expect, it } from 'vitest'
import { loadCallSettings, LOW_DATA_KEY, saveLowData } from '../../../src/renderer/src/bridge/web-call-settings'
import type { StorageLike } from '../../../src/renderer/src/bridge/web-device-preferences'
import { CallSettingsState } from '../../../src/renderer/src/state/call-settings.svelte'
import { FakeBridge } from '../../support/fake-bridge'

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

describe('web call settings', () => {
  it(`keeps "Low data" in localStorage["${LOW_DATA_KEY}"], off by default`, () => {
    const storage = new MemoryStorage()
    expect(loadCallSettings(storage)).toEqual({ lowData: false, displayName: '' })
    saveLowData(storage, true)
    expect(storage.items.get(LOW_DATA_KEY)).toBe('true')
    expect(loadCallSettings(storage)).toEqual({ lowData: true, displayName: '' })
    saveLowData(storage, false)
    expect(storage.items.has(LOW_DATA_KEY)).toBe(false)
  })

  it('reads anything but "true" as off, refuses a value that is not true or false, and works without storage', () => {
    const storage = new MemoryStorage()
    storage.setItem(LOW_DATA_KEY, '1')
    expect(loadCallSettings(storage)).toEqual({ lowData: false, displayName: '' })
    expect(loadCallSettings(null)).toEqual({ lowData: false, displayName: '' })
    expect(() => saveLowData(storage, 'yes' as unknown as boolean)).toThrow(/^SETTINGS_ERR_BAD_VALUE/)
    expect(() => saveLowData(null, true)).not.toThrow()
  })
})

describe('CallSettingsState', () => {
  it('loads what was remembered and saves a change through the bridge', async () => {
    const bridge = new FakeBridge()
    bridge.lowData = true
    const settings = new CallSettingsState({ bridge })
    await settings.load()
    expect(settings.lowData).toBe(true)
    await settings.setLowData(false)
    expect(settings.lowData).toBe(false)
    expect(bridge.callsOf('setLowData')).toEqual([{ method: 'setLowData', lowData: false }])
  })

  it('puts the box back as it was when the choice cannot be saved', async () => {
    const bridge = new FakeBridge()
    bridge.setLowData = async () => {
      throw new Error('SETTINGS_ERR: disk full')
    }
    const errors: unknown[] = []
    const settings = new CallSettingsState({ bridge, onError: (error) => errors.push(error) })
    await settings.setLowData(true)
    expect(settings.lowData).toBe(false)
    expect(errors).toHaveLength(1)
  })

  it('does not let a late load undo a change the person made meanwhile', async () => {
    const bridge = new FakeBridge()
    const settings = new CallSettingsState({ bridge })
    const loading = settings.load()
    await settings.setLowData(true)
    await loading
    expect(settings.lowData).toBe(true)
  })
})
