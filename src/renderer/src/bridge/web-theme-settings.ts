/**
 * Web mode's colour theme, in `localStorage` (in the app, main keeps it in its settings file). Anything
 * unexpected read back (another page's script, a later version) means "follow the system".
 */
import { DEFAULT_THEME_PREFERENCE, isThemePreference, type ThemePreference } from '../../../shared/theme'
import type { StorageLike } from './web-device-preferences'

export const THEME_KEY = 'tonghwa.theme'

export function loadThemePreference(storage: StorageLike | null): ThemePreference {
  const stored = storage?.getItem(THEME_KEY)
  return isThemePreference(stored) ? stored : DEFAULT_THEME_PREFERENCE
}

export function saveThemePreference(storage: StorageLike | null, preference: ThemePreference): void {
  if (!isThemePreference(preference)) throw new Error('SETTINGS_ERR_BAD_VALUE: expected system, light or dark')
  if (!storage) return
  if (preference === DEFAULT_THEME_PREFERENCE) storage.removeItem(THEME_KEY)
  else storage.setItem(THEME_KEY, preference)
}
