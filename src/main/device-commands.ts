/**
 * The devices domain of the IPC contract: the renderer reports what it sees (main rebuilds the Devices menu
 * from it) and reads and saves the remembered choices. No Electron import: tested in Node.
 */
import type { DeviceChoice, DeviceKind, DevicePreferences, DeviceReport } from '../shared/devices'
import type { DomainCommands } from './ipc-handlers'

/** Where choices are remembered; `SettingsStore` in the app. */
export interface DevicePreferenceStore {
  devicePreferences(): DevicePreferences
  saveDevicePreference(kind: DeviceKind, choice: DeviceChoice | null): Promise<void>
}

export interface DeviceCommandsOptions {
  settings: DevicePreferenceStore
  /** A validated report from this window; in the app, `DevicesMenuController#report`. */
  onReport: (report: DeviceReport) => void
}

export function deviceCommands({ settings, onReport }: DeviceCommandsOptions): DomainCommands<'devices'> {
  return {
    'devices:report': (report) => onReport(report),
    'devices:get-preferences': () => settings.devicePreferences(),
    'devices:save-preference': (kind, choice) => settings.saveDevicePreference(kind, choice),
  }
}
