/**
 * One network namespace set up the way the lab needs every namespace: `lo` up, IPv6 off and rp_filter 0 (so
 * Chromium's candidates stay on the lab's IPv4 addresses, and asymmetric lab paths are not dropped), and, for
 * routers, forwarding on. The default route is added by whoever wires the namespace's link.
 */
import { ipIn, execIn, run } from './commands'
import { NAMESPACE_PREFIX, registerNamespace, removeNamespaceSync, unregisterNamespace } from './cleanup'

let labCount = 0

/** `thlab-<pid>-<n>`: the pid is what `purgeStaleLabs` checks; n keeps two labs of one process apart. */
export function nextLabId(): string {
  labCount += 1
  return `${NAMESPACE_PREFIX}${process.pid}-${labCount}`
}

export interface NamespaceOptions {
  /** Routers and the internet core forward packets; computers and servers do not. */
  forwarding?: boolean
}

export async function createNamespace(name: string, { forwarding = false }: NamespaceOptions = {}): Promise<void> {
  await run('ip', ['netns', 'add', name])
  registerNamespace(name)
  // `default.*` before any link exists, so the veths created later inherit it.
  const settings = [
    'net.ipv6.conf.all.disable_ipv6=1',
    'net.ipv6.conf.default.disable_ipv6=1',
    'net.ipv6.conf.lo.disable_ipv6=1',
    'net.ipv4.conf.all.rp_filter=0',
    'net.ipv4.conf.default.rp_filter=0',
    `net.ipv4.ip_forward=${forwarding ? 1 : 0}`,
    // A router whose outside address changes adds the new one before deleting the old; without this the
    // kernel deletes every address of that subnet along with the old primary.
    'net.ipv4.conf.all.promote_secondaries=1',
  ]
  // The internet core routes between two subnets on one bridge: redirects would teach hosts a shortcut.
  if (forwarding) settings.push('net.ipv4.conf.all.send_redirects=0', 'net.ipv4.conf.default.send_redirects=0')
  await execIn(name, 'sysctl', ['-q', '-w', ...settings])
  await ipIn(name, ['link', 'set', 'lo', 'up'])
}

export async function removeNamespace(name: string): Promise<void> {
  // Synchronous on purpose: the same code as the exit hooks, so both paths are exercised by every test.
  removeNamespaceSync(name)
  unregisterNamespace(name)
}
