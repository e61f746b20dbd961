/**
 * Automatic mode's routes (reach/route.ts): this app hosts its own rooms and its personal code on its own
 * server; a room is joined where another app on the network already has it, else here; a person is called at
 * the one app that has their code. Two apps that opened the same room at once settle on the one with the
 * smaller id (the other moves while it still waits alone). docs/lan.md has the design and its failure cases.
 * No Electron import: tested in Node.
 */
import type { RoomCode } from '../../shared/room-code'
import type { RoomRouter, Route } from '../reach/route'
import type { LanInstance } from './lan-announcement'
import { lanSignalingUrl, locateCode, type AskInstance } from './lan-locate'

export interface LanRouterOptions {
  /** This app's own server, on loopback. */
  ownRoute: Route
  /** This app's id in its announcements (the tie-break between two apps hosting one room). */
  ownId: string
  /** Whether this app's own server has `code` (a room with someone of this app in it, or its personal code). */
  hostsHere: (code: RoomCode) => boolean
  /** The apps heard on the network now. */
  instances: () => LanInstance[]
  /** An app did not answer: forget it until it announces again. */
  forget: (id: string) => void
  ask?: AskInstance
}

export type PersonRoute =
  | { kind: 'found'; route: Route }
  /** No app on the network has this code. */
  | { kind: 'unreachable' }
  /** More than one app says it has it: calling either could reach the wrong person (docs/lan.md). */
  | { kind: 'ambiguous'; count: number }

export class LanRouter implements RoomRouter {
  readonly #options: LanRouterOptions

  constructor(options: LanRouterOptions) {
    this.#options = options
  }

  homeRoute(): Route {
    return this.#options.ownRoute
  }

  async routeRoom(room: RoomCode): Promise<Route> {
    if (this.#options.hostsHere(room)) return this.#options.ownRoute
    const hosts = await this.#hostsOf(room)
    const winner = hosts[0]
    return winner ? this.#visit(winner) : this.#options.ownRoute
  }

  async betterRoute(room: RoomCode, current: Route): Promise<Route | null> {
    if (current.host.kind !== 'own') return null
    const hosts = await this.#hostsOf(room)
    const winner = hosts.find((host) => host.id < this.#options.ownId)
    return winner ? this.#visit(winner) : null
  }

  /** Where the person whose personal code is `code` can be rung. */
  async routePerson(code: RoomCode): Promise<PersonRoute> {
    const hosts = await this.#hostsOf(code)
    if (hosts.length === 0) return { kind: 'unreachable' }
    if (hosts.length > 1) return { kind: 'ambiguous', count: hosts.length }
    return { kind: 'found', route: this.#visit(hosts[0]!) }
  }

  /** The apps that have `code`, smallest id first; the silent ones are forgotten on the way. */
  async #hostsOf(code: RoomCode): Promise<LanInstance[]> {
    const { hosts, unreachable } = await locateCode(code, this.#options.instances(), this.#options.ask)
    for (const instance of unreachable) this.#options.forget(instance.id)
    return hosts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }

  #visit(instance: LanInstance): Route {
    return { url: lanSignalingUrl(instance), connection: {}, host: { kind: 'lan', id: instance.id } }
  }
}
