/**
 * TURN REST credentials (draft-uberti-behave-turn-rest-00; coturn calls it `use-auth-secret`): this server and
 * the TURN server share a secret, and for every peer this server mints a username `<expiry>:<peerId>` with the
 * password base64(HMAC-SHA1(secret, username)). The TURN server recomputes the HMAC and checks the expiry, so
 * it needs no user database and nobody has to tell it about new peers; a leaked credential dies on its own.
 *
 * The secret stays in this closure: it is never part of a frame, an option echoed in an error, or a log line.
 * Pure apart from `node:crypto`, with an injected clock.
 */
import { createHmac } from 'node:crypto'
import type { IceServer } from '../shared/protocol'

/** Longest lifetime of an issued credential, in seconds: a leaked one must not be useful for long. */
export const MAX_TURN_CREDENTIAL_TTL_SECONDS = 3600
/** Shortest lifetime; anything shorter would be refreshed almost continuously. */
export const MIN_TURN_CREDENTIAL_TTL_SECONDS = 2
/**
 * Fresh credentials are sent when this fraction of a credential's lifetime has passed, leaving the rest (12 min
 * of an hour) for the frame to arrive and `setConfiguration` to run before the TURN server refuses the old ones.
 */
export const TURN_REFRESH_FRACTION = 0.8

export interface TurnCredential {
  /** `<expiry in unix seconds>:<user>`, the username coturn parses. */
  username: string
  /** base64(HMAC-SHA1(secret, username)). */
  credential: string
}

/** The credential the TURN server accepts for `user` until `expiresAtSeconds` (unix time, seconds). */
export function turnRestCredential(secret: string, user: string, expiresAtSeconds: number): TurnCredential {
  const username = `${expiresAtSeconds}:${user}`
  return { username, credential: createHmac('sha1', secret).update(username, 'utf8').digest('base64') }
}

export interface IceServerIssuerOptions {
  /** Fixed entries handed out as they are (the `iceServers` option). */
  iceServers: readonly IceServer[]
  /** STUN URLs, sent as one entry without credentials. */
  stunUrls: readonly string[]
  /** TURN URLs, sent as one entry with a fresh REST credential per peer. Needs `turnSecret`. */
  turnUrls: readonly string[]
  turnSecret?: string | undefined
  /** Lifetime of each credential, in seconds. */
  ttlSeconds: number
  /** Wall clock, ms since the epoch (the TURN server compares the expiry with its own clock). */
  clock: () => number
}

export interface IssuedIceServers {
  iceServers: IceServer[]
  /** When to send fresh ones, in ms from now; `undefined` when nothing in the list expires. */
  refreshInMs: number | undefined
}

/** Builds one peer's ICE server list. */
export type IceServerIssuer = (user: string) => IssuedIceServers

export function createIceServerIssuer(options: IceServerIssuerOptions): IceServerIssuer {
  const { stunUrls, turnUrls, turnSecret, ttlSeconds, clock } = options
  if (turnUrls.length > 0 && !turnSecret) throw new TypeError('turnUrls need turnSecret')
  const fixed: IceServer[] = options.iceServers.map((server) => ({ ...server, urls: [...server.urls] }))
  if (stunUrls.length > 0) fixed.push({ urls: [...stunUrls] })
  return (user) => {
    const iceServers = fixed.map((server) => ({ ...server, urls: [...server.urls] }))
    if (turnUrls.length === 0 || !turnSecret) return { iceServers, refreshInMs: undefined }
    const nowMs = clock()
    const expiresAt = Math.floor(nowMs / 1000) + ttlSeconds
    iceServers.push({ urls: [...turnUrls], ...turnRestCredential(turnSecret, user, expiresAt) })
    return { iceServers, refreshInMs: Math.max(0, Math.floor((expiresAt * 1000 - nowMs) * TURN_REFRESH_FRACTION)) }
  }
}
