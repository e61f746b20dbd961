/**
 * Web mode's privacy choices, in `localStorage` (in the app, main keeps them in its settings file). Only the
 * exact strings written here count: anything else read back (edited by hand, another version) means "off".
 */
import type { PrivacySettings } from '../../../shared/ipc-contract'
import type { StorageLike } from './web-device-preferences'

export const RELAY_ONLY_KEY = 'tonghwa.relayOnly'

export function loadPrivacySettings(storage: StorageLike | null): PrivacySettings {
  return { relayOnly: storage?.getItem(RELAY_ONLY_KEY) === 'true' }
}

export function saveRelayOnly(storage: StorageLike | null, relayOnly: boolean): void {
  if (typeof relayOnly !== 'boolean') throw new Error('SETTINGS_ERR_BAD_VALUE: expected true or false')
  if (!storage) return
  if (relayOnly) storage.setItem(RELAY_ONLY_KEY, 'true')
  else storage.removeItem(RELAY_ONLY_KEY)
}
