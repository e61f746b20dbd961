/**
 * Where a signaling connection goes. With a server configured (or chosen in Settings), everything goes there.
 * In automatic mode each app hosts its own rooms and personal code, and a room is joined at whichever app on
 * the local network has it (docs/lan.md). Windows and the phone ask a `RoomRouter` rather than hold a URL, so
 * a change of setting or of network takes effect without a restart.
 */
import type { RoomCode } from '../../shared/room-code'
import type { SignalingConnectionOptions } from '../signaling-connection'

export type RouteHost =
  /** This app's own (embedded) server. */
  | { kind: 'own' }
  /** A server the person or their organisation chose. */
  | { kind: 'server' }
  /** Another Tonghwa app on the local network, by its announced id. */
  | { kind: 'lan'; id: string }

export interface Route {
  /** `ws://` or `wss://` URL of the signaling endpoint. */
  url: string
  /** How the client must connect there (for this app's own server: the secret it proves itself with). */
  connection: SignalingConnectionOptions
  host: RouteHost
}

export function sameRoute(a: Route, b: Route): boolean {
  return a.url === b.url
}

export interface RoomRouter {
  /** Where a window waits before it joins anything, and where the phone is reachable. */
  homeRoute(): Route
  /** Where to join `room`. */
  routeRoom(room: RoomCode): Promise<Route>
  /**
   * Called while this app waits alone in `room` at `current`: a place the room should move to instead (two apps
   * that opened the same room at once settle on one), or null to stay.
   */
  betterRoute(room: RoomCode, current: Route): Promise<Route | null>
}

/** Everything to one server: a configured one, or this app's own when it is not reachable on a network. */
export function singleServerRouter(route: Route): RoomRouter {
  return {
    homeRoute: () => route,
    routeRoom: async () => route,
    betterRoute: async () => null,
  }
}
