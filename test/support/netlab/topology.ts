/**
 * Topologies as data: what the tests ask for (`LabSpec`) and what they get back (computers with their
 * namespace and address, homes with their router's public address and links to impair).
 */

/** Computers on one bridged subnet (a home or office network), with no way out. */
export interface NetworkSpec {
  /** Unique in the lab; letters, digits and dashes. */
  name: string
  /** A private /24, e.g. `10.77.0.0/24`. Two networks may use the same one: they are never connected. */
  subnet: string
  /** Computer names (unique in the lab); they get `.10`, `.11`, … in order. The switch holds `.1`. */
  computers: string[]
}

/**
 * `cone`: masquerade that keeps the port for every destination, plus the firewall that drops what nobody
 * inside asked for (without it the other side's first packet steals the mapping; see the README).
 * `symmetric`: a new public port for each destination (`masquerade random`).
 */
export type NatKind = 'cone' | 'symmetric'

export interface HomeSpec {
  name: string
  nat: NatKind
  /** The router drops every UDP packet from inside (an office firewall): only TCP gets out. */
  blockUdp?: boolean
  /**
   * The router lets TCP out only to these destination ports, e.g. `[80, 443]` (an office firewall that allows
   * only the web). Default: every port.
   */
  tcpPortsOut?: number[]
  /** Private /24 behind the router; default `192.168.<n>.0/24` for the n-th home. */
  subnet?: string
  /** Computer names behind the router; default one computer named after the home. */
  computers?: string[]
}

/** A public network: servers on 203.0.113.0/24, home routers' outside addresses on 198.51.100.0/24. */
export interface InternetSpec {
  /** Server names; each gets its own namespace and 203.0.113.10, .11, … */
  servers: string[]
  homes: HomeSpec[]
}

export interface LabSpec {
  networks?: NetworkSpec[]
  internet?: InternetSpec
}

/** One end of a veth pair and what sits across it, for impairments (rate, loss, link down). */
export interface LabLink {
  /** The namespace and interface on this side (a computer's `net0`, a router's `wan0`). */
  readonly ns: string
  readonly iface: string
  /** The switch port across the wire: its egress is this side's download direction. */
  readonly peerNs: string
  readonly peerIface: string
  /** This side's address; a router's changes with `lab.changePublicAddress`. */
  address: string
  readonly prefixLength: number
  /** Re-added as the default route when the link comes back up. */
  readonly gateway: string
}

export interface LabComputer {
  readonly name: string
  readonly ns: string
  /** Its own address on its network (a home computer's private one, a server's public one). */
  readonly address: string
  readonly link: LabLink
}

export interface LabNetwork {
  readonly name: string
  /** The namespace holding the network's bridge ("switch"). */
  readonly switchNs: string
  readonly computers: readonly LabComputer[]
}

export interface LabRouter {
  readonly ns: string
  /** The outside link; `wan.address` is the home's current public address. */
  readonly wan: LabLink
  /** The router's address inside the home (the computers' gateway). */
  readonly lanAddress: string
}

export interface LabHome {
  readonly name: string
  readonly nat: NatKind
  readonly blockUdp: boolean
  /** The TCP destination ports the router lets out; undefined when all are. */
  readonly tcpPortsOut: readonly number[] | undefined
  readonly router: LabRouter
  readonly computers: readonly LabComputer[]
}

export interface LabInternet {
  /** The core namespace: the public bridge, and the gateway for both public subnets. */
  readonly ns: string
  readonly servers: readonly LabComputer[]
  readonly homes: readonly LabHome[]
}

/** Something that lives in a namespace: a computer, a server, a router, or a bare namespace name. */
export type LabTarget = string | { readonly ns: string }

export function namespaceOf(target: LabTarget): string {
  return typeof target === 'string' ? target : target.ns
}
