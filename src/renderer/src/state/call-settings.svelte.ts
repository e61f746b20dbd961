/**
 * The person's call choices as the settings screen shows them: "Low data". Main keeps it in the settings file
 * (the page's `localStorage` in web mode); this mirrors it, and a call reads it when it starts.
 */
import type { TonghwaBridge } from '../../../shared/ipc-contract'

export type CallSettingsBridge = Pick<TonghwaBridge, 'getCallSettings' | 'setLowData'>

export interface CallSettingsStateOptions {
  bridge: CallSettingsBridge
  onError?: (error: unknown) => void
}

export class CallSettingsState {
  readonly #bridge: CallSettingsBridge
  readonly #onError: (error: unknown) => void
  #lowData = $state(false)
  /** Bumped by every change the person makes, so a late load does not undo it. */
  #changes = 0

  constructor(options: CallSettingsStateOptions) {
    this.#bridge = options.bridge
    this.#onError = options.onError ?? ((error) => console.warn('[call-settings]', error))
  }

  get lowData(): boolean {
    return this.#lowData
  }

  async load(): Promise<void> {
    const changes = this.#changes
    try {
      const settings = await this.#bridge.getCallSettings()
      if (changes === this.#changes) this.#lowData = settings.lowData
    } catch (error) {
      this.#onError(error)
    }
  }

  /** Takes effect at once (for the next call); put back as it was when it could not be saved. */
  async setLowData(lowData: boolean): Promise<void> {
    const previous = this.#lowData
    const change = ++this.#changes
    this.#lowData = lowData
    try {
      await this.#bridge.setLowData(lowData)
    } catch (error) {
      if (change === this.#changes) this.#lowData = previous
      this.#onError(error)
    }
  }
}
