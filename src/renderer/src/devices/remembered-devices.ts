/**
 * The person's remembered device choices, kept by main (or `localStorage` in web mode) and cached here.
 * Only explicit choices are remembered: an automatic fallback never replaces one.
 */
import type { DeviceChoice, DeviceKind, DevicePreferences } from '../../../shared/devices'
import type { TonghwaBridge } from '../../../shared/ipc-contract'

export type PreferencesBridge = Pick<TonghwaBridge, 'getDevicePreferences' | 'saveDevicePreference'>

export class RememberedDevices {
  readonly #bridge: PreferencesBridge
  readonly #onError: (error: unknown) => void
  #preferences: DevicePreferences = {}

  constructor(bridge: PreferencesBridge, onError: (error: unknown) => void) {
    this.#bridge = bridge
    this.#onError = onError
  }

  /** Loads what was remembered; on failure the defaults are used (and the error reported). */
  async load(): Promise<void> {
    try {
      this.#preferences = await this.#bridge.getDevicePreferences()
    } catch (error) {
      this.#onError(error)
    }
  }

  get(kind: DeviceKind): DeviceChoice | undefined {
    return this.#preferences[kind]
  }

  /** Remembers a choice (`null`: back to the system default), here at once and then through the bridge. */
  async remember(kind: DeviceKind, choice: DeviceChoice | null): Promise<void> {
    const copy = choice ? { deviceId: choice.deviceId, label: choice.label } : null
    const preferences = { ...this.#preferences }
    if (copy) preferences[kind] = copy
    else delete preferences[kind]
    this.#preferences = preferences
    try {
      await this.#bridge.saveDevicePreference(kind, copy)
    } catch (error) {
      this.#onError(error)
    }
  }
}
