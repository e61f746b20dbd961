import { describe, expect, it } from 'vitest'
import type { ThemePreference } from '../../../src/shared/theme'
import { ThemeState } from '../../../src/renderer/src/state/theme.svelte'
import { loadThemePreference, saveThemePreference, THEME_KEY } from '../../../src/renderer/src/bridge/web-theme-settings'
import { FakeBridge } from '../../support/fake-bridge'

function setup(stored: ThemePreference = 'system') {
  const bridge = new FakeBridge()
  bridge.themePreference = stored
  const shown: ThemePreference[] = []
  const theme = new ThemeState({ bridge, apply: (preference) => shown.push(preference) })
  return { bridge, shown, theme }
}

describe('ThemeState', () => {
  it('follows the system at once, then shows the remembered choice once main answers', async () => {
    const { theme, shown } = setup('dark')
    expect(shown).toEqual(['system'])
    await theme.load()
    expect(theme.preference).toBe('dark')
    expect(shown).toEqual(['system', 'dark'])
  })

  it('shows a choice at once and asks main to remember it', async () => {
    const { theme, shown, bridge } = setup()
    await theme.load()
    await theme.choose('light')
    expect(theme.preference).toBe('light')
    expect(shown.at(-1)).toBe('light')
    expect(bridge.calls).toContainEqual({ method: 'setTheme', preference: 'light' })
  })

  it('keeps a choice made while the remembered one was still loading', async () => {
    const { theme, bridge } = setup('dark')
    const loading = theme.load()
    await theme.choose('light')
    await loading
    expect(theme.preference).toBe('light')
    expect(bridge.themePreference).toBe('light')
  })

  it('keeps showing a choice that could not be saved, and reports why', async () => {
    const bridge = new FakeBridge()
    const errors: unknown[] = []
    bridge.setTheme = () => Promise.reject(new Error('STORE_ERR_WRITE: disk full'))
    const theme = new ThemeState({ bridge, onError: (error) => errors.push(error) })
    await theme.choose('dark')
    expect(theme.preference).toBe('dark')
    expect(errors).toHaveLength(1)
  })

  it('ignores a stored value that is not a theme (web storage any script could write)', async () => {
    const bridge = new FakeBridge()
    bridge.getTheme = async () => 'sepia' as ThemePreference
    const theme = new ThemeState({ bridge })
    await theme.load()
    expect(theme.preference).toBe('system')
  })
})

describe('web theme settings', () => {
  function memoryStorage() {
    const items = new Map<string, string>()
    return {
      items,
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
    }
  }

  it('keeps light or dark in localStorage and forgets the key for "system"', () => {
    const storage = memoryStorage()
    saveThemePreference(storage, 'dark')
    expect(storage.items.get(THEME_KEY)).toBe('dark')
    expect(loadThemePreference(storage)).toBe('dark')
    saveThemePreference(storage, 'system')
    expect(storage.items.has(THEME_KEY)).toBe(false)
    expect(loadThemePreference(storage)).toBe('system')
  })

  it('reads anything unexpected, or no storage at all, as following the system', () => {
    const storage = memoryStorage()
    storage.items.set(THEME_KEY, 'sepia')
    expect(loadThemePreference(storage)).toBe('system')
    expect(loadThemePreference(null)).toBe('system')
  })

  it('refuses to save a value that is not a theme with SETTINGS_ERR_BAD_VALUE', () => {
    expect(() => saveThemePreference(memoryStorage(), 'sepia' as ThemePreference)).toThrow(/^SETTINGS_ERR_BAD_VALUE/)
  })
})
