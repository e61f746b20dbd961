/**
 * How this app reaches others and is reached, for as long as it runs (docs/lan.md):
 * - **A server** (Settings → Server, `--server-url`, `TONGHWA_SERVER_URL`, or the packaged default): rooms and
 *   calls go there.
 * - **Automatic** (the default): the app's own server holds its rooms and its personal code; other Tonghwa apps
 *   on the network are found over DNS-SD, and a room or a person is reached at the app that has them. While
 *   "Let people on this network reach me" is on, the own server also listens on the network and the app
 *   announces itself; off, nothing listens beyond this computer.
 * Windows hold `router`, the phone holds `routeCall` and `homeRoute()`: both follow every change here without a
 * restart. No Electron import: tested in Node, and in the network lab.
 */
import { randomBytes } from 'node:crypto'
import type { Logger } from '../../server/log'
import { generateLanSalt } from '../../shared/lan-tag'
import type { OutgoingRoute } from '../../shared/phone-line'
import type { ServerChoice } from '../../shared/server-choice'
import type { RoomCode } from '../../shared/room-code'
import { TypedEvents } from '../../shared/typed-events'
import { startEmbeddedServer, type EmbeddedServer } from '../embedded-server'
import { createSignalingClient } from '../signaling-connection'
import type { InterfaceTable } from '../lan/lan-addresses'
import { createLanDialer } from '../lan/lan-dialer'
import { LanDiscovery, type MdnsSocket } from '../lan/lan-discovery'
import { LanRouter } from '../lan/lan-router'
import { singleServerRouter, type RoomRouter, type Route } from './route'

/** What the home screen says about where the app can be reached. */
export type ReachStatus =
  | { kind: 'server'; host: string }
  /** Reachable on this network; `others`: the other Tonghwa apps heard here. */
  | { kind: 'network'; others: number }
  /** Reachable only from this computer; `others`: apps on the network it can still call. */
  | { kind: 'this-computer'; reason: 'switched-off' | 'no-network'; others: number }

export interface AppReachOptions {
  userDataDir: string
  /** The built renderer, which the own server serves to a browser on this computer. */
  staticDir?: string
  choice: ServerChoice
  lanReachable: boolean
  /** How to find the network; null: no local-network mode at all (where multicast is not to be used). */
  lan: { createSocket: () => MdnsSocket; interfaces: () => InterfaceTable } | null
  logger?: Logger
  /** Default `startEmbeddedServer`. */
  startEmbedded?: typeof startEmbeddedServer
  log?: (message: string) => void
}

interface Automatic {
  embedded: EmbeddedServer
  discovery: LanDiscovery | null
  router: LanRouter | null
  listening: boolean
}

export class AppReach {
  readonly #options: AppReachOptions
  readonly #events = new TypedEvents<{ change: ReachStatus }>()
  /** This app on the network: an id (the tie-break between two apps that host one room) and a salt, per start. */
  readonly #id = randomBytes(12).toString('hex').replace(/[^0-9a-z]/g, '').slice(0, 12)
  readonly #salt = generateLanSalt()
  #choice: ServerChoice
  #lanReachable: boolean
  #automatic: Automatic | null = null
  readonly #log: (message: string) => void

  /** Where windows join rooms: always this object, whatever the mode. */
  readonly router: RoomRouter = {
    homeRoute: () => this.homeRoute(),
    routeRoom: (room) => this.#router().routeRoom(room),
    betterRoute: (room, current) => this.#router().betterRoute(room, current),
  }

  /** Where the phone's calls ring (`PhoneLine`'s `routeCall`). */
  readonly routeCall = (to: RoomCode): Promise<OutgoingRoute> => {
    const router = this.#automatic?.router
    if (this.#choice.kind === 'server' || !router) return Promise.resolve({ kind: 'here' })
    return createLanDialer({ routePerson: (code) => router.routePerson(code), createClient: (route) => createSignalingClient(route.url, route.connection), log: this.#log })(to)
  }

  private constructor(options: AppReachOptions) {
    this.#options = options
    this.#choice = options.choice
    this.#lanReachable = options.lanReachable
    this.#log = options.log ?? console.warn
  }

  static async start(options: AppReachOptions): Promise<AppReach> {
    const reach = new AppReach(options)
    if (options.choice.kind === 'automatic') await reach.#startAutomatic()
    return reach
  }

  /** Where the phone registers and idle windows wait. */
  homeRoute(): Route {
    if (this.#choice.kind === 'server') return { url: this.#choice.url, connection: {}, host: { kind: 'server' } }
    return this.#ownRoute()
  }

  /** The app's own server, while it runs (automatic mode, and after it until the app quits). */
  get embedded(): EmbeddedServer | null {
    return this.#automatic?.embedded ?? this.#parked
  }

  status(): ReachStatus {
    if (this.#choice.kind === 'server') return { kind: 'server', host: new URL(this.#choice.url).host }
    const automatic = this.#automatic
    const others = automatic?.discovery?.instances().length ?? 0
    if (!automatic?.discovery) return { kind: 'this-computer', reason: 'no-network', others: 0 }
    if (!automatic.listening) return { kind: 'this-computer', reason: this.#lanReachable ? 'no-network' : 'switched-off', others }
    return { kind: 'network', others }
  }

  onChange(listener: (status: ReachStatus) => void): () => void {
    return this.#events.on('change', listener)
  }

  /** The server the app uses changed (Settings → Server). */
  async setChoice(choice: ServerChoice): Promise<void> {
    const before = this.#choice
    this.#choice = choice
    if (choice.kind === 'automatic' && before.kind !== 'automatic') await this.#startAutomatic()
    if (choice.kind === 'server' && this.#automatic) await this.#stopAutomatic()
    this.#changed()
  }

  /** "Let people on this network reach me" was switched. */
  async setLanReachable(reachable: boolean): Promise<void> {
    if (reachable === this.#lanReachable) return
    this.#lanReachable = reachable
    const automatic = this.#automatic
    if (automatic) await this.#restartNetwork(automatic)
    this.#changed()
  }

  async close(): Promise<void> {
    const automatic = this.#automatic
    this.#automatic = null
    if (automatic) {
      await automatic.discovery?.stop()
      await automatic.embedded.server?.closeLan()
    }
    await (automatic?.embedded ?? this.#parked)?.close()
    this.#parked = null
  }

  /**
   * The own server after a switch to a server: kept running (calls that started on it go on until they end, and
   * a browser on this computer may use it), but no longer on the network.
   */
  #parked: EmbeddedServer | null = null

  #router(): RoomRouter {
    if (this.#choice.kind === 'server') return singleServerRouter(this.homeRoute())
    return this.#automatic?.router ?? singleServerRouter(this.#ownRoute())
  }

  #ownRoute(): Route {
    const embedded = this.embedded
    if (!embedded) throw new Error('AppReach: the own server is not running')
    return { url: embedded.url, connection: embedded.connection, host: { kind: 'own' } }
  }

  async #startAutomatic(): Promise<void> {
    const start = this.#options.startEmbedded ?? startEmbeddedServer
    const embedded =
      this.#parked ??
      (await start({
        userDataDir: this.#options.userDataDir,
        ...(this.#options.staticDir !== undefined ? { staticDir: this.#options.staticDir } : {}),
        ...(this.#options.logger ? { logger: this.#options.logger } : {}),
      }))
    this.#parked = null
    this.#automatic = { embedded, discovery: null, router: null, listening: false }
    await this.#restartNetwork(this.#automatic)
  }

  async #stopAutomatic(): Promise<void> {
    const automatic = this.#automatic
    if (!automatic) return
    this.#automatic = null
    await automatic.discovery?.stop()
    await automatic.embedded.server?.closeLan()
    this.#parked = automatic.embedded
  }

  /** (Re)starts listening on the network and DNS-SD to match the setting. */
  async #restartNetwork(automatic: Automatic): Promise<void> {
    const lan = this.#options.lan
    const server = automatic.embedded.server
    await automatic.discovery?.stop()
    automatic.discovery = null
    automatic.router = null
    // Another app of this user already runs the own server (only in development): it is the one on the network.
    if (!lan || !server) return
    let port: number | undefined
    if (this.#lanReachable) {
      port = await server.openLan({ salt: this.#salt }).catch((error: unknown) => {
        this.#log(`[lan] cannot listen on the network: ${error instanceof Error ? error.message : String(error)}`)
        return undefined
      })
    } else {
      await server.closeLan()
    }
    automatic.listening = port !== undefined
    const discovery = new LanDiscovery({
      createSocket: lan.createSocket,
      own: port !== undefined ? { id: this.#id, port, salt: this.#salt } : null,
      interfaces: lan.interfaces,
      log: this.#log,
    })
    discovery.on('change', () => this.#changed())
    try {
      discovery.start()
    } catch (error) {
      this.#log(`[lan] cannot use multicast DNS: ${error instanceof Error ? error.message : String(error)}`)
      return
    }
    automatic.discovery = discovery
    automatic.router = new LanRouter({
      ownRoute: this.#ownRoute(),
      ownId: this.#id,
      hostsHere: (code) => server.hasRoom(code),
      instances: () => discovery.instances(),
      forget: (id) => discovery.forget(id),
    })
  }

  #changed(): void {
    this.#events.emit('change', this.status())
  }
}
