/**
 * `GET /.well-known/tonghwa` (RFC 8615): what a client may know about this server before it connects, so the
 * app's **Test** button can say what works: that it is a Tonghwa server at all, the protocol version it speaks,
 * its release, whether it hands out a TURN relay, and whether it serves the web app (so an invitation may carry a
 * web link). Nothing in it is secret: no TURN secret or credential, no address, no count of anything.
 */
import { PROTOCOL_VERSION, type IceServer } from '../shared/protocol'

export const SERVER_INFO_PATH = '/.well-known/tonghwa'

/** The server's release; package.json's `version` (test/unit/server/server-info.test.ts holds them equal). */
export const SERVER_VERSION = '0.1.0'

export interface ServerInfo {
  app: 'tonghwa'
  /** The signaling protocol version (`v` of every frame). */
  protocol: number
  version: string
  /** Whether peers get a TURN server in `joined` (a relay for networks that block direct paths). */
  turn: boolean
  /** Whether this port serves the web app (web mode), so a browser can join at `/?room=`. */
  web: boolean
}

export interface ServerInfoInputs {
  iceServers: readonly IceServer[]
  turnUrls: readonly string[]
  staticDir?: string | undefined
}

export function describeServer({ iceServers, turnUrls, staticDir }: ServerInfoInputs): ServerInfo {
  const isTurn = (url: string) => /^turns?:/i.test(url)
  const turn = turnUrls.length > 0 || iceServers.some((server) => server.urls.some(isTurn))
  return { app: 'tonghwa', protocol: PROTOCOL_VERSION, version: SERVER_VERSION, turn, web: staticDir !== undefined }
}
