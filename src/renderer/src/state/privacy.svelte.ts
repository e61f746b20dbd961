/**
 * The person's privacy choices as the home screen shows them: "Always use a relay". Main keeps it in the
 * settings file (the page's `localStorage` in web mode); this mirrors it, and a call reads it when it starts.
 */
import type { TonghwaBridge } from '../../../shared/ipc-contract'

export type PrivacyBridge = Pick<TonghwaBridge, 'getPrivacySettings' | 'setRelayOnly'>

export interface PrivacyStateOptions {
  bridge: PrivacyBridge
  onError?: (error: unknown) => void
}

export class PrivacyState {
  readonly #bridge: PrivacyBridge
  readonly #onError: (error: unknown) => void
  #relayOnly = $state(false)
  /** Bumped by every change the person makes, so a late load does not undo it. */
  #changes = 0

  constructor(options: PrivacyStateOptions) {
    this.#bridge = options.bridge
    this.#onError = options.onError ?? ((error) => console.warn('[privacy]', error))
  }

  get relayOnly(): boolean {
    return this.#relayOnly
  }

  async load(): Promise<void> {
    const changes = this.#changes
    try {
      const settings = await this.#bridge.getPrivacySettings()
      if (changes === this.#changes) this.#relayOnly = settings.relayOnly
    } catch (error) {
      this.#onError(error)
    }
  }

  /** Takes effect at once (for the next call); put back as it was when it could not be saved. */
  async setRelayOnly(relayOnly: boolean): Promise<void> {
    const previous = this.#relayOnly
    const change = ++this.#changes
    this.#relayOnly = relayOnly
    try {
      await this.#bridge.setRelayOnly(relayOnly)
    } catch (error) {
      if (change === this.#changes) this.#relayOnly = previous
      this.#onError(error)
    }
  }
}
