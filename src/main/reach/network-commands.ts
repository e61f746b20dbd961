/**
 * The network domain of the IPC contract: where the app can be reached (the home screen's line), and the
 * setting "Let people on this network reach me". No Electron import: tested in Node.
 */
import type { NetworkStatus } from '../../shared/ipc-contract'
import type { DomainCommands, EmitBridgeEvent } from '../ipc-handlers'

/** What a window needs of the app's reach (`AppCore` in the app). */
export interface NetworkService {
  status(): NetworkStatus
  setReachable(reachable: boolean): Promise<void>
  onChange(listener: () => void): () => void
}

export function networkCommands(network: NetworkService | undefined): DomainCommands<'network'> {
  return {
    'network:get-status': () => network?.status() ?? null,
    'network:set-reachable': async (reachable) => {
      if (!network) throw new Error('NETWORK_ERR_UNAVAILABLE: this window has no network setting')
      await network.setReachable(reachable)
      return network.status()
    },
  }
}

/** Tells the page every change; returns the unsubscribe. */
export function forwardNetworkStatus(network: NetworkService | undefined, emit: EmitBridgeEvent): () => void {
  if (!network) return () => undefined
  return network.onChange(() => emit('network:status', network.status()))
}
