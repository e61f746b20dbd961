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
  DEFAULT_PATH,
  DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
  DEFAULT_REDIS_KEY_PREFIX,
  DEFAULT_TURN_CREDENTIAL_TTL_SECONDS,
  MIN_CLUSTER_KEY_TTL_MS,
} from './options'
import { MAX_TURN_CREDENTIAL_TTL_SECONDS, MIN_TURN_CREDENTIAL_TTL_SECONDS } from './turn-credentials'
import { MAX_FRAME_BYTES } from '../shared/protocol'

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
    | 'metrics'
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
> & {
  /** Read by cli.ts (a file is read at start, not while parsing). */
  turnSecretFile?: string
  logLevel?: LogLevel
}

type Kind =
  | { type: 'integer'; min: number; max: number }
  | { type: 'urls'; schemes: readonly string[] }
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
  { key: 'metrics', env: 'TONGHWA_METRICS', kind: { type: 'boolean' }, shownDefault: 'true', help: 'Serve Prometheus metrics at /metrics (true or false).' },
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
  { key: 'maxQueuedFramesPerConnection', env: 'TONGHWA_MAX_QUEUED_FRAMES', kind: { type: 'integer', min: 1, max: 100_000 }, shownDefault: String(DEFAULT_MAX_QUEUED_FRAMES_PER_CONNECTION), help: 'Frames of one connection waiting to be handled before the server stops reading it.' },
]

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
      return { ok: true, value: urls }
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
