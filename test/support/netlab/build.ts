/**
 * Turns a `LabSpec` into namespaces. Each namespace is registered for cleanup the moment it exists, so a
 * build that fails half way is removed like any other lab.
 */
import { execIn, NetlabError } from './commands'
import { host, parseSubnet, ROUTER_SUBNET, SERVER_SUBNET, type Subnet } from './addressing'
import { createNamespace } from './namespaces'
import { routerRules } from './nft-rules'
import { createBridge, plugIntoSwitch } from './wiring'
import type { HomeSpec, InternetSpec, LabComputer, LabHome, LabInternet, LabNetwork, NetworkSpec } from './topology'

const NAME = /^[a-z][a-z0-9-]{0,23}$/
const FIRST_HOST = 10
/** Outside addresses handed out by `changePublicAddress` start here, above the routers' initial ones. */
export const FIRST_MOVED_PUBLIC_HOST = 100

export class LabBuilder {
  /** In creation order; the lab removes them in reverse. */
  readonly namespaces: string[] = []

  constructor(readonly labId: string) {}

  async buildNetwork(spec: NetworkSpec): Promise<LabNetwork> {
    checkName(spec.name, 'network')
    const subnet = parseSubnet(spec.subnet, 'private')
    const switchNs = await this.#namespace(`switch-${spec.name}`)
    // The switch holds .1 as the computers' gateway, with forwarding off: a network with no way out.
    await createBridge(switchNs, 'br0', [`${host(subnet, 1)}/24`])
    const computers = await this.#computers(spec.computers, subnet, switchNs, 'br0')
    return { name: spec.name, switchNs, computers }
  }

  async buildInternet(spec: InternetSpec): Promise<LabInternet> {
    const servers = parseSubnet(SERVER_SUBNET, 'public')
    const routers = parseSubnet(ROUTER_SUBNET, 'public')
    if (spec.servers.length > FIRST_MOVED_PUBLIC_HOST - FIRST_HOST || spec.homes.length > FIRST_MOVED_PUBLIC_HOST - FIRST_HOST) {
      throw new NetlabError('NETLAB_BAD_TOPOLOGY', `at most ${FIRST_MOVED_PUBLIC_HOST - FIRST_HOST} servers and homes`)
    }
    const core = await this.#namespace('internet', { forwarding: true })
    // One bridge carries both public subnets; the core routes between them, like an ISP between customers.
    await createBridge(core, 'br0', [`${host(servers, 1)}/24`, `${host(routers, 1)}/24`])
    const serverComputers = await this.#computers(spec.servers, servers, core, 'br0')
    const homes: LabHome[] = []
    for (const [index, home] of spec.homes.entries()) {
      homes.push(await this.#home(home, index, core, host(routers, FIRST_HOST + index), host(routers, 1)))
    }
    return { ns: core, servers: serverComputers, homes }
  }

  async #home(spec: HomeSpec, index: number, core: string, publicAddress: string, publicGateway: string): Promise<LabHome> {
    checkName(spec.name, 'home')
    const subnet = parseSubnet(spec.subnet ?? `192.168.${index + 1}.0/24`, 'private')
    const routerNs = await this.#namespace(`router-${spec.name}`, { forwarding: true })
    // The home's own switch lives in the router, as in a real home router; `lan0` is what the firewall names.
    // Created before the outside link, whose default route then replaces the bridge's.
    await createBridge(routerNs, 'lan0', [`${host(subnet, 1)}/24`])
    const wan = await plugIntoSwitch({
      ns: routerNs,
      iface: 'wan0',
      switchNs: core,
      bridge: 'br0',
      port: `home${index}`,
      address: publicAddress,
      prefixLength: 24,
      gateway: publicGateway,
    })
    const blockUdp = spec.blockUdp ?? false
    const tcpPortsOut = spec.tcpPortsOut === undefined ? undefined : checkedPorts(spec.tcpPortsOut)
    await execIn(routerNs, 'nft', ['-f', '-'], { input: routerRules({ nat: spec.nat, blockUdp, tcpPortsOut, wan: 'wan0', lan: 'lan0' }) })
    const computers = await this.#computers(spec.computers ?? [spec.name], subnet, routerNs, 'lan0')
    return { name: spec.name, nat: spec.nat, blockUdp, tcpPortsOut, router: { ns: routerNs, wan, lanAddress: host(subnet, 1) }, computers }
  }

  async #computers(names: readonly string[], subnet: Subnet, switchNs: string, bridge: string): Promise<LabComputer[]> {
    const computers: LabComputer[] = []
    for (const [index, name] of names.entries()) {
      checkName(name, 'computer')
      const ns = await this.#namespace(name)
      const address = host(subnet, FIRST_HOST + index)
      const link = await plugIntoSwitch({ ns, iface: 'net0', switchNs, bridge, port: `pc${index}`, address, prefixLength: 24, gateway: host(subnet, 1) })
      computers.push({ name, ns, address, link })
    }
    return computers
  }

  async #namespace(suffix: string, options?: { forwarding?: boolean }): Promise<string> {
    const name = `${this.labId}-${suffix}`
    if (this.namespaces.includes(name)) throw new NetlabError('NETLAB_BAD_TOPOLOGY', `two parts of the lab are both called ${suffix}`)
    this.namespaces.push(name)
    await createNamespace(name, options)
    return name
  }
}

function checkName(name: string, what: string): void {
  if (!NAME.test(name)) throw new NetlabError('NETLAB_BAD_TOPOLOGY', `${what} name ${JSON.stringify(name)} must match ${NAME}`)
}

/** Ports go into an nft rule as they are: only whole numbers 1…65535, at least one. */
function checkedPorts(ports: readonly number[]): number[] {
  if (ports.length === 0 || !ports.every((port) => Number.isInteger(port) && port >= 1 && port <= 65_535)) {
    throw new NetlabError('NETLAB_BAD_TOPOLOGY', `tcpPortsOut must list TCP ports 1…65535, got ${JSON.stringify(ports)}`)
  }
  return [...ports]
}
