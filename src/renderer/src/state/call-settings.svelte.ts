/**
 * The person's call choices as the settings screen shows them: "Low data", and "Your name" (shown to the people
 * they call, sent peer to peer when a call connects). Main keeps it in the settings file
 * (the page's `localStorage` in web mode); this mirrors it, and a call reads it when it starts.
 */
import type { TonghwaBridge } from '../../../shared/ipc-contract'
import { DisplayNameError, parseDisplayName } from '../../../shared/display-name'

export type CallSettingsBridge = Pick<TonghwaBridge, 'getCallSettings' | 'setLowData' | 'setDisplayName'>

export interface CallSettingsStateOptions {
  bridge: CallSettingsBridge
  onError?: (error: unknown) => void
}

export class CallSettingsState {
  readonly #bridge: CallSettingsBridge
  readonly #onError: (error: unknown) => void
  #lowData = $state(false)
  #displayName = $state('')
  /** Bumped by every change the person makes, so a late load does not undo it. */
  #changes = 0

  constructor(options: CallSettingsStateOptions) {
    this.#bridge = options.bridge
    this.#onError = options.onError ?? ((error) => console.warn('[call-settings]', error))
  }

  get lowData(): boolean {
    return this.#lowData
  }
  /** "Your name" as kept; `''` when none is set. */
  get displayName(): string {
    return this.#displayName
  }

  /**
   * Keeps "Your name" (tidied; `''` for none) and answers with why it cannot be, or null when it is saved. A call
   * that is on tells the other person at once; put back as it was when it could not be saved.
   */
  async setDisplayName(name: string): Promise<DisplayNameError | null> {
    const check = parseDisplayName(name)
    if (!check.ok) return check.code
    const previous = this.#displayName
    const change = ++this.#changes
    this.#displayName = check.name
    try {
      const kept = await this.#bridge.setDisplayName(check.name)
      if (change === this.#changes) this.#displayName = kept
      return null
    } catch (error) {
      if (change === this.#changes) this.#displayName = previous
      this.#onError(error)
      return DisplayNameError.NotSaved
    }
  }

  async load(): Promise<void> {
    const changes = this.#changes
    try {
      const settings = await this.#bridge.getCallSettings()
      if (changes === this.#changes) {
        this.#lowData = settings.lowData
        // Checked again here: in web mode it comes from storage any page script could have written.
        const name = parseDisplayName(settings.displayName)
        this.#displayName = name.ok ? name.name : ''
      }
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
