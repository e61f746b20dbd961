/**
 * Web mode's call choices ("Low data"), in `localStorage` (in the app, main keeps them in its settings file).
 * Only the exact string written here counts: anything else read back (edited by hand, another version) means "off".
 */
import type { CallSettings } from '../../../shared/ipc-contract'
import type { StorageLike } from './web-device-preferences'

export const LOW_DATA_KEY = 'tonghwa.lowData'

export function loadCallSettings(storage: StorageLike | null): CallSettings {
  return { lowData: storage?.getItem(LOW_DATA_KEY) === 'true' }
}

export function saveLowData(storage: StorageLike | null, lowData: boolean): void {
  if (typeof lowData !== 'boolean') throw new Error('SETTINGS_ERR_BAD_VALUE: expected true or false')
  if (!storage) return
  if (lowData) storage.setItem(LOW_DATA_KEY, 'true')
  else storage.removeItem(LOW_DATA_KEY)
}
