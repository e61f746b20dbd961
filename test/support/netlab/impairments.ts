/**
 * Making a link bad: a rate cap (`tc tbf`; this kernel has no netem, fq_codel, sfq or cake), random loss
 * (nftables `numgen random`), and the link going down and coming back. All of it happens inside lab
 * namespaces, on a `LabLink` (a computer's link, a server's, or a home router's `router.wan`).
 */
import { execIn, ipIn, NetlabError, run } from './commands'
import { ingressLossRules, lossTableOf, type Direction } from './nft-rules'
import type { LabLink } from './topology'

export type { Direction } from './nft-rules'

export interface RateCap {
  kbit: number
  /** `up`: what leaves this side; `down`: what arrives. Default both. */
  direction?: Direction
}

/** Caps the link's rate with a token bucket. Replaces an earlier cap on the same link. */
export async function limitRate(link: LabLink, { kbit, direction = 'both' }: RateCap): Promise<void> {
  if (!Number.isFinite(kbit) || kbit < 8 || kbit > 10_000_000) throw new NetlabError('NETLAB_BAD_TOPOLOGY', `rate ${kbit} kbit/s is outside 8 kbit/s…10 Gbit/s`)
  // The bucket must hold at least one full packet and one timer tick's worth of bytes, or tbf stalls.
  const burstBytes = Math.max(4096, Math.ceil((kbit * 1000) / 8 / 100))
  const args = (iface: string) => ['qdisc', 'replace', 'dev', iface, 'root', 'tbf', 'rate', `${kbit}kbit`, 'burst', `${burstBytes}`, 'latency', '200ms']
  for (const [ns, iface] of sides(link, direction)) await run('tc', ['-n', ns, ...args(iface)])
}

export interface Loss {
  /** Whole percent, 0…100. */
  percent: number
  direction?: Direction
}

/** Drops a random share of packets. Replaces an earlier loss rule on the same link's namespace. */
export async function dropPackets(link: LabLink, { percent, direction = 'both' }: Loss): Promise<void> {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new NetlabError('NETLAB_BAD_TOPOLOGY', `loss ${percent} % is not a whole percent`)
  await removeLoss(link)
  // Lost on the wire: where each direction arrives (see ingressLossRules for why not where it leaves).
  for (const [ns, device] of sides(link, direction).map(([sideNs, sideIface]) => arrivalOf(link, sideNs, sideIface))) {
    await execIn(ns, 'nft', ['-f', '-'], { input: ingressLossRules(lossTableOf(device), device, percent) })
  }
}

/** Removes rate caps and loss from the link (both directions). */
export async function clearImpairments(link: LabLink): Promise<void> {
  for (const [ns, iface] of sides(link, 'both')) {
    await run('tc', ['-n', ns, 'qdisc', 'del', 'dev', iface, 'root'], { allowFailure: true })
  }
  await removeLoss(link)
}

/**
 * Takes the link down (as a cable pulled or Wi-Fi lost) or brings it back. Going down drops the routes through
 * it, so coming back re-adds the default route.
 */
export async function setLinkUp(link: LabLink, up: boolean): Promise<void> {
  await ipIn(link.ns, ['link', 'set', link.iface, up ? 'up' : 'down'])
  if (up) await ipIn(link.ns, ['route', 'replace', 'default', 'via', link.gateway, 'dev', link.iface])
}

/** Link down for `seconds`, then up again. */
export async function flapLink(link: LabLink, seconds: number): Promise<void> {
  if (!(seconds > 0 && seconds <= 60)) throw new NetlabError('NETLAB_BAD_TOPOLOGY', `a link can be down for 0…60 s, not ${seconds}`)
  await setLinkUp(link, false)
  try {
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  } finally {
    await setLinkUp(link, true)
  }
}

async function removeLoss(link: LabLink): Promise<void> {
  for (const [ns, device] of [[link.ns, link.iface], [link.peerNs, link.peerIface]] as const) {
    await execIn(ns, 'nft', ['delete', 'table', 'netdev', lossTableOf(device)], { allowFailure: true })
  }
}

/** What leaves one side arrives on the other: the device (and its namespace) where that direction's loss goes. */
function arrivalOf(link: LabLink, ns: string, iface: string): [string, string] {
  return ns === link.ns && iface === link.iface ? [link.peerNs, link.peerIface] : [link.ns, link.iface]
}

/** Egress of this side is `up`; egress of the switch port across is `down`. */
function sides(link: LabLink, direction: Direction): Array<[string, string]> {
  const up: [string, string] = [link.ns, link.iface]
  const down: [string, string] = [link.peerNs, link.peerIface]
  return direction === 'up' ? [up] : direction === 'down' ? [down] : [up, down]
}
