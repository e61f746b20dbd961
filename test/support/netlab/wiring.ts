/**
 * Bridges and veth pairs, always created directly inside lab namespaces (`ip -n A link add … peer … netns B`),
 * so no link ever exists in the root namespace, not even for a moment.
 */
import { ipIn } from './commands'
import type { LabLink } from './topology'

/** A bridge ("switch") inside `ns`, optionally with an address on it (a gateway). */
export async function createBridge(ns: string, name: string, addresses: readonly string[] = []): Promise<void> {
  // Multicast snooping off: with no querier on the lab, snooping can stop forwarding multicast, and DNS-SD
  // (issue 14) rides on multicast.
  await ipIn(ns, ['link', 'add', name, 'type', 'bridge', 'mcast_snooping', '0'])
  for (const address of addresses) await ipIn(ns, ['address', 'add', address, 'dev', name])
  await ipIn(ns, ['link', 'set', name, 'up'])
  // Every namespace gets a default route (Chromium gathers no host candidates without one). A switch has no
  // gateway, so its route points at the bridge itself: unknown destinations go nowhere, never off the machine.
  await ipIn(ns, ['route', 'replace', 'default', 'dev', name])
}

export interface PlugOptions {
  /** The namespace being connected, and the name of its interface there. */
  ns: string
  iface: string
  /** The switch: its namespace, bridge, and the name for the new port. */
  switchNs: string
  bridge: string
  port: string
  address: string
  prefixLength: number
  gateway: string
}

/** Connects `ns` to a switch with a veth pair, addresses it, and sets its default route. */
export async function plugIntoSwitch(options: PlugOptions): Promise<LabLink> {
  const { ns, iface, switchNs, bridge, port, address, prefixLength, gateway } = options
  await ipIn(ns, ['link', 'add', iface, 'type', 'veth', 'peer', 'name', port, 'netns', switchNs])
  await ipIn(switchNs, ['link', 'set', port, 'master', bridge])
  await ipIn(switchNs, ['link', 'set', port, 'up'])
  await ipIn(ns, ['address', 'add', `${address}/${prefixLength}`, 'dev', iface])
  await ipIn(ns, ['link', 'set', iface, 'up'])
  await ipIn(ns, ['route', 'replace', 'default', 'via', gateway, 'dev', iface])
  return { ns, iface, peerNs: switchNs, peerIface: port, address, prefixLength, gateway }
}
