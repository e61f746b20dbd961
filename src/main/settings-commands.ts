/**
 * The settings domain of the IPC contract: the privacy choices the person makes on the home screen, kept in
 * the settings file. No Electron import: tested in Node.
 */
import type { PrivacySettings } from '../shared/ipc-contract'
import type { DomainCommands } from './ipc-handlers'

/** Where privacy choices are remembered; `SettingsStore` in the app. */
export interface PrivacySettingsStore {
  privacySettings(): PrivacySettings
  saveRelayOnly(relayOnly: boolean): Promise<void>
}

export function settingsCommands(settings: PrivacySettingsStore): DomainCommands<'settings'> {
  return {
    'settings:get-privacy': () => settings.privacySettings(),
    'settings:set-relay-only': (relayOnly) => settings.saveRelayOnly(relayOnly),
  }
}
