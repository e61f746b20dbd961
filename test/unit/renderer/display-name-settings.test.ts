import { describe, expect, it } from 'vitest'
import { DISPLAY_NAME_KEY, loadCallSettings, saveDisplayName } from '../../../src/renderer/src/bridge/web-call-settings'
import type { StorageLike } from '../../../src/renderer/src/bridge/web-device-preferences'
import { CallSettingsState } from '../../../src/renderer/src/state/call-settings.svelte'
import { DisplayNameError } from '../../../src/shared/display-name'
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

describe('"Your name" in web mode', () => {
  it(`keeps the tidied name in localStorage["${DISPLAY_NAME_KEY}"], and none by default`, () => {
    const storage = new MemoryStorage()
    expect(loadCallSettings(storage).displayName).toBe('')
    expect(saveDisplayName(storage, '  Minji\tKim ')).toBe('Minji Kim')
    expect(storage.items.get(DISPLAY_NAME_KEY)).toBe('Minji Kim')
    expect(loadCallSettings(storage).displayName).toBe('Minji Kim')
    expect(saveDisplayName(storage, '  ')).toBe('')
    expect(storage.items.has(DISPLAY_NAME_KEY)).toBe(false)
  })

  it('refuses a name too long with its code, and leaves what was kept', () => {
    const storage = new MemoryStorage()
    saveDisplayName(storage, 'Minji')
    expect(() => saveDisplayName(storage, 'x'.repeat(41))).toThrow(/^DISPLAY_NAME_ERR_TOO_LONG/)
    expect(() => saveDisplayName(storage, 42 as unknown as string)).toThrow(/^DISPLAY_NAME_ERR_NOT_TEXT/)
    expect(storage.items.get(DISPLAY_NAME_KEY)).toBe('Minji')
  })

  it('reads a stored value that is not a tidy name (written by something else) as no name', () => {
    const storage = new MemoryStorage()
    storage.setItem(DISPLAY_NAME_KEY, 'x'.repeat(100))
    expect(loadCallSettings(storage).displayName).toBe('')
    storage.setItem(DISPLAY_NAME_KEY, ' Minji\u202e')
    expect(loadCallSettings(storage).displayName).toBe('')
  })
})

describe('CallSettingsState and "Your name"', () => {
  it('loads the name that was kept and saves a new one tidied through the bridge', async () => {
    const bridge = new FakeBridge()
    bridge.displayName = 'Minji'
    const settings = new CallSettingsState({ bridge })
    await settings.load()
    expect(settings.displayName).toBe('Minji')
    expect(await settings.setDisplayName('  Minji\nKim ')).toBeNull()
    expect(settings.displayName).toBe('Minji Kim')
    expect(bridge.callsOf('setDisplayName')).toEqual([{ method: 'setDisplayName', name: 'Minji Kim' }])
  })

  it('answers why a name cannot be one, without asking the bridge or changing the name', async () => {
    const bridge = new FakeBridge()
    const settings = new CallSettingsState({ bridge })
    await settings.setDisplayName('Minji')
    expect(await settings.setDisplayName('가'.repeat(41))).toBe(DisplayNameError.TooLong)
    expect(settings.displayName).toBe('Minji')
    expect(bridge.callsOf('setDisplayName')).toHaveLength(1)
  })

  it('puts the name back and says DISPLAY_NAME_ERR_NOT_SAVED when it cannot be kept', async () => {
    const bridge = new FakeBridge()
    bridge.setDisplayName = async () => {
      throw new Error('SETTINGS_ERR: disk full')
    }
    const errors: unknown[] = []
    const settings = new CallSettingsState({ bridge, onError: (error) => errors.push(error) })
    expect(await settings.setDisplayName('Minji')).toBe(DisplayNameError.NotSaved)
    expect(settings.displayName).toBe('')
    expect(errors).toHaveLength(1)
  })

  it('shows no name when what is loaded is not one', async () => {
    const bridge = new FakeBridge()
    bridge.displayName = 'x'.repeat(80)
    const settings = new CallSettingsState({ bridge })
    await settings.load()
    expect(settings.displayName).toBe('')
  })
})
