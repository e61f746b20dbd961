/**
 * What **Copy invite** gives: what brings another person to this room on this server.
 * - For someone with the app: `tonghwa://join/<room>?server=<wss url>`, naming the server the room is on, or
 *   plain `tonghwa://join/<room>` when there is no server to name (automatic mode: their app finds the room on
 *   the network). The app asks before it joins a room on a server other than the person's own (deep-link.ts).
 * - For someone without the app: the web page the server serves, `https://<host>/?room=<code>`, but only when
 *   the server has a public `https` address: derived from a `wss://` signaling URL (the web app is served on the
 *   same origin, `/signal` beside `/`), never from `ws://` or a loopback name no one else can open.
 */
import { formatRoomCode, type RoomCode } from './room-code'
import { isLoopbackHostname, parseServerAddress } from './server-address'

/** The scheme main registers and parses (main/deep-link.ts `DEEP_LINK_SCHEME`; a test holds them equal). */
export const INVITE_LINK_SCHEME = 'tonghwa'

export interface Invite {
  /** `tonghwa://join/7KD-93QF-XZ5?server=wss%3A%2F%2F…`, for the app. */
  appLink: string
  /** `https://signal.example.org/?room=7KD-93QF-XZ5`, for a browser; null when the server has no public web page. */
  webLink: string | null
}

/** `server`: the signaling URL the room is on, or null when there is none to name. */
export function buildInvite(room: RoomCode, server: string | null): Invite {
  const shown = formatRoomCode(room)
  const address = server === null ? null : parseServerAddress(server)
  const url = address?.ok ? address.url : null
  const appLink = `${INVITE_LINK_SCHEME}://join/${shown}${url === null ? '' : `?server=${encodeURIComponent(url)}`}`
  return { appLink, webLink: url === null ? null : webLinkFor(url, room) }
}

/** `wss://host/path/signal` → `https://host/path/?room=CODE`; null for `ws://` or a loopback host. */
export function webLinkFor(signalingUrl: string, room: RoomCode): string | null {
  let url: URL
  try {
    url = new URL(signalingUrl)
  } catch {
    return null
  }
  if (url.protocol !== 'wss:' || isLoopbackHostname(url.hostname)) return null
  // The page is the directory the signaling path is in (`/signal` → `/`, `/tonghwa/signal` → `/tonghwa/`).
  const page = new URL('./', `https://${url.host}${url.pathname}`)
  page.searchParams.set('room', formatRoomCode(room))
  return page.href
}
