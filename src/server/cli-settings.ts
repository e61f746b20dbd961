/**
 * The server settings the standalone server reads from its environment (and, for some, a flag), as one table:
 * parsing, `--help` and the check that docs/deployment.md lists them all come from here. Host, port, the web
 * app directory and the ICE server list are older and parsed by hand in cli-options.ts.
 *
 * Secrets (the TURN secret, a Redis URL with a password) have no flag: command lines are visible to every user
 * of the machine (`ps`), the environment and files are not.
 */
import type { LogLevel } from './log'
import type { SignalingServerOptions } from './options'
import {
  DEFAULT_CLUSTER_KEY_TTL_MS,
  DEFAULT_CODE_BINDING_TTL_MS,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  DEFAULT_INVITE_TTL_MS,
  DEFAULT_MAX_CODE_BINDINGS,
  DEFAULT_MAX_PENDING_INVITES_PER_CONNECTION,
  DEFAULT_MAX_QUEUED_FRAMES_PER_CONNECTION,
  DEFAULT_METRICS_HOST,
  DEFAULT_PATH,
  DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
  DEFAULT_REDIS_KEY_PREFIX,
  DEFAULT_TURN_CREDENTIAL_TTL_SECONDS,
  MIN_CLUSTER_KEY_TTL_MS,
} from './options'
import { iceUrlProblem } from './ice-urls'
import { MAX_TURN_CREDENTIAL_TTL_SECONDS, MIN_TURN_CREDENTIAL_TTL_SECONDS } from './turn-credentials'
import { DEFAULT_LIMITS, type ServerLimits } from './limit-options'
import { CALLING_LIMIT_RANGES, DEFAULT_CALLING_LIMITS, type CallingLimits } from './calling-limits'
import { MAX_FRAME_BYTES } from '../shared/protocol'
import { MAX_RESUME_KEY_CHARS, MIN_RESUME_KEY_CHARS } from './resume-tokens'

const RESUME_KEY_PATTERN = new RegExp(`^[\\x21-\\x7e]{${MIN_RESUME_KEY_CHARS},${MAX_RESUME_KEY_CHARS}}$`)

/** Server options that come from this table. */
export type TableSettings = Partial<
  Pick<
    SignalingServerOptions,
    | 'path'
    | 'stunUrls'
    | 'turnUrls'
    | 'turnSecret'
    | 'turnCredentialTtlSeconds'
    | 'redisUrl'
    | 'redisKeyPrefix'
    | 'clusterKeyTtlMs'
    | 'redisCommandTimeoutMs'
    | 'resumeKey'
    | 'metrics'
    | 'metricsHost'
    | 'metricsPort'
    | 'openFilesLimit'
    | 'heartbeatIntervalMs'
    | 'maxPeersPerRoom'
    | 'maxPendingInvitesPerConnection'
    | 'inviteTtlMs'
    | 'codeBindingTtlMs'
    | 'maxCodeBindings'
    | 'shutdownGraceMs'
    | 'maxPayload'
    | 'maxQueuedFramesPerConnection'
  >
> &
  Partial<ServerLimits> &
  Partial<CallingLimits> & {
  /** Read by cli.ts (a file is read at start, not while parsing). */
  turnSecretFile?: string
  logLevel?: LogLevel
}

type Kind =
  | { type: 'integer'; min: number; max: number }
  | { type: 'urls'; schemes: readonly string[] }
  | { type: 'list'; pattern: RegExp; expected: string }
  | { type: 'boolean' }
  | { type: 'text'; pattern?: RegExp; expected?: string }

export interface SettingSpec {
  key: keyof TableSettings
  env: string
  flag?: string
  kind: Kind
  /** The default, as shown in `--help` and the deployment guide. */
  shownDefault: string
  help: string
}

/** Where the standalone server serves `/metrics` unless told otherwise (the embedded one takes any free port). */
export const CLI_DEFAULT_METRICS_PORT = 4790

const MAX_TIMER_MS = 2 ** 31 - 1
const ms = (min: number) => ({ type: 'integer', min, max: MAX_TIMER_MS }) as const

export const SETTINGS: readonly SettingSpec[] = [
  { key: 'stunUrls', env: 'TONGHWA_STUN_URLS', flag: '--stun-urls', kind: { type: 'urls', schemes: ['stun:', 'stuns:'] }, shownDefault: 'none', help: 'Comma-separated STUN URLs sent to every peer.' },
  { key: 'turnUrls', env: 'TONGHWA_TURN_URLS', flag: '--turn-urls', kind: { type: 'urls', schemes: ['turn:', 'turns:'] }, shownDefault: 'none', help: 'Comma-separated TURN URLs; each peer gets a TURN REST credential for them. Needs the TURN secret.' },
  { key: 'turnSecret', env: 'TONGHWA_TURN_SECRET', kind: { type: 'text' }, shownDefault: 'none', help: "The TURN server's static-auth-secret. Never sent, never logged. No flag: use this or the file." },
  { key: 'turnSecretFile', env: 'TONGHWA_TURN_SECRET_FILE', flag: '--turn-secret-file', kind: { type: 'text' }, shownDefault: 'none', help: 'A file holding the TURN secret (e.g. a Docker secret); one trailing newline is ignored.' },
  { key: 'turnCredentialTtlSeconds', env: 'TONGHWA_TURN_CREDENTIAL_TTL_SECONDS', kind: { type: 'integer', min: MIN_TURN_CREDENTIAL_TTL_SECONDS, max: MAX_TURN_CREDENTIAL_TTL_SECONDS }, shownDefault: String(DEFAULT_TURN_CREDENTIAL_TTL_SECONDS), help: 'Lifetime of a TURN credential in seconds (at most 3600); fresh ones are pushed at 80 %.' },
  { key: 'redisUrl', env: 'TONGHWA_REDIS_URL', kind: { type: 'text', pattern: /^rediss?:\/\/./, expected: 'a redis:// or rediss:// URL' }, shownDefault: 'none (one process, in memory)', help: 'Redis shared by the processes of a cluster. No flag: it may hold a password.' },
  { key: 'redisKeyPrefix', env: 'TONGHWA_REDIS_KEY_PREFIX', kind: { type: 'text', pattern: /^[\x21-\x7e]{1,64}$/, expected: '1 to 64 printable characters without spaces' }, shownDefault: DEFAULT_REDIS_KEY_PREFIX, help: 'Prefix of every Redis key and channel.' },
  { key: 'clusterKeyTtlMs', env: 'TONGHWA_CLUSTER_KEY_TTL_MS', kind: ms(MIN_CLUSTER_KEY_TTL_MS), shownDefault: String(DEFAULT_CLUSTER_KEY_TTL_MS), help: "How long a process's keys outlive it (ms): a crashed process's peers are freed within about 4/3 of this." },
  { key: 'redisCommandTimeoutMs', env: 'TONGHWA_REDIS_COMMAND_TIMEOUT_MS', kind: ms(1), shownDefault: String(DEFAULT_REDIS_COMMAND_TIMEOUT_MS), help: 'How long one Redis command may take (ms).' },
  { key: 'resumeKey', env: 'TONGHWA_RESUME_KEY', kind: { type: 'text', pattern: RESUME_KEY_PATTERN, expected: `${MIN_RESUME_KEY_CHARS} to ${MAX_RESUME_KEY_CHARS} printable characters without spaces (openssl rand -base64 32)` }, shownDefault: 'random per process', help: 'Key of the resume tokens (join.resume). The same on every process of a cluster, kept across restarts. No flag: it is a secret.' },
  { key: 'metrics', env: 'TONGHWA_METRICS', kind: { type: 'boolean' }, shownDefault: 'true', help: 'Serve Prometheus metrics at /metrics on a listener of their own (true or false).' },
  { key: 'metricsHost', env: 'TONGHWA_METRICS_HOST', flag: '--metrics-host', kind: { type: 'text', pattern: /^[\x21-\x7e]{1,255}$/, expected: 'an address or host name' }, shownDefault: DEFAULT_METRICS_HOST, help: 'Interface the metrics listener listens on; never the public one without a firewall.' },
  { key: 'metricsPort', env: 'TONGHWA_METRICS_PORT', flag: '--metrics-port', kind: { type: 'integer', min: 0, max: 65_535 }, shownDefault: String(CLI_DEFAULT_METRICS_PORT), help: 'Port of the metrics listener (0 for any free port).' },
  { key: 'openFilesLimit', env: 'TONGHWA_OPEN_FILES_LIMIT', kind: { type: 'integer', min: 1, max: Number.MAX_SAFE_INTEGER }, shownDefault: 'read from /proc/self/limits (Linux)', help: 'The open-files limit (ulimit -n) to budget sockets against, where it cannot be read.' },
  { key: 'logLevel', env: 'TONGHWA_LOG_LEVEL', flag: '--log-level', kind: { type: 'text', pattern: /^(debug|info|warn|error)$/, expected: 'debug, info, warn or error' }, shownDefault: 'info', help: 'Lowest level of JSON log lines written to stderr.' },
  { key: 'path', env: 'TONGHWA_PATH', kind: { type: 'text', pattern: /^\/[\x21-\x7e]*$/, expected: 'a path starting with /' }, shownDefault: DEFAULT_PATH, help: 'URL path of the WebSocket endpoint.' },
  { key: 'heartbeatIntervalMs', env: 'TONGHWA_HEARTBEAT_INTERVAL_MS', kind: ms(1), shownDefault: String(DEFAULT_HEARTBEAT_INTERVAL_MS), help: 'Milliseconds between WebSocket pings; a silent peer is dropped within two.' },
  { key: 'maxPeersPerRoom', env: 'TONGHWA_MAX_PEERS_PER_ROOM', kind: { type: 'integer', min: 1, max: 1_000 }, shownDefault: '2', help: 'Most peers in one room (the app makes calls of two).' },
  { key: 'maxPendingInvitesPerConnection', env: 'TONGHWA_MAX_PENDING_INVITES', kind: { type: 'integer', min: 1, max: 1_000 }, shownDefault: String(DEFAULT_MAX_PENDING_INVITES_PER_CONNECTION), help: 'Most calls one connection may have ringing at once.' },
  { key: 'inviteTtlMs', env: 'TONGHWA_INVITE_TTL_MS', kind: ms(1), shownDefault: String(DEFAULT_INVITE_TTL_MS), help: 'How long an unanswered call rings before both ends hear no-answer (ms).' },
  { key: 'codeBindingTtlMs', env: 'TONGHWA_CODE_BINDING_TTL_MS', kind: { type: 'integer', min: 0, max: Number.MAX_SAFE_INTEGER }, shownDefault: String(DEFAULT_CODE_BINDING_TTL_MS), help: 'How long a personal code stays bound to its secret after its owner was last seen (ms; 90 days).' },
  { key: 'maxCodeBindings', env: 'TONGHWA_MAX_CODE_BINDINGS', kind: { type: 'integer', min: 1, max: Number.MAX_SAFE_INTEGER }, shownDefault: String(DEFAULT_MAX_CODE_BINDINGS), help: 'Most code bindings kept in memory (one process; in a cluster Redis keeps them).' },
  { key: 'shutdownGraceMs', env: 'TONGHWA_SHUTDOWN_GRACE_MS', kind: { type: 'integer', min: 0, max: MAX_TIMER_MS }, shownDefault: '1000', help: 'How long shutdown waits for clients to close before cutting them off (ms).' },
  { key: 'maxPayload', env: 'TONGHWA_MAX_PAYLOAD_BYTES', kind: { type: 'integer', min: 1, max: MAX_FRAME_BYTES }, shownDefault: String(MAX_FRAME_BYTES), help: 'Largest frame accepted, in bytes.' },
  ...limitSettings(),
  ...callingLimitSettings(),
  { key: 'maxQueuedFramesPerConnection', env: 'TONGHWA_MAX_QUEUED_FRAMES', kind: { type: 'integer', min: 1, max: 100_000 }, shownDefault: String(DEFAULT_MAX_QUEUED_FRAMES_PER_CONNECTION), help: 'Frames of one connection waiting to be handled before the server stops reading it.' },
]

/** The limits against misbehaving clients (limit-options.ts). */
function limitSettings(): SettingSpec[] {
  const d = DEFAULT_LIMITS
  const count = (max = 1_000_000) => ({ type: 'integer', min: 1, max }) as const
  const zeroOr = (max: number) => ({ type: 'integer', min: 0, max }) as const
  return [
    { key: 'allowedOrigins', env: 'TONGHWA_ALLOWED_ORIGINS', flag: '--allowed-origins', kind: { type: 'list', pattern: /^(\*|https?:\/\/[^/\s]+)$/, expected: 'comma-separated origins like https://app.example.org, or *' }, shownDefault: "none (only the server's own web app)", help: 'Web origins besides the served web app that may connect; * allows any.' },
    { key: 'allowedHosts', env: 'TONGHWA_ALLOWED_HOSTS', flag: '--allowed-hosts', kind: { type: 'list', pattern: /^(\*|\[[0-9A-Fa-f:.]+\](:\d{1,5})?|[0-9A-Fa-f]*:[0-9A-Fa-f:.]+|[A-Za-z0-9_.-]+(:\d{1,5})?)$/, expected: 'comma-separated host names or addresses like signal.example.org, signal.example.org:8443, [2001:db8::1], or *' }, shownDefault: "none (only the listener's own addresses)", help: 'Host names and addresses clients may use for this server besides its own addresses (the public name behind a proxy); * allows any.' },
    { key: 'allowMissingOrigin', env: 'TONGHWA_ALLOW_MISSING_ORIGIN', kind: { type: 'boolean' }, shownDefault: String(d.allowMissingOrigin), help: 'Let clients without an Origin header (native apps) connect.' },
    { key: 'trustProxy', env: 'TONGHWA_TRUST_PROXY', kind: { type: 'boolean' }, shownDefault: String(d.trustProxy), help: "Take the client's address from the last X-Forwarded-For entry (only behind a proxy that sets it)." },
    { key: 'maxConnectionsPerAddress', env: 'TONGHWA_MAX_CONNECTIONS_PER_ADDRESS', kind: count(), shownDefault: String(d.maxConnectionsPerAddress), help: 'Connections one address (IPv6: one /64) may have open.' },
    { key: 'maxPendingSocketsPerAddress', env: 'TONGHWA_MAX_PENDING_SOCKETS_PER_ADDRESS', kind: count(), shownDefault: String(d.maxPendingSocketsPerAddress), help: 'TCP connections one address may hold that are not WebSockets (not applied with TONGHWA_TRUST_PROXY).' },
    { key: 'headersTimeoutMs', env: 'TONGHWA_HEADERS_TIMEOUT_MS', kind: ms(1_000), shownDefault: String(d.headersTimeoutMs), help: 'How long a client may take to send a request head from the moment it connects (ms).' },
    { key: 'fileDescriptorReserve', env: 'TONGHWA_FILE_DESCRIPTOR_RESERVE', kind: { type: 'integer', min: 32, max: 1_000_000 }, shownDefault: String(d.fileDescriptorReserve), help: 'File descriptors kept free for everything but client sockets; sockets are budgeted to the open-files limit minus this.' },
    { key: 'connectionBurstPerAddress', env: 'TONGHWA_CONNECTION_BURST', kind: count(), shownDefault: String(d.connectionBurstPerAddress), help: 'Connections one address may open in a burst.' },
    { key: 'connectionsPerSecondPerAddress', env: 'TONGHWA_CONNECTIONS_PER_SECOND', kind: count(), shownDefault: String(d.connectionsPerSecondPerAddress), help: 'New connections per second one address may open after the burst.' },
    { key: 'messageBurst', env: 'TONGHWA_MESSAGE_BURST', kind: count(), shownDefault: String(d.messageBurst), help: 'Frames one connection may send in a burst.' },
    { key: 'messagesPerSecond', env: 'TONGHWA_MESSAGES_PER_SECOND', kind: count(), shownDefault: String(d.messagesPerSecond), help: 'Frames per second one connection may send after the burst.' },
    { key: 'maxRateViolations', env: 'TONGHWA_MAX_RATE_VIOLATIONS', kind: zeroOr(1_000_000), shownDefault: String(d.maxRateViolations), help: 'Frames refused for rate before the connection is closed (1008).' },
    { key: 'attemptWindowMs', env: 'TONGHWA_ATTEMPT_WINDOW_MS', kind: ms(1), shownDefault: String(d.attemptWindowMs), help: 'Window over which failed joins and calls are counted per address (ms).' },
    { key: 'freeFailedAttempts', env: 'TONGHWA_FREE_FAILED_ATTEMPTS', kind: zeroOr(1_000_000), shownDefault: String(d.freeFailedAttempts), help: 'Failed attempts per window that are not slowed down.' },
    { key: 'failedAttemptDelayMs', env: 'TONGHWA_FAILED_ATTEMPT_DELAY_MS', kind: zeroOr(MAX_TIMER_MS), shownDefault: String(d.failedAttemptDelayMs), help: 'First delay after the free failures (ms); doubles with each failure.' },
    { key: 'maxFailedAttemptDelayMs', env: 'TONGHWA_MAX_FAILED_ATTEMPT_DELAY_MS', kind: zeroOr(MAX_TIMER_MS), shownDefault: String(d.maxFailedAttemptDelayMs), help: 'Longest such delay (ms).' },
    { key: 'blockAfterFailedAttempts', env: 'TONGHWA_BLOCK_AFTER_FAILED_ATTEMPTS', kind: count(), shownDefault: String(d.blockAfterFailedAttempts), help: 'Failed attempts per window after which the address is blocked.' },
    { key: 'failedAttemptBlockMs', env: 'TONGHWA_FAILED_ATTEMPT_BLOCK_MS', kind: zeroOr(MAX_TIMER_MS), shownDefault: String(d.failedAttemptBlockMs), help: 'How long such a block lasts (ms).' },
    { key: 'maxBufferedBytesPerConnection', env: 'TONGHWA_MAX_BUFFERED_BYTES', kind: count(Number.MAX_SAFE_INTEGER), shownDefault: String(d.maxBufferedBytesPerConnection), help: 'Bytes buffered for a client that does not read before it is closed (1013).' },
    { key: 'maxFrameWaitMs', env: 'TONGHWA_MAX_FRAME_WAIT_MS', kind: ms(1), shownDefault: String(d.maxFrameWaitMs), help: 'How long a frame may wait to be handled before its connection is closed (1013).' },
    { key: 'maxFragments', env: 'TONGHWA_MAX_FRAGMENTS', kind: count(), shownDefault: String(d.maxFragments), help: 'Fragments one message may come in.' },
    { key: 'maxTrackedAddresses', env: 'TONGHWA_MAX_TRACKED_ADDRESSES', kind: count(100_000_000), shownDefault: String(d.maxTrackedAddresses), help: 'Addresses remembered for the per-address limits.' },
  ]
}

/** The limits on personal codes and calls (calling-limits.ts). */
function callingLimitSettings(): SettingSpec[] {
  const d = DEFAULT_CALLING_LIMITS
  const spec = (key: keyof CallingLimits, env: string, help: string): SettingSpec => {
    const [min, max] = CALLING_LIMIT_RANGES[key]
    return { key, env, kind: { type: 'integer', min, max }, shownDefault: String(d[key]), help }
  }
  return [
    spec('newCodeBindingBurstPerAddress', 'TONGHWA_NEW_CODE_BURST_PER_ADDRESS', 'New personal codes (bindings) one address may register in a burst.'),
    spec('newCodeBindingsPerHourPerAddress', 'TONGHWA_NEW_CODES_PER_HOUR_PER_ADDRESS', 'New personal codes per hour one address may register after the burst.'),
    spec('newCodeBindingBurst', 'TONGHWA_NEW_CODE_BURST', 'New personal codes the whole server (each process) may register in a burst.'),
    spec('newCodeBindingsPerHour', 'TONGHWA_NEW_CODES_PER_HOUR', 'New personal codes per hour the whole server may register after the burst.'),
    spec('codeBindingProtectedMs', 'TONGHWA_CODE_BINDING_PROTECTED_MS', 'A code seen within this long is never evicted to make room (ms; 7 days).'),
    spec('ringIntervalMs', 'TONGHWA_RING_INTERVAL_MS', 'Least time between two calls from one personal code (ms).'),
    spec('ringBackoffMs', 'TONGHWA_RING_BACKOFF_MS', 'Wait before ringing the same person again after a call they did not take (ms); doubles per miss.'),
    spec('maxRingBackoffMs', 'TONGHWA_MAX_RING_BACKOFF_MS', 'Longest such wait (ms).'),
    spec('freeRingMisses', 'TONGHWA_FREE_RING_MISSES', 'Calls in a row nobody takes before all of a caller’s calls wait.'),
    spec('maxTrackedCallers', 'TONGHWA_MAX_TRACKED_CALLERS', 'Callers and caller–callee pairs remembered for the pacing of rings.'),
  ]
}

export type SettingResult = { ok: true; value: string | number | boolean | string[] } | { ok: false; message: string }

/** Parses one setting's text; `source` is the flag or variable the text came from, for the message. */
export function parseSetting(spec: SettingSpec, text: string, source: string): SettingResult {
  const { kind } = spec
  switch (kind.type) {
    case 'integer': {
      const value = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN
      if (!Number.isSafeInteger(value) || value < kind.min || value > kind.max) {
        return { ok: false, message: `${source} must be a whole number from ${kind.min} to ${kind.max}, got ${JSON.stringify(text)}` }
      }
      return { ok: true, value }
    }
    case 'urls': {
      const urls = text.split(',').map((url) => url.trim()).filter((url) => url !== '')
      const bad = urls.find((url) => !kind.schemes.some((scheme) => url.startsWith(scheme)))
      if (urls.length === 0 || bad !== undefined) {
        return { ok: false, message: `${source} must be comma-separated ${kind.schemes.join(' or ')} URLs, got ${JSON.stringify((bad ?? text).slice(0, 80))}` }
      }
      for (const url of urls) {
        const problem = iceUrlProblem(url)
        if (problem !== undefined) return { ok: false, message: `${source}: ${JSON.stringify(url.slice(0, 80))} ${problem}` }
      }
      return { ok: true, value: urls }
    }
    case 'list': {
      const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '')
      const bad = items.find((item) => !kind.pattern.test(item))
      if (items.length === 0 || bad !== undefined) return { ok: false, message: `${source} must be ${kind.expected}, got ${JSON.stringify((bad ?? text).slice(0, 80))}` }
      return { ok: true, value: items }
    }
    case 'boolean':
      if (text === 'true' || text === '1') return { ok: true, value: true }
      if (text === 'false' || text === '0') return { ok: true, value: false }
      return { ok: false, message: `${source} must be true or false, got ${JSON.stringify(text)}` }
    case 'text':
      // Never quote the value: it may be a secret or a URL with a password.
      if (kind.pattern !== undefined && !kind.pattern.test(text)) return { ok: false, message: `${source} must be ${kind.expected ?? 'valid'}` }
      return { ok: true, value: text }
  }
}
