/**
 * Web mode's language choice, in `localStorage` (in the app, main keeps it in its settings file); the system's
 * languages are the browser's (`navigator.languages`). Anything unexpected read back means "follow the system".
 */
import type { LanguageSettings } from '../../../shared/ipc-contract'
import { isLanguagePreference, type LanguagePreference } from '../../../shared/language'
import type { StorageLike } from './web-device-preferences'

export const LANGUAGE_KEY = 'tonghwa.language'

export function loadLanguageSettings(storage: StorageLike | null, systemLanguages: readonly string[]): LanguageSettings {
  const stored = storage?.getItem(LANGUAGE_KEY)
  return { preference: isLanguagePreference(stored) ? stored : 'system', systemLanguages: [...systemLanguages] }
}

export function saveLanguage(storage: StorageLike | null, preference: LanguagePreference): void {
  if (!isLanguagePreference(preference)) throw new Error('SETTINGS_ERR_BAD_VALUE: expected system, en or ko')
  if (!storage) return
  if (preference === 'system') storage.removeItem(LANGUAGE_KEY)
  else storage.setItem(LANGUAGE_KEY, preference)
}
