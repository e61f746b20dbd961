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
 * Random loss on one interface: `up` drops leaving packets (postrouting), `down` arriving ones (prerouting),
 * so both directions are impaired from inside one namespace.
 */
export function lossRules(iface: string, percent: number, direction: Direction): string {
  const lines = [`table ip ${LOSS_TABLE} {`]
  if (direction !== 'down') {
    lines.push('  chain up {', '    type filter hook postrouting priority filter; policy accept;')
    lines.push(`    oifname "${iface}" numgen random mod 100 < ${percent} drop`, '  }')
  }
  if (direction !== 'up') {
    lines.push('  chain down {', '    type filter hook prerouting priority filter; policy accept;')
    lines.push(`    iifname "${iface}" numgen random mod 100 < ${percent} drop`, '  }')
  }
  lines.push('}', '')
  return lines.join('\n')
}
