/**
 * The settings domain of the IPC contract: the privacy, call and language choices the person makes in the window,
 * kept in the settings file. No Electron import: tested in Node.
 */
import type { CallSettings, LanguageSettings, PrivacySettings } from '../shared/ipc-contract'
import type { LanguagePreference } from '../shared/language'
import type { ThemePreference } from '../shared/theme'
import type { DomainCommands } from './ipc-handlers'

/** Where privacy choices are remembered; `SettingsStore` in the app. */
export interface PrivacySettingsStore {
  privacySettings(): PrivacySettings
  saveRelayOnly(relayOnly: boolean): Promise<void>
}

/** Where the call choices ("Low data") are remembered; `SettingsStore` in the app. */
export interface CallSettingsStore {
  callSettings(): CallSettings
  saveLowData(lowData: boolean): Promise<void>
  /** Keeps "Your name" (checked and tidied by the contract already); resolves with the name as kept. */
  saveDisplayName(name: string): Promise<string>
}

/** Where the language choice is remembered, with the OS's preferred languages; `SettingsStore` in the app. */
export interface LanguageSettingsStore {
  languageSettings(): LanguageSettings
  saveLanguage(preference: LanguagePreference): Promise<void>
}

/** Where the colour theme is remembered; `SettingsStore` in the app. */
export interface ThemeSettingsStore {
  themePreference(): ThemePreference
  saveTheme(preference: ThemePreference): Promise<void>
}

export function settingsCommands(
  settings: PrivacySettingsStore & CallSettingsStore & LanguageSettingsStore & ThemeSettingsStore,
): DomainCommands<'settings'> {
  return {
    'settings:get-privacy': () => settings.privacySettings(),
    'settings:set-relay-only': (relayOnly) => settings.saveRelayOnly(relayOnly),
    'settings:get-call': () => settings.callSettings(),
    'settings:set-low-data': (lowData) => settings.saveLowData(lowData),
    'settings:set-display-name': (name) => settings.saveDisplayName(name),
    'settings:get-language': () => settings.languageSettings(),
    'settings:set-language': (preference) => settings.saveLanguage(preference),
    'settings:get-theme': () => settings.themePreference(),
    'settings:set-theme': (preference) => settings.saveTheme(preference),
  }
}
