/**
 * The server's defences against clients that misbehave or attack it, each an explicit option with its default
 * (docs/protocol.md, "Limits", lists them with what a client sees when it hits one; docs/security.md says
 * why they are what they are). The defaults are far above what the app does, including a test run that opens
 * dozens of connections from 127.0.0.1, so only abuse meets them.
 */
import { parseAllowedHost } from './host-allowlist'
import { normalizeOrigin } from './origin-policy'

export interface ServerLimits {
  /**
   * Web origins (`https://app.example.org`) allowed to open a signaling connection besides the server's own
   * (the web app it serves, recognised by `Origin` matching the `Host` header). `['*']` allows every origin.
   * Others get HTTP 403 `SIG_ERR_ORIGIN_NOT_ALLOWED`. Default `[]`.
   */
  allowedOrigins: string[]
  /**
   * Whether an upgrade without an `Origin` header (native clients such as the desktop app) is allowed.
   * Default `true`: browsers always send one, and the check exists to protect browsers.
   */
  allowMissingOrigin: boolean
  /**
   * Names and addresses clients may use for this server in the `Host` header, besides the listener's own
   * (host-allowlist.ts): `signal.example.org` (any port), `signal.example.org:8443`, `203.0.113.5`,
   * `[2001:db8::1]`; `['*']` allows any `Host` and so gives up the protection against DNS rebinding. Others get
   * HTTP 421 `SIG_ERR_HOST_NOT_ALLOWED` (every route but `/healthz`). Default `[]`.
   */
  allowedHosts: string[]
  /**
   * Take the client's address from the last entry of `X-Forwarded-For` (set it behind a reverse proxy, which
   * appends the real address; never otherwise, as clients could then pick their own). Default `false`.
   */
  trustProxy: boolean
  /** Connections one address (an IPv6 /64) may have open at once; more get HTTP 429 `SIG_ERR_TOO_MANY_CONNECTIONS`. Default `64`. */
  maxConnectionsPerAddress: number
  /**
   * TCP connections one address may hold that are not WebSockets (a request head being read, an idle keep-alive
   * connection, a download); one more is answered HTTP 429 `SIG_ERR_TOO_MANY_SOCKETS` as soon as it opens and
   * closed. Not applied with `trustProxy` (every connection then comes from the proxy, which must do this).
   * Default `32`: a browser loading the web app opens about six.
   */
  maxPendingSocketsPerAddress: number
  /**
   * How long a client may take to send a whole request head (and request), in ms, from the moment it connects;
   * past it Node answers 408 and closes. Stops connections that send nothing or trickle a header (slowloris).
   * WebSockets are not affected once open. Default `10000`.
   */
  headersTimeoutMs: number
  /**
   * File descriptors kept free for everything but client sockets (Node itself, Redis, files being served, the
   * metrics listener): the server takes at most the open-files limit minus this many sockets. Past that it
   * closes the oldest connection that is not a WebSocket for each new one, and refuses new WebSockets with HTTP
   * 503 `SIG_ERR_SERVER_FULL` once only 16 sockets are left for plain HTTP, so `/healthz` keeps answering and
   * open calls keep going. Default `64`.
   */
  fileDescriptorReserve: number
  /** Connections one address may open in a burst; faster gets HTTP 429 `SIG_ERR_CONNECTING_TOO_FAST`. Default `32`. */
  connectionBurstPerAddress: number
  /** New connections per second one address may open on average, after the burst. Default `4`. */
  connectionsPerSecondPerAddress: number
  /**
   * Frames one connection may send in a burst; more are refused with `SIG_ERR_RATE_LIMITED`. Default `200`:
   * a call's offer, answer and ICE candidates fit many times over (measured in the end-to-end tests: a call
   * on one machine trickles 12 candidates from one side and 2 from the other, a relay-only call 3; with
   * several networks and TURN over three transports, a few dozen).
   */
  messageBurst: number
  /** Frames per second one connection may send on average, after the burst. Default `50`. Pings count too. */
  messagesPerSecond: number
  /**
   * Refused frames after which a connection that keeps flooding is closed with 1008 `SIG_ERR_RATE_LIMITED`.
   * The count starts over once the connection has been quiet long enough to refill its burst. Default `20`.
   */
  maxRateViolations: number
  /** Failed attempts (docs/security.md) are counted per address over this window, in ms. Default 10 minutes. */
  attemptWindowMs: number
  /** Failed attempts per window that cost nothing. Default `100`. */
  freeFailedAttempts: number
  /** Delay before the attempt after the first failure past the free ones, in ms; doubles with each further failure. Default `100`. */
  failedAttemptDelayMs: number
  /** Longest such delay, in ms; an attempt that would wait longer is refused with `SIG_ERR_TOO_MANY_ATTEMPTS`. Default `3000`. */
  maxFailedAttemptDelayMs: number
  /** Failed attempts in one window after which the address is blocked: `SIG_ERR_TOO_MANY_ATTEMPTS`. Default `300`. */
  blockAfterFailedAttempts: number
  /** How long such a block lasts, in ms. Default 15 minutes. */
  failedAttemptBlockMs: number
  /**
   * Bytes the server buffers for one connection that does not read what it is sent; past this it is closed with
   * 1013 `SIG_ERR_SLOW_CONSUMER` and its buffer freed. Default 1 MiB (sixteen of the largest frames).
   */
  maxBufferedBytesPerConnection: number
  /**
   * How long a received frame may wait to be handled behind the previous ones, in ms; if it waited longer (the
   * server or Redis is overloaded) the connection is closed with 1013 `SIG_ERR_BACKLOG`. Default `15000`.
   */
  maxFrameWaitMs: number
  /**
   * Fragments one message may come in (ws's `maxFragments`); more close the connection with 1008
   * `SIG_ERR_TOO_MANY_FRAGMENTS`. The total size is capped by `maxPayload` anyway; this caps the count of empty
   * fragments, which cost work but no bytes. Default `128` (browsers send a message in one frame).
   */
  maxFragments: number
  /** Addresses remembered for the per-address limits; the idle and the oldest are forgotten first. Default `100000`. */
  maxTrackedAddresses: number
}

export const DEFAULT_LIMITS: Readonly<ServerLimits> = {
  allowedOrigins: [],
  allowMissingOrigin: true,
  allowedHosts: [],
  trustProxy: false,
  maxConnectionsPerAddress: 64,
  maxPendingSocketsPerAddress: 32,
  headersTimeoutMs: 10_000,
  fileDescriptorReserve: 64,
  connectionBurstPerAddress: 32,
  connectionsPerSecondPerAddress: 4,
  messageBurst: 200,
  messagesPerSecond: 50,
  maxRateViolations: 20,
  attemptWindowMs: 10 * 60_000,
  freeFailedAttempts: 100,
  failedAttemptDelayMs: 100,
  maxFailedAttemptDelayMs: 3_000,
  blockAfterFailedAttempts: 300,
  failedAttemptBlockMs: 15 * 60_000,
  maxBufferedBytesPerConnection: 1024 * 1024,
  maxFrameWaitMs: 15_000,
  maxFragments: 128,
  maxTrackedAddresses: 100_000,
}

const MAX_TIMER_MS = 2 ** 31 - 1
/** Integer limits and their allowed ranges; timers stay within what Node's timers can hold. */
const RANGES = {
  maxConnectionsPerAddress: [1, 1_000_000],
  maxPendingSocketsPerAddress: [1, 1_000_000],
  // A real client on a slow network needs a moment; below a second only attackers are spared work.
  headersTimeoutMs: [1_000, MAX_TIMER_MS],
  // Node alone holds about 20 descriptors (stdio, epoll, its thread pool); below this the reserve is a guess.
  fileDescriptorReserve: [32, 1_000_000],
  connectionBurstPerAddress: [1, 1_000_000],
  connectionsPerSecondPerAddress: [1, 1_000_000],
  messageBurst: [1, 1_000_000],
  messagesPerSecond: [1, 1_000_000],
  maxRateViolations: [0, 1_000_000],
  attemptWindowMs: [1, MAX_TIMER_MS],
  freeFailedAttempts: [0, 1_000_000],
  failedAttemptDelayMs: [0, MAX_TIMER_MS],
  maxFailedAttemptDelayMs: [0, MAX_TIMER_MS],
  blockAfterFailedAttempts: [1, 1_000_000],
  failedAttemptBlockMs: [0, MAX_TIMER_MS],
  maxBufferedBytesPerConnection: [1, Number.MAX_SAFE_INTEGER],
  maxFrameWaitMs: [1, MAX_TIMER_MS],
  maxFragments: [1, 1_000_000],
  maxTrackedAddresses: [1, 100_000_000],
} as const satisfies Partial<Record<keyof ServerLimits, readonly [number, number]>>

/** Fills in the defaults and checks every limit; throws a `TypeError`/`RangeError` naming the bad one. */
export function resolveLimits(options: Partial<ServerLimits>): ServerLimits {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, allowedOrigins: [...DEFAULT_LIMITS.allowedOrigins], allowedHosts: [...DEFAULT_LIMITS.allowedHosts] }
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof ServerLimits)[]) {
    if (options[key] !== undefined) Object.assign(limits, { [key]: options[key] })
  }
  for (const [name, [min, max]] of Object.entries(RANGES)) {
    const value = limits[name as keyof typeof RANGES]
    if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`)
  }
  for (const name of ['allowMissingOrigin', 'trustProxy'] as const) {
    if (typeof limits[name] !== 'boolean') throw new TypeError(`${name} must be true or false`)
  }
  if (!Array.isArray(limits.allowedOrigins)) throw new TypeError('allowedOrigins must be an array of origins')
  limits.allowedOrigins = limits.allowedOrigins.map((origin: unknown) => {
    const normalized = typeof origin === 'string' ? (origin === '*' ? '*' : normalizeOrigin(origin)) : undefined
    if (normalized === undefined || (normalized !== '*' && normalized !== String(origin).replace(/\/$/, '').toLowerCase())) {
      throw new TypeError(`allowedOrigins must hold origins like https://app.example.org (no path) or *, got ${JSON.stringify(String(origin).slice(0, 80))}`)
    }
    return normalized
  })
  if (!Array.isArray(limits.allowedHosts)) throw new TypeError('allowedHosts must be an array of host names or addresses')
  limits.allowedHosts = limits.allowedHosts.map((entry: unknown) => {
    const parsed = typeof entry === 'string' ? parseAllowedHost(entry) : undefined
    if (parsed === undefined) {
      throw new TypeError(`allowedHosts must hold host names or addresses like signal.example.org, signal.example.org:8443, [2001:db8::1] or *, got ${JSON.stringify(String(entry).slice(0, 80))}`)
    }
    return entry as string
  })
  if (limits.maxFailedAttemptDelayMs < limits.failedAttemptDelayMs) throw new RangeError('maxFailedAttemptDelayMs must be at least failedAttemptDelayMs')
  return limits
}
