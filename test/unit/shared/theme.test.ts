import { describe, expect, it } from 'vitest'
import { DEFAULT_THEME_PREFERENCE, isThemePreference, THEME_PREFERENCES } from '../../../src/shared/theme'

describe('theme preference', () => {
  it('is system, light or dark, and follows the system by default', () => {
    expect(THEME_PREFERENCES).toEqual(['system', 'light', 'dark'])
    expect(DEFAULT_THEME_PREFERENCE).toBe('system')
    for (const preference of THEME_PREFERENCES) expect(isThemePreference(preference)).toBe(true)
  })

  it('refuses anything else, whatever its type', () => {
    for (const value of ['Dark', 'sepia', '', 'auto', null, undefined, 1, {}, ['dark']]) expect(isThemePreference(value)).toBe(false)
  })
})
