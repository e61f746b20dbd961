/**
 * Every limit and setting of the signaling server, with its default. `resolveOptions` is the one place defaults
 * are filled in and embedder mistakes are caught, before anything listens.
 */
import { resolve } from 'node:path'
import { MAX_FRAME_BYTES, type IceServer } from '../shared/protocol'
import { LIMITS, parseIceServers } from '../shared/protocol'
import { resolveCallingLimits, type CallingLimits } from './calling-limits'
import { resolveLimits, type ServerLimits } from './limit-options'
import { createJsonLogger, type Logger } from './log'
import { requireInstanceSecret } from './instance-proof'
import { resumeKeyProblem } from './resume-tokens'
import { iceUrlProblem } from './ice-urls'
import { createIceServerIssuer, MAX_TURN_CREDENTIAL_TTL_SECONDS, MIN_TURN_CREDENTIAL_TTL_SECONDS } from './turn-credentials'

/** Every option; the limits against misbehaving clients are in limit-options.ts and (codes and calls) calling-limits.ts. */
export interface SignalingServerOptions extends ServerLimits, CallingLimits {
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
   * STUN URLs (`stun:` or `stuns:`) handed to every peer as one more ICE server, after `iceServers`. Default `[]`.
   * The TURN server answers STUN too, so this is usually the TURN host, e.g. `stun:turn.example.org:3478`.
   */
  stunUrls: string[]
  /**
   * TURN URLs (`turn:` or `turns:`) for which the server mints a TURN REST credential per peer (coturn's
   * `use-auth-secret`): username `<expiry unix seconds>:<peerId>`, credential base64(HMAC-SHA1(turnSecret,
   * username)). Sent in `joined` after `iceServers` and `stunUrls`, and again in `ice-servers` before it expires.
   * Default `[]` (no TURN). Needs `turnSecret`.
   */
  turnUrls: string[]
  /**
   * The secret shared with the TURN server (coturn `static-auth-secret`). Never sent to clients and never
   * logged. Default: none. Required when `turnUrls` is set, refused without it.
   */
  turnSecret?: string
  /**
   * Lifetime of a TURN credential, in seconds: from 2 to 3600 (an hour at most, so a leaked credential dies
   * soon). Default `3600`. Fresh credentials are pushed at 80 % of it.
   */
  turnCredentialTtlSeconds: number
  /**
   * Redis to share rooms, registrations and calls with other server processes (cluster mode), e.g.
   * `redis://redis:6379/0` or `rediss://user:password@host:6380`. Default: none, and the server keeps
   * everything in memory, alone. Needs Redis 6.2 or later at one address (standalone, or a managed Redis whose
   * failover keeps its address); not Redis Cluster.
   */
  redisUrl?: string
  /** Prefix of every Redis key and channel, so deployments can share one Redis. Default `'tonghwa:'`. */
  redisKeyPrefix: string
  /**
   * Cluster mode: how long this process's keys (room memberships, registrations) outlive it, in ms; it
   * refreshes them every third of this. A process that crashes or loses Redis for this long is given up: its
   * peers are removed from their rooms and the other members get `peer-left` with reason `disconnected` within
   * about 4/3 of this. Default `15000`, at least `300`.
   */
  clusterKeyTtlMs: number
  /** Cluster mode: how long one Redis command may take before it counts as failed, in ms. Default `2000`. */
  redisCommandTimeoutMs: number
  /**
   * Serve Prometheus metrics (connections, rooms, registrations, messages, errors, and the Node.js process) at
   * `GET /metrics` on a listener of their own, `metricsHost:metricsPort`, never on the signaling port
   * (metrics-listener.ts). Default `false` (the standalone server's `TONGHWA_METRICS` defaults to on).
   */
  metrics: boolean
  /** Interface the metrics listener listens on. Default `'127.0.0.1'`: only this machine can scrape. */
  metricsHost: string
  /**
   * Port of the metrics listener. Default `0`: any free port (read `RunningSignalingServer.metricsUrl`); the
   * standalone server's default is 4790.
   */
  metricsPort: number
  /**
   * The process's limit on open files (`ulimit -n`), which the socket budget is planned from
   * (`fileDescriptorReserve`). Default: read from `/proc/self/limits` at start (Linux); where it cannot be read
   * and is not given, connections are not budgeted beyond the per-address limits.
   */
  openFilesLimit?: number
  /**
   * Frames of one connection waiting to be handled (each is handled after the previous one, in order). Past
   * this the server stops reading from that socket until it has caught up, so TCP slows the client down.
   * Default `32`.
   */
  maxQueuedFramesPerConnection: number
  /** Wall clock, ms since the epoch, for TURN credential expiry. Default `Date.now`. */
  clock: () => number
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
  /**
   * The desktop app's per-user secret (64 hex digits) when it embeds this server: upgrades that carry
   * `X-Tonghwa-Instance-Challenge` get an HMAC proof in the 101 (instance-proof.ts), so the app can tell its own
   * server from another process on its port. Never sent, never logged. Default: none, and no proof is given.
   */
  instanceSecret?: string
  /**
   * The key resume tokens are MACs under (resume-tokens.ts): a `join.resume` is granted when its token verifies
   * under it. Every process of a cluster must have the same key, and a restarted process must keep it, or claims
   * that reach it get a fresh peer id (and the call a fresh connection). 32 to 1024 printable ASCII characters,
   * e.g. `openssl rand -base64 32`. Never sent, never logged. Default: 32 random bytes drawn once per process
   * (shared by every server this process starts, lost when it exits).
   */
  resumeKey?: string
}

export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_METRICS_HOST = '127.0.0.1'
export const DEFAULT_PATH = '/signal'
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 15_000
export const DEFAULT_MAX_PENDING_INVITES_PER_CONNECTION = 4
export const DEFAULT_INVITE_TTL_MS = 60_000
export const DEFAULT_CODE_BINDING_TTL_MS = 90 * 24 * 3600_000
export const DEFAULT_MAX_CODE_BINDINGS = 1_000_000
export const DEFAULT_TURN_CREDENTIAL_TTL_SECONDS = MAX_TURN_CREDENTIAL_TTL_SECONDS
export const DEFAULT_REDIS_KEY_PREFIX = 'tonghwa:'
export const DEFAULT_CLUSTER_KEY_TTL_MS = 15_000
export const MIN_CLUSTER_KEY_TTL_MS = 300
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 2_000
export const DEFAULT_MAX_QUEUED_FRAMES_PER_CONNECTION = 32

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
    stunUrls: [...(options.stunUrls ?? [])],
    turnUrls: [...(options.turnUrls ?? [])],
    turnCredentialTtlSeconds: options.turnCredentialTtlSeconds ?? DEFAULT_TURN_CREDENTIAL_TTL_SECONDS,
    redisKeyPrefix: options.redisKeyPrefix ?? DEFAULT_REDIS_KEY_PREFIX,
    clusterKeyTtlMs: options.clusterKeyTtlMs ?? DEFAULT_CLUSTER_KEY_TTL_MS,
    redisCommandTimeoutMs: options.redisCommandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
    metrics: options.metrics ?? false,
    metricsHost: options.metricsHost ?? DEFAULT_METRICS_HOST,
    metricsPort: options.metricsPort ?? 0,
    maxQueuedFramesPerConnection: options.maxQueuedFramesPerConnection ?? DEFAULT_MAX_QUEUED_FRAMES_PER_CONNECTION,
    clock: options.clock ?? Date.now,
    shutdownGraceMs: options.shutdownGraceMs ?? 1_000,
    logger: options.logger ?? createJsonLogger(),
    ...resolveLimits(options),
    ...resolveCallingLimits(options),
  }
  if (options.staticDir !== undefined) resolved.staticDir = resolve(options.staticDir)
  if (options.turnSecret !== undefined) resolved.turnSecret = options.turnSecret
  if (options.redisUrl !== undefined) resolved.redisUrl = options.redisUrl
  if (options.openFilesLimit !== undefined) resolved.openFilesLimit = options.openFilesLimit
  if (options.instanceSecret !== undefined) resolved.instanceSecret = requireInstanceSecret(options.instanceSecret)
  if (options.resumeKey !== undefined) {
    const problem = resumeKeyProblem(options.resumeKey)
    if (problem !== undefined) throw new TypeError(problem)
    resolved.resumeKey = options.resumeKey
  }

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

  requireInteger('turnCredentialTtlSeconds', resolved.turnCredentialTtlSeconds, MIN_TURN_CREDENTIAL_TTL_SECONDS, MAX_TURN_CREDENTIAL_TTL_SECONDS)
  requireInteger('clusterKeyTtlMs', resolved.clusterKeyTtlMs, MIN_CLUSTER_KEY_TTL_MS, 2 ** 31 - 1)
  requireInteger('redisCommandTimeoutMs', resolved.redisCommandTimeoutMs, 1, 2 ** 31 - 1)
  requireInteger('maxQueuedFramesPerConnection', resolved.maxQueuedFramesPerConnection, 1, Number.MAX_SAFE_INTEGER)
  if (typeof resolved.metrics !== 'boolean') throw new TypeError('metrics must be true or false')
  if (typeof resolved.metricsHost !== 'string' || resolved.metricsHost.length === 0) throw new TypeError('metricsHost must be a non-empty string')
  requireInteger('metricsPort', resolved.metricsPort, 0, 65_535)
  if (resolved.openFilesLimit !== undefined) requireInteger('openFilesLimit', resolved.openFilesLimit, 1, Number.MAX_SAFE_INTEGER)
  if (typeof resolved.clock !== 'function') throw new TypeError('clock must be a function')
  if (typeof resolved.redisKeyPrefix !== 'string' || !/^[\x21-\x7e]{1,64}$/.test(resolved.redisKeyPrefix)) {
    throw new TypeError('redisKeyPrefix must be 1 to 64 printable ASCII characters without spaces')
  }
  if (resolved.redisUrl !== undefined && !isRedisUrl(resolved.redisUrl)) {
    // Never echo the value: a Redis URL may carry a password.
    throw new TypeError('redisUrl must be a redis:// or rediss:// URL')
  }

  const iceServers = parseIceServers(options.iceServers ?? [])
  if (!iceServers.ok) throw new TypeError(`iceServers: ${iceServers.reason}`)
  resolved.iceServers = iceServers.message
  requireUrls('stunUrls', resolved.stunUrls, 'stun')
  requireUrls('turnUrls', resolved.turnUrls, 'turn')
  // Error messages about the secret never quote it.
  if (resolved.turnSecret !== undefined && (typeof resolved.turnSecret !== 'string' || resolved.turnSecret.length === 0)) {
    throw new TypeError('turnSecret must be a non-empty string')
  }
  if (resolved.turnUrls.length > 0 && resolved.turnSecret === undefined) throw new TypeError('turnUrls need turnSecret')
  if (resolved.turnUrls.length === 0 && resolved.turnSecret !== undefined) throw new TypeError('turnSecret is set but turnUrls is empty')
  // What peers get must pass the clients' own parser, or every join would hand out a list they reject.
  const sample = createIceServerIssuer({ ...resolved, ttlSeconds: resolved.turnCredentialTtlSeconds })('0'.repeat(12))
  const checked = parseIceServers(sample.iceServers)
  if (!checked.ok) throw new TypeError(`iceServers, stunUrls and turnUrls together: ${checked.reason}`)
  // …and the browsers' stricter URL parser, or every call would fail where the peer connection is made.
  for (const url of sample.iceServers.flatMap((server) => server.urls)) {
    const problem = iceUrlProblem(url)
    if (problem !== undefined) throw new TypeError(`ICE server URL ${JSON.stringify(url.slice(0, 80))} ${problem}`)
  }
  return resolved
}

function requireUrls(name: string, urls: unknown, scheme: 'stun' | 'turn'): void {
  if (!Array.isArray(urls) || urls.length > LIMITS.iceServerUrls) throw new TypeError(`${name} must be an array of at most ${LIMITS.iceServerUrls} URLs`)
  for (const url of urls) {
    if (typeof url !== 'string' || url.length > LIMITS.iceServerFieldChars || !(url.startsWith(`${scheme}:`) || url.startsWith(`${scheme}s:`))) {
      throw new TypeError(`${name} must hold ${scheme}: or ${scheme}s: URLs, got ${JSON.stringify(String(url).slice(0, 80))}`)
    }
  }
}

function isRedisUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false
  try {
    const url = new URL(value)
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== ''
  } catch {
    return false
  }
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`)
  }
}
