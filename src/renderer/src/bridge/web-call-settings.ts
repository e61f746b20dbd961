/**
 * Web mode's call choices ("Low data", "Your name"), in `localStorage` (in the app, main keeps them in its settings
 * file). Only the exact string written here counts: anything else read back (edited by hand, another version) means
 * "off", and a name that is not one as `parseDisplayName` keeps it means no name.
 */
import type { CallSettings } from '../../../shared/ipc-contract'
import { isDisplayName, MAX_DISPLAY_NAME_LENGTH, parseDisplayName } from '../../../shared/display-name'
import type { StorageLike } from './web-device-preferences'

export const LOW_DATA_KEY = 'tonghwa.lowData'
export const DISPLAY_NAME_KEY = 'tonghwa.displayName'

export function loadCallSettings(storage: StorageLike | null): CallSettings {
  const displayName = storage?.getItem(DISPLAY_NAME_KEY) ?? ''
  return { lowData: storage?.getItem(LOW_DATA_KEY) === 'true', displayName: isDisplayName(displayName) ? displayName : '' }
}

export function saveLowData(storage: StorageLike | null, lowData: boolean): void {
  if (typeof lowData !== 'boolean') throw new Error('SETTINGS_ERR_BAD_VALUE: expected true or false')
  if (!storage) return
  if (lowData) storage.setItem(LOW_DATA_KEY, 'true')
  else storage.removeItem(LOW_DATA_KEY)
}

/** Keeps "Your name" tidied (`''`: none) and answers with it as kept; throws `DISPLAY_NAME_ERR_…` for a name that cannot be one. */
export function saveDisplayName(storage: StorageLike | null, name: string): string {
  const check = parseDisplayName(name)
  if (!check.ok) throw new Error(`${check.code}: expected a name of at most ${MAX_DISPLAY_NAME_LENGTH} characters`)
  if (!storage) return check.name
  if (check.name) storage.setItem(DISPLAY_NAME_KEY, check.name)
  else storage.removeItem(DISPLAY_NAME_KEY)
  return check.name
}
