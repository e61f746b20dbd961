/**
 * A lab: the namespaces of one `LabSpec`, what runs in them, and `close()` that removes it all. Build one per
 * test file (building takes well under a second), close it in `afterAll`.
 *
 *   const lab = await createLab({ networks: [{ name: 'office', subnet: '10.77.0.0/24', computers: ['a', 'b'] }] })
 *   const echo = lab.spawnNode(lab.computer('b'), [PROBE, 'udp-echo', '5000'])
 *   await lab.close()
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, LaunchOptions } from '@playwright/test'
import { startProcess, type RunningProcess } from '../child-process'
import { host, parseSubnet, ROUTER_SUBNET } from './addressing'
import { FIRST_MOVED_PUBLIC_HOST, LabBuilder } from './build'
import { launchChromiumInNamespace } from './chromium'
import { purgeStaleLabs, registerDirectory, unregisterDirectory } from './cleanup'
import { execIn, ipIn, NetlabError, type CommandResult, type RunOptions } from './commands'
import { nextLabId, removeNamespace } from './namespaces'
import { namespaceOf, type LabComputer, type LabHome, type LabInternet, type LabNetwork, type LabSpec, type LabTarget } from './topology'

export async function createLab(spec: LabSpec): Promise<Lab> {
  // A SIGKILLed earlier run cannot clean up after itself; the next lab does it.
  purgeStaleLabs()
  const builder = new LabBuilder(nextLabId())
  try {
    const networks: LabNetwork[] = []
    for (const network of spec.networks ?? []) networks.push(await builder.buildNetwork(network))
    const internet = spec.internet ? await builder.buildInternet(spec.internet) : undefined
    return new Lab(builder, networks, internet)
  } catch (error) {
    // Also where a spec with two parts of one name ends: the builder refuses the second namespace of that name.
    for (const name of [...builder.namespaces].reverse()) await removeNamespace(name)
    throw error
  }
}

export class Lab {
  /** `thlab-<pid>-<n>`: every namespace of this lab starts with it. */
  readonly id: string
  readonly networks: readonly LabNetwork[]
  readonly #internet: LabInternet | undefined
  readonly #builder: LabBuilder
  readonly #processes = new Set<RunningProcess>()
  readonly #browsers = new Set<Browser>()
  #tempDir: string | undefined
  #nextPublicHost = FIRST_MOVED_PUBLIC_HOST
  #closed = false

  constructor(builder: LabBuilder, networks: readonly LabNetwork[], internet: LabInternet | undefined) {
    this.#builder = builder
    this.id = builder.labId
    this.networks = networks
    this.#internet = internet
  }

  /** Every namespace of the lab, in creation order. */
  get namespaces(): readonly string[] {
    return this.#builder.namespaces
  }

  get internet(): LabInternet {
    if (!this.#internet) throw new NetlabError('NETLAB_BAD_TOPOLOGY', 'this lab has no internet')
    return this.#internet
  }

  network(name: string): LabNetwork {
    return found(this.networks.find((network) => network.name === name), 'network', name)
  }

  home(name: string): LabHome {
    return found(this.#internet?.homes.find((home) => home.name === name), 'home', name)
  }

  /** A computer on a network, a server, or a computer in a home. */
  computer(name: string): LabComputer {
    return found(this.#allComputers().find((computer) => computer.name === name), 'computer', name)
  }

  /** Runs `node …args` in the target's namespace as a tracked child; `close()` stops it. */
  spawnNode(target: LabTarget, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): RunningProcess {
    return this.spawn(target, process.execPath, args, options)
  }

  /**
   * Runs any long-lived program (a TURN server) in the target's namespace as a tracked child; `close()` stops
   * it. `ip netns exec` execs the program, so `child.pid` is the program's own pid.
   */
  spawn(target: LabTarget, command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): RunningProcess {
    this.#checkOpen()
    const running = startProcess('ip', ['netns', 'exec', namespaceOf(target), command, ...args], {
      env: options.env ?? process.env,
      installHint: `apt-get install iproute2 (and whatever provides ${command})`,
    })
    this.#processes.add(running)
    return running
  }

  /** Runs a command to completion in the target's namespace (default deadline 10 s). */
  exec(target: LabTarget, command: string, args: readonly string[], options?: RunOptions): Promise<CommandResult> {
    this.#checkOpen()
    return execIn(namespaceOf(target), command, args, options)
  }

  /**
   * A private directory for files the lab's programs need (certificates, a TURN server's database, a browser
   * profile): removed by `close()`, on exit and signals, and by `purgeStaleLabs` after a SIGKILL.
   */
  directory(): string {
    this.#checkOpen()
    if (this.#tempDir === undefined) {
      // Named after the lab, so `purgeStaleLabs` also finds it after a SIGKILL.
      this.#tempDir = mkdtempSync(join(tmpdir(), `${this.id}-`))
      registerDirectory(this.#tempDir)
    }
    return this.#tempDir
  }

  /** Chromium in the target's namespace (see chromium.ts); `close()` closes it if the test did not. */
  async launchChromium(target: LabTarget, options: LaunchOptions = {}): Promise<Browser> {
    this.#checkOpen()
    const browser = await launchChromiumInNamespace(this.directory(), namespaceOf(target), options)
    this.#browsers.add(browser)
    browser.once('disconnected', () => this.#browsers.delete(browser))
    return browser
  }

  /**
   * Gives the home's router a new outside address, as an ISP does on reconnect. The kernel forgets the NAT
   * mappings of the old address, so connections through it break as they would at home.
   */
  async changePublicAddress(home: LabHome): Promise<string> {
    this.#checkOpen()
    const { wan } = home.router
    const next = host(parseSubnet(ROUTER_SUBNET, 'public'), this.#nextPublicHost++)
    await ipIn(wan.ns, ['address', 'add', `${next}/${wan.prefixLength}`, 'dev', wan.iface])
    await ipIn(wan.ns, ['address', 'del', `${wan.address}/${wan.prefixLength}`, 'dev', wan.iface])
    await ipIn(wan.ns, ['route', 'replace', 'default', 'via', wan.gateway, 'dev', wan.iface])
    wan.address = next
    return next
  }

  /** Stops what runs in the lab and removes every namespace. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await Promise.all([...this.#browsers].map((browser) => withDeadline(browser.close(), 5_000)))
    await Promise.all([...this.#processes].map((running) => running.stop(1_000)))
    // Whatever is still inside (a Chromium that hung, a process a test started some other way) is killed here.
    for (const name of [...this.namespaces].reverse()) await removeNamespace(name)
    if (this.#tempDir !== undefined) {
      rmSync(this.#tempDir, { recursive: true, force: true })
      unregisterDirectory(this.#tempDir)
    }
  }

  #allComputers(): LabComputer[] {
    const internet = this.#internet
    return [
      ...this.networks.flatMap((network) => network.computers),
      ...(internet?.servers ?? []),
      ...(internet?.homes.flatMap((home) => home.computers) ?? []),
    ]
  }

  #checkOpen(): void {
    if (this.#closed) throw new NetlabError('NETLAB_CLOSED', `lab ${this.id} is closed`)
  }
}

function found<T>(value: T | undefined, what: string, name: string): T {
  if (value === undefined) throw new NetlabError('NETLAB_BAD_TOPOLOGY', `no ${what} called ${name} in this lab`)
  return value
}

async function withDeadline(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([promise.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))])
  clearTimeout(timer)
}
