/**
 * Every limit and setting of the signaling server, with its default. `resolveOptions` is the one place defaults
 * are filled in and embedder mistakes are caught, before anything listens.
 */
import { resolve } from 'node:path'
import { MAX_FRAME_BYTES, type IceServer } from '../shared/protocol'
import { parseIceServers } from '../shared/protocol'
import { createJsonLogger, type Logger } from './log'

export interface SignalingServerOptions {
  /**
   * Interface to listen on. Default `'127.0.0.1'`: only this machine can connect. Use `'0.0.0.0'` (or `'::'`)
   * to accept peers from other machines.
   */
  host: string
  /** TCP port. Default `0`: any free port (read the real one from `RunningSignalingServer.port`). */
  port: number
  /** The only URL path on which WebSocket upgrades are accepted; others get 404. Default `'/signal'`. */
  path: string
  /**
   * Largest frame accepted, in bytes. Default `MAX_FRAME_BYTES` (64 KiB), the protocol's limit. A larger frame
   * closes the connection with 1009 and reason `SIG_ERR_MESSAGE_TOO_LARGE`.
   */
  maxPayload: number
  /** Most peers in one room; one more gets `SIG_ERR_ROOM_FULL`. Default `2` (a call is two people). */
  maxPeersPerRoom: number
  /**
   * Most calls one connection may have ringing at once (invited, not yet answered or cancelled); one more gets
   * `SIG_ERR_TOO_MANY_CALLS`. Default `4`.
   */
  maxPendingInvitesPerConnection: number
  /**
   * How long the server keeps a call ringing that nobody answers or cancels, in milliseconds. Default `60000`:
   * the app cancels with `no-answer` after 30 s itself, so this only frees the state of a caller that does not
   * (both ends are then told `no-answer`).
   */
  inviteTtlMs: number
  /**
   * How long a personal code stays bound to the secret that registered it after its owner was last seen, in
   * ms; meanwhile another secret hashing to the same code gets `SIG_ERR_CODE_TAKEN`. Default 90 days.
   */
  codeBindingTtlMs: number
  /** Most personal-code bindings remembered (the ones seen longest ago are dropped first). Default 1 000 000. */
  maxCodeBindings: number
  /**
   * Milliseconds between pings. Default `15000`. A peer that has not answered the previous ping by the next
   * tick is terminated, its slot freed, and the rest of its room told `peer-left` with reason `disconnected`;
   * so a silent peer is gone within two intervals.
   */
  heartbeatIntervalMs: number
  /**
   * STUN/TURN servers handed to every peer in `joined`. Default `[]` (host candidates only: enough on one
   * network). Validated with the same parser clients use, so a bad entry fails at start, not on every call.
   */
  iceServers: IceServer[]
  /**
   * Directory of the built renderer to serve over HTTP (web mode: a person without the app joins from a
   * browser). Default: none, and only `/healthz` and the WebSocket path answer.
   */
  staticDir?: string
  /**
   * How long `close()` waits for clients to finish the closing handshake and for HTTP requests in flight,
   * before cutting the sockets, in milliseconds. Default `1000`.
   */
  shutdownGraceMs: number
  /** Where the server logs. Default: JSON lines on stderr at level info (`createJsonLogger()`). */
  logger: Logger
}

export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_PATH = '/signal'
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 15_000
export const DEFAULT_MAX_PENDING_INVITES_PER_CONNECTION = 4
export const DEFAULT_INVITE_TTL_MS = 60_000
export const DEFAULT_CODE_BINDING_TTL_MS = 90 * 24 * 3600_000
export const DEFAULT_MAX_CODE_BINDINGS = 1_000_000

/** Fills in defaults and checks every value; throws a `TypeError`/`RangeError` naming the bad option. */
export function resolveOptions(options: Partial<SignalingServerOptions> = {}): SignalingServerOptions {
  const resolved: SignalingServerOptions = {
    host: options.host ?? DEFAULT_HOST,
    port: options.port ?? 0,
    path: options.path ?? DEFAULT_PATH,
    maxPayload: options.maxPayload ?? MAX_FRAME_BYTES,
    maxPeersPerRoom: options.maxPeersPerRoom ?? 2,
    maxPendingInvitesPerConnection: options.maxPendingInvitesPerConnection ?? DEFAULT_MAX_PENDING_INVITES_PER_CONNECTION,
    inviteTtlMs: options.inviteTtlMs ?? DEFAULT_INVITE_TTL_MS,
    codeBindingTtlMs: options.codeBindingTtlMs ?? DEFAULT_CODE_BINDING_TTL_MS,
    maxCodeBindings: options.maxCodeBindings ?? DEFAULT_MAX_CODE_BINDINGS,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS,
    iceServers: [],
    shutdownGraceMs: options.shutdownGraceMs ?? 1_000,
    logger: options.logger ?? createJsonLogger(),
  }
  if (options.staticDir !== undefined) resolved.staticDir = resolve(options.staticDir)

  if (typeof resolved.host !== 'string' || resolved.host.length === 0) throw new TypeError('host must be a non-empty string')
  requireInteger('port', resolved.port, 0, 65_535)
  if (typeof resolved.path !== 'string' || !resolved.path.startsWith('/')) throw new TypeError('path must start with "/"')
  requireInteger('maxPayload', resolved.maxPayload, 1, Number.MAX_SAFE_INTEGER)
  requireInteger('maxPeersPerRoom', resolved.maxPeersPerRoom, 1, Number.MAX_SAFE_INTEGER)
  requireInteger('maxPendingInvitesPerConnection', resolved.maxPendingInvitesPerConnection, 1, Number.MAX_SAFE_INTEGER)
  // Node timers cap at 2^31-1 ms; beyond that setInterval silently fires every millisecond.
  requireInteger('heartbeatIntervalMs', resolved.heartbeatIntervalMs, 1, 2 ** 31 - 1)
  requireInteger('inviteTtlMs', resolved.inviteTtlMs, 1, 2 ** 31 - 1)
  requireInteger('codeBindingTtlMs', resolved.codeBindingTtlMs, 0, Number.MAX_SAFE_INTEGER)
  requireInteger('maxCodeBindings', resolved.maxCodeBindings, 1, Number.MAX_SAFE_INTEGER)
  requireInteger('shutdownGraceMs', resolved.shutdownGraceMs, 0, 2 ** 31 - 1)

  const iceServers = parseIceServers(options.iceServers ?? [])
  if (!iceServers.ok) throw new TypeError(`iceServers: ${iceServers.reason}`)
  resolved.iceServers = iceServers.message
  return resolved
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`)
  }
}
