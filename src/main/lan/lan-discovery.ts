/**
 * Finding the other Tonghwa apps on this computer's networks, and being found: DNS-SD over multicast DNS
 * through `multicast-dns`. It announces this app (when it can be reached) every few seconds and answers
 * queries for the service, asks once at start and whenever the addresses change, and keeps the directory of
 * what it heard. No Electron import: tested in Node with a fake multicast socket, and in the network lab for real.
 *
 * Why multicast-dns and not a higher-level library (docs/lan.md has the comparison): Tonghwa needs the source
 * address of every answer (it connects to nothing else), its own liveness (every answer refreshes an instance,
 * which bonjour-service's browser does not do for unchanged records), a host name of its own per app, and a
 * goodbye on quit; @homebridge/ciao only advertises.
 */
import type { Packet } from 'dns-packet'
import type { RemoteInfo } from 'node:dgram'
import { TypedEvents } from '../../shared/typed-events'
import {
  ANNOUNCE_EVERY_MS,
  EXPIRE_EVERY_MS,
  ANNOUNCEMENT_TTL_S,
  LAN_PROTOCOL_VERSION,
  LAN_SERVICE,
  announcementRecords,
  goodbyeRecords,
  readAnnouncements,
  type LanInstance,
  type OwnAnnouncement,
} from './lan-announcement'
import { addressesKey, isOnLink, localNetworks, type InterfaceTable } from './lan-addresses'
import { LanDirectory } from './lan-directory'

/** The part of a `multicast-dns` instance this module uses. */
export interface MdnsSocket {
  on(event: 'query', listener: (packet: Packet, rinfo: RemoteInfo) => void): unknown
  on(event: 'response', listener: (packet: Packet, rinfo: RemoteInfo) => void): unknown
  on(event: 'error' | 'warning', listener: (error: Error) => void): unknown
  query(questions: { name: string; type: 'PTR' }[]): void
  respond(answers: { answers: ReturnType<typeof announcementRecords> }, callback?: (error: Error | null) => void): void
  destroy(callback?: () => void): void
}

export interface LanDiscoveryOptions {
  /** Makes the multicast socket (`multicast-dns` in the app; a fake or a lab socket in tests). */
  createSocket: () => MdnsSocket
  /** This app's announcement without addresses, or null to only listen (reaching this app is switched off). */
  own: Omit<OwnAnnouncement, 'addresses'> | null
  /** `os.networkInterfaces`, read again every tick to notice an address change. */
  interfaces: () => InterfaceTable
  now?: () => number
  announceEveryMs?: number
  log?: (message: string) => void
}

export interface LanDiscoveryEvents {
  /** The set of reachable instances changed (one came, went, or moved). */
  change: { instances: LanInstance[] }
}

export class LanDiscovery {
  readonly #events = new TypedEvents<LanDiscoveryEvents>()
  readonly #options: Required<Omit<LanDiscoveryOptions, 'own'>> & Pick<LanDiscoveryOptions, 'own'>
  readonly #directory = new LanDirectory()
  #socket: MdnsSocket | null = null
  #timer: ReturnType<typeof setInterval> | null = null
  #expiry: ReturnType<typeof setInterval> | null = null
  #addresses = ''
  /** Ids of instances announcing another LAN protocol: shown in the count, never called. */
  readonly #otherVersions = new Set<string>()

  constructor(options: LanDiscoveryOptions) {
    this.#options = { now: Date.now, announceEveryMs: ANNOUNCE_EVERY_MS, log: console.warn, ...options }
  }

  on<E extends keyof LanDiscoveryEvents>(event: E, listener: (payload: LanDiscoveryEvents[E]) => void): () => void {
    return this.#events.on(event, listener)
  }

  start(): void {
    if (this.#socket) return
    const socket = this.#options.createSocket()
    this.#socket = socket
    socket.on('query', (packet) => this.#onQuery(packet))
    socket.on('response', (packet, rinfo) => this.#onResponse(packet, rinfo))
    // A socket error (no multicast route, a port in use) leaves the app reachable on this computer only; never a crash.
    socket.on('error', (error) => this.#options.log(`[lan] multicast DNS: ${error.message}`))
    socket.on('warning', () => {})
    this.#addresses = addressesKey(this.#options.interfaces())
    this.#announce()
    socket.query([{ name: LAN_SERVICE, type: 'PTR' }])
    this.#timer = setInterval(() => this.#tick(), this.#options.announceEveryMs)
    this.#timer.unref?.()
    this.#expiry = setInterval(() => this.#expire(), EXPIRE_EVERY_MS)
    this.#expiry.unref?.()
  }

  /** Says goodbye (so the others drop this app at once, not after the TTL) and closes the socket. */
  async stop(): Promise<void> {
    const socket = this.#socket
    if (!socket) return
    this.#socket = null
    if (this.#timer) clearInterval(this.#timer)
    if (this.#expiry) clearInterval(this.#expiry)
    this.#timer = null
    this.#expiry = null
    const own = this.#ownAnnouncement()
    // Sent before the socket closes (a send still queued when it closes is dropped), so the others drop this app now.
    if (own) await new Promise<void>((resolve) => socket.respond({ answers: goodbyeRecords(own) }, () => resolve()))
    await new Promise<void>((resolve) => socket.destroy(() => resolve()))
  }

  /** Instances that speak this app's LAN protocol, heard recently, by id. */
  instances(): LanInstance[] {
    return this.#directory.list()
  }

  /** Apps heard that speak another LAN protocol version (an older or newer Tonghwa). */
  get otherVersionCount(): number {
    return this.#otherVersions.size
  }

  /** A connection showed `id` is not there (refused, timed out): drop it until it announces again. */
  forget(id: string): void {
    if (this.#directory.forget(id)) this.#changed()
  }

  #ownAnnouncement(): OwnAnnouncement | null {
    const own = this.#options.own
    if (!own) return null
    return { ...own, addresses: localNetworks(this.#options.interfaces()).map((network) => network.address) }
  }

  #announce(): void {
    const own = this.#ownAnnouncement()
    if (own && this.#socket) this.#socket.respond({ answers: announcementRecords(own) })
  }

  #tick(): void {
    const addresses = addressesKey(this.#options.interfaces())
    if (addresses !== this.#addresses) {
      // A new network or a new address: whatever we heard on the old one may be gone, and the others must learn ours.
      this.#addresses = addresses
      this.#socket?.query([{ name: LAN_SERVICE, type: 'PTR' }])
    }
    this.#announce()
  }

  #expire(): void {
    if (this.#directory.expire(this.#options.now()).length > 0) this.#changed()
  }

  #onQuery(packet: Packet): void {
    const asksForUs = (packet.questions ?? []).some((question) => question.name.toLowerCase() === LAN_SERVICE && (question.type === 'PTR' || (question.type as string) === 'ANY'))
    if (asksForUs) this.#announce()
  }

  #onResponse(packet: Packet, rinfo: RemoteInfo): void {
    const { instances, goodbyes } = readAnnouncements(packet, rinfo.address)
    let changed = false
    for (const id of goodbyes) {
      if (id === this.#options.own?.id) continue
      changed = this.#directory.forget(id) || changed
      this.#otherVersions.delete(id)
    }
    const interfaces = this.#options.interfaces()
    for (const instance of instances) {
      if (instance.id === this.#options.own?.id || !isOnLink(instance.address, interfaces)) continue
      if (instance.version !== LAN_PROTOCOL_VERSION) {
        this.#otherVersions.add(instance.id)
        continue
      }
      const change = this.#directory.heard(instance, this.#options.now(), ANNOUNCEMENT_TTL_S * 1000)
      if (change === 'added' || change === 'moved') changed = true
    }
    if (changed) this.#changed()
  }

  #changed(): void {
    this.#events.emit('change', { instances: this.instances() })
  }
}
