/**
 * Where this app can be reached, as the home screen says it ("On this network, with 2 other Tonghwa apps",
 * "Only on this computer", "Through signal.example.org"), and the setting "Let people on this network reach me"
 * (docs/lan.md). Main knows and tells every change; web mode has nothing to say (`status` stays null).
 */
import type { NetworkStatus, TonghwaBridge } from '../../../shared/ipc-contract'

export type NetworkBridge = Pick<TonghwaBridge, 'getNetworkStatus' | 'setLanReachable' | 'onNetworkStatus'>

export interface NetworkStateOptions {
  bridge: NetworkBridge
  onError?: (error: unknown) => void
}

export class NetworkState {
  readonly #bridge: NetworkBridge
  readonly #onError: (error: unknown) => void
  #status = $state.raw<NetworkStatus | null>(null)
  #saving = $state(false)
  readonly #unsubscribe: () => void

  constructor(options: NetworkStateOptions) {
    this.#bridge = options.bridge
    this.#onError = options.onError ?? ((error) => console.warn('[network]', error))
    this.#unsubscribe = this.#bridge.onNetworkStatus((status) => (this.#status = status))
  }

  get status(): NetworkStatus | null {
    return this.#status
  }

  get saving(): boolean {
    return this.#saving
  }

  async load(): Promise<void> {
    try {
      const status = await this.#bridge.getNetworkStatus()
      // An event may have arrived first: it is as new as this answer or newer.
      this.#status ??= status
    } catch (error) {
      this.#onError(error)
    }
  }

  async setReachable(reachable: boolean): Promise<void> {
    this.#saving = true
    try {
      this.#status = await this.#bridge.setLanReachable(reachable)
    } catch (error) {
      this.#onError(error)
    } finally {
      this.#saving = false
    }
  }

  dispose(): void {
    this.#unsubscribe()
  }
}
