/**
 * nftables rule files for routers and impairments, as text for `nft -f` (nft 1.0.6 rejects a whole table on
 * one line). Pure functions, so what a router does can be read in one place.
 */
import type { NatKind } from './topology'

export interface RouterRulesOptions {
  nat: NatKind
  blockUdp: boolean
  /** TCP destination ports allowed out from inside; undefined for all. */
  tcpPortsOut?: readonly number[] | undefined
  wan: string
  lan: string
}

export const ROUTER_TABLE = 'thlab_router'
export const LOSS_TABLE = 'thlab_loss'

export function routerRules({ nat, blockUdp, tcpPortsOut, wan, lan }: RouterRulesOptions): string {
  // `random` picks a new source port per connection, so each destination sees another port: a symmetric NAT.
  // Without it Linux keeps the inside port whenever it is free: endpoint-independent mapping, a "cone".
  const masquerade = nat === 'symmetric' ? 'masquerade random' : 'masquerade'
  return [
    `table ip ${ROUTER_TABLE} {`,
    '  chain postrouting {',
    '    type nat hook postrouting priority srcnat; policy accept;',
    `    oifname "${wan}" ${masquerade}`,
    '  }',
    '  chain forward {',
    '    type filter hook forward priority filter; policy accept;',
    // Only answers come in. Without these two rules the other side's first packet reaches the router before
    // our computer has sent anything, becomes a new connection, takes the port, and our mapping moves:
    // STUN-only calls then fail although each STUN server saw the port kept.
    `    iifname "${wan}" ct state established,related accept`,
    `    iifname "${wan}" drop`,
    ...(blockUdp ? [`    iifname "${lan}" meta l4proto udp drop`] : []),
    ...(tcpPortsOut ? [`    iifname "${lan}" tcp dport != { ${tcpPortsOut.join(', ')} } drop`] : []),
    '  }',
    '  chain input {',
    '    type filter hook input priority filter; policy accept;',
    `    iifname "${wan}" ct state new drop`,
    '  }',
    '}',
    '',
  ].join('\n')
}

export type Direction = 'up' | 'down' | 'both'

/**
 * Random loss of what arrives on one device: a `netdev` ingress chain, so a packet is lost on the wire, before
 * either end's IP stack sees it. `up` loss of a link is the ingress of the device across the wire (the switch
 * port), `down` loss its own device's. Not the sender's own postrouting: a locally sent UDP packet dropped there
 * makes `sendmsg` fail with EPERM, and Chromium sends it again, so a "10 %" loss lost about 1 % of a call's
 * packets (measured with bench/network/lab-call.ts; a Node probe, which does not resend, lost the full 10 %).
 */
export function ingressLossRules(table: string, device: string, percent: number): string {
  return [
    `table netdev ${table} {`,
    '  chain ingress {',
    `    type filter hook ingress device "${device}" priority filter; policy accept;`,
    // IPv4 only: lost ARP would make the first packets to a neighbour wait for a retry, a loss burst of its own.
    `    meta protocol ip numgen random mod 100 < ${percent} drop`,
    '  }',
    '}',
    '',
  ].join('\n')
}

/** The loss table of one device, named after it (nft table names: letters, digits and underscores). */
export function lossTableOf(device: string): string {
  return `${LOSS_TABLE}_${device.replace(/[^A-Za-z0-9_]/g, '_')}`
}
