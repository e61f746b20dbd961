/**
 * One window's signaling link, wherever its room is: the same commands and events as a `SignalingClient`, but
 * behind them the client for the room's current route (reach/route.ts). Joining a room hosted by another app
 * on the network moves the window's link there; a room two apps opened at once moves to the one that wins.
 * The page never sees the switch except as a new `joined`. No Electron import: tested in Node.
 */
import type { ConnectionState } from '../../shared/ipc-contract'
import type { RoomCode } from '../../shared/room-code'
import type { IceCandidate, PeerId, SessionDescription } from '../../shared/protocol'
import type { SignalingClient, SignalingClientEvents } from '../../shared/signaling-client'
import { TypedEvents, type Listener } from '../../shared/typed-events'
import { plainTextProblem } from '../server-trust/transport-policy'
import { sameRoute, type RoomRouter, type Route } from './route'

/** The events a window forwards to its page. */
export type WindowSignalingEvents = Pick<
  SignalingClientEvents,
  'state' | 'joined' | 'peer-joined' | 'peer-left' | 'description' | 'candidate' | 'error' | 'ice-servers'
>
const FORWARDED: (keyof WindowSignalingEvents)[] = ['state', 'joined', 'peer-joined', 'peer-left', 'description', 'candidate', 'error', 'ice-servers']

export interface WindowSignalingOptions {
  router: RoomRouter
  createClient: (route: Route) => SignalingClient
  /** How often a window waiting alone in a room it hosts asks whether the room should move, in ms. */
  recheckEveryMs?: number
  /** Randomness for the first recheck, so two apps that opened a room together do not ask in step. */
  random?: () => number
  log?: (message: string) => void
}

interface Current {
  route: Route
  client: SignalingClient
  unsubscribe: () => void
}

export class WindowSignaling {
  readonly #options: Required<WindowSignalingOptions>
  readonly #events = new TypedEvents<WindowSignalingEvents>()
  #current: Current
  #room: RoomCode | null = null
  /** Bumped by every join and leave: a route that resolves for an older request is dropped. */
  #generation = 0
  /** Others in the room, as the current link's events say. */
  #others = 0
  #recheck: ReturnType<typeof setTimeout> | null = null
  #closed = false
  /** Set while the window is in a room on a server a link named (`join(room, { server })`): home again on leave. */
  #visiting = false
  /** `join(room, { server })` joins there (signaling-commands.ts asks before it passes a server on). */
  readonly canJoinElsewhere = true

  constructor(options: WindowSignalingOptions) {
    this.#options = { recheckEveryMs: 3_000, random: Math.random, log: console.warn, ...options }
    this.#current = this.#open(options.router.homeRoute())
  }

  get state(): ConnectionState {
    return this.#current.client.state
  }

  /** The route the window's link is on now. */
  get route(): Route {
    return this.#current.route
  }

  on<E extends keyof WindowSignalingEvents>(event: E, listener: Listener<WindowSignalingEvents[E]>): () => void {
    return this.#events.on(event, listener)
  }

  listenerCount(): number {
    return this.#events.listenerCount()
  }

  /**
   * Joins `room` wherever it is hosted: now on the current link if that is the place, else after moving. With
   * `server` (a `tonghwa://join/…?server=` link the person agreed to), on that server instead, for this room only:
   * the router is not asked, nothing is remembered, and the link goes home again when the window leaves. Only this
   * window's link goes there; the phone (and with it the personal code) stays where it is.
   */
  join(room: RoomCode, options: { server?: string } = {}): void {
    const visit = options.server === undefined ? null : visitRoute(options.server)
    const generation = ++this.#generation
    this.#room = room
    this.#others = 0
    this.#visiting = visit !== null
    this.#stopRecheck()
    void (visit !== null ? Promise.resolve(visit) : this.#options.router.routeRoom(room)).then(
      (route) => {
        if (generation !== this.#generation || this.#closed) return
        if (!sameRoute(route, this.#current.route)) this.#moveTo(route)
        this.#current.client.join(room)
        this.#scheduleRecheck(generation, true)
      },
      (error: unknown) => {
        if (generation !== this.#generation || this.#closed) return
        // Finding the room failed (no network at all): wait for it here, where this app hosts it.
        this.#options.log(`[signaling] could not look the room up: ${error instanceof Error ? error.message : String(error)}`)
        this.#current.client.join(room)
        this.#scheduleRecheck(generation, true)
      },
    )
  }

  leave(): void {
    ++this.#generation
    this.#room = null
    this.#stopRecheck()
    this.#current.client.leave()
    if (this.#visiting) {
      this.#visiting = false
      this.rehome()
    }
  }

  sendDescription(to: PeerId, description: SessionDescription): boolean {
    return this.#current.client.sendDescription(to, description)
  }

  sendCandidate(to: PeerId, candidate: IceCandidate): boolean {
    return this.#current.client.sendCandidate(to, candidate)
  }

  /** Moves the link home (a changed setting) unless the window is in a room, where it stays until it leaves. */
  rehome(): void {
    if (this.#room !== null || this.#closed) return
    const home = this.#options.router.homeRoute()
    if (!sameRoute(home, this.#current.route)) this.#moveTo(home)
  }

  close(): void {
    this.#closed = true
    ++this.#generation
    this.#stopRecheck()
    this.#current.unsubscribe()
    this.#current.client.close()
  }

  #open(route: Route): Current {
    const client = this.#options.createClient(route)
    const forward = <E extends keyof WindowSignalingEvents>(event: E) =>
      client.on(event, (payload) => {
        this.#track(event, payload)
        this.#events.emit(event, payload)
      })
    const unsubscribers = FORWARDED.map((event) => forward(event))
    client.connect()
    return { route, client, unsubscribe: () => unsubscribers.forEach((unsubscribe) => unsubscribe()) }
  }

  /** The old link is dropped without a word to the page (its `closed` would end the call there). */
  #moveTo(route: Route): void {
    const old = this.#current
    old.unsubscribe()
    old.client.close()
    this.#current = this.#open(route)
  }

  #track(event: keyof WindowSignalingEvents, payload: unknown): void {
    if (event === 'joined') {
      const joined = payload as SignalingClientEvents['joined']
      this.#others = joined.peers.filter((peer) => peer !== joined.peerId).length
    } else if (event === 'peer-joined') this.#others += 1
    else if (event === 'peer-left') this.#others = Math.max(0, this.#others - 1)
  }

  #scheduleRecheck(generation: number, first: boolean): void {
    if (this.#current.route.host.kind !== 'own') return
    // The first look is soon, and at a random moment: two apps that opened the room together must not both move.
    const delay = first ? this.#options.recheckEveryMs * (0.2 + 0.4 * this.#options.random()) : this.#options.recheckEveryMs
    this.#recheck = setTimeout(() => void this.#runRecheck(generation), delay)
    this.#recheck.unref?.()
  }

  async #runRecheck(generation: number): Promise<void> {
    this.#recheck = null
    const room = this.#room
    if (generation !== this.#generation || room === null || this.#closed) return
    if (this.#others === 0) {
      const better = await this.#options.router.betterRoute(room, this.#current.route).catch(() => null)
      if (generation !== this.#generation || this.#closed) return
      if (better && this.#others === 0 && !sameRoute(better, this.#current.route)) {
        this.#moveTo(better)
        this.#current.client.join(room)
        return
      }
    }
    this.#scheduleRecheck(generation, false)
  }

  #stopRecheck(): void {
    if (this.#recheck) clearTimeout(this.#recheck)
    this.#recheck = null
  }
}

/** The route for a room on a server a link named: a configured-style server, proven by nothing but TLS. */
function visitRoute(server: string): Route {
  // The contract's validator already allows only these; the room's offers and answers must not go out in clear text.
  const insecure = plainTextProblem(server)
  if (insecure !== null) throw new TypeError(`cannot join a room there: ${insecure}`)
  return { url: server, connection: {}, host: { kind: 'server' } }
}
