import { describe, expect, it } from 'vitest'
import { loadPrivacySettings, RELAY_ONLY_KEY, saveRelayOnly } from '../../../src/renderer/src/bridge/web-privacy-settings'
import type { StorageLike } from '../../../src/renderer/src/bridge/web-device-preferences'
import { PrivacyState } from '../../../src/renderer/src/state/privacy.svelte'
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

describe('web privacy settings', () => {
  it(`keeps "Always use a relay" in localStorage["${RELAY_ONLY_KEY}"], off by default`, () => {
    const storage = new MemoryStorage()
    expect(loadPrivacySettings(storage)).toEqual({ relayOnly: false })
    saveRelayOnly(storage, true)
    expect(storage.items.get(RELAY_ONLY_KEY)).toBe('true')
    expect(loadPrivacySettings(storage)).toEqual({ relayOnly: true })
    saveRelayOnly(storage, false)
    expect(storage.items.has(RELAY_ONLY_KEY)).toBe(false)
  })

  it('reads anything but "true" as off, and works without storage', () => {
    const storage = new MemoryStorage()
    storage.setItem(RELAY_ONLY_KEY, 'yes')
    expect(loadPrivacySettings(storage)).toEqual({ relayOnly: false })
    expect(loadPrivacySettings(null)).toEqual({ relayOnly: false })
    expect(() => saveRelayOnly(null, true)).not.toThrow()
  })
})

describe('PrivacyState', () => {
  it('loads what was remembered and saves a change through the bridge', async () => {
    const bridge = new FakeBridge()
    bridge.relayOnly = true
    const privacy = new PrivacyState({ bridge })
    await privacy.load()
    expect(privacy.relayOnly).toBe(true)
    await privacy.setRelayOnly(false)
    expect(privacy.relayOnly).toBe(false)
    expect(bridge.callsOf('setRelayOnly')).toEqual([{ method: 'setRelayOnly', relayOnly: false }])
  })

  it('puts the box back as it was when the choice cannot be saved', async () => {
    const bridge = new FakeBridge()
    bridge.setRelayOnly = async () => {
      throw new Error('SETTINGS_ERR: disk full')
    }
    const errors: unknown[] = []
    const privacy = new PrivacyState({ bridge, onError: (error) => errors.push(error) })
    await privacy.setRelayOnly(true)
    expect(privacy.relayOnly).toBe(false)
    expect(errors).toHaveLength(1)
  })

  it('does not let a late load undo a change the person made meanwhile', async () => {
    const bridge = new FakeBridge()
    const privacy = new PrivacyState({ bridge })
    const loading = privacy.load()
    await privacy.setRelayOnly(true)
    await loading
    expect(privacy.relayOnly).toBe(true)
  })
})
