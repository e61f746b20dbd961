/**
 * **Test** in Settings → Server: says exactly what is wrong with an address, or what works there. In order,
 * each step only when the one before passed, so the first thing wrong is the thing reported:
 *
 * 1. the address is one the app may use (`wss://`, or `ws://` to this machine)   `SERVER_TEST_BAD_ADDRESS`
 * 2. the name resolves                                                            `SERVER_TEST_NAME_NOT_FOUND`
 * 3. `GET /.well-known/tonghwa` answers: something listens                        `SERVER_TEST_NO_ANSWER`
 *    over TLS the app accepts (why not: expired, self-signed, wrong name…)        `SERVER_TEST_BAD_CERTIFICATE`
 *    and, when it says what it is, in this protocol version                       `SERVER_TEST_OTHER_PROTOCOL`
 * 4. the signaling WebSocket opens as the app opens it (no `Origin` header)       `SERVER_TEST_ORIGIN_REFUSED`,
 *    to this name, and takes a connection now                                     `SERVER_TEST_HOST_REFUSED`,
 *                                                                                 `SERVER_TEST_BUSY`
 *    and answers a version-1 frame in version 1                                   `SERVER_TEST_NOT_TONGHWA`,
 *                                                                                 `SERVER_TEST_OTHER_PROTOCOL`
 *
 * What works comes from step 3 (version, TURN); a server without the info route (older) still passes on step 4,
 * with its version and TURN offer unknown. Nothing here registers or joins anything: the server learns no code.
 * No Electron import: tested in Node against real sockets.
 */
import { lookup as dnsLookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { parseServerAddress } from '../../shared/server-address'
import { ServerTestCode, type ServerTestProblem, type ServerTestResult } from '../../shared/server-choice'
import { PROTOCOL_VERSION } from '../../shared/protocol'
import { SignalingErrorCode, SignalingRefusal } from '../../shared/signaling-errors'
import { plainTextProblem } from '../server-trust/transport-policy'
import { probeServerInfo, probeSignalingSocket, type NetworkFailure, type ProbeOptions, type ServerInfoDocument } from './server-probes'

export interface ServerTestOptions {
  /** How long each step may take, in ms. Default 5000. */
  timeoutMs?: number
  /** Extra trusted certificate authorities; for tests. Default: the ones the app's connection trusts. */
  ca?: ProbeOptions['ca']
  /** Name lookup; default `dns.lookup`. */
  lookup?: (host: string) => Promise<unknown>
}

export async function testServer(address: string, options: ServerTestOptions = {}): Promise<ServerTestResult> {
  const probe: ProbeOptions = { timeoutMs: options.timeoutMs ?? 5_000, ...(options.ca !== undefined ? { ca: options.ca } : {}) }
  const parsed = parseServerAddress(address)
  if (!parsed.ok) return fail({ code: ServerTestCode.BadAddress, problem: parsed.problem })
  if (plainTextProblem(parsed.url) !== null) return fail({ code: ServerTestCode.BadAddress, problem: 'insecure' })
  const url = new URL(parsed.url)

  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host) === 0) {
    try {
      await withTimeout((options.lookup ?? dnsLookup)(host), probe.timeoutMs)
    } catch (error) {
      const failure = classifyLookup(error)
      return fail({ code: ServerTestCode.NameNotFound, host, reason: failure })
    }
  }

  const infoProbe = await probeServerInfo(url, probe)
  let info: ServerInfoDocument | null = null
  if (infoProbe.kind === 'failed') {
    // Not HTTP at all on the info route may still be a WebSocket-only proxy: let the socket decide.
    if (infoProbe.failure.kind !== 'not-http') return fail(networkProblem(infoProbe.failure, host))
  } else {
    info = infoProbe.info
    if (info !== null && info.protocol !== PROTOCOL_VERSION) return fail({ code: ServerTestCode.OtherProtocol, theirs: info.protocol, ours: PROTOCOL_VERSION })
  }

  const socket = await probeSignalingSocket(url, probe)
  switch (socket.kind) {
    case 'failed':
      // Something that answered HTTP a moment ago and now cuts the upgrade off is a web server, not ours.
      if (infoProbe.kind === 'answered' && socket.failure.kind === 'no-answer' && socket.failure.reason === 'reset') {
        return fail({ code: ServerTestCode.NotTonghwa, detail: `it answers HTTP but cuts the WebSocket at ${url.pathname} off` })
      }
      return fail(networkProblem(socket.failure, host))
    case 'refused':
      return fail(refusalProblem(socket, url))
    case 'opened': {
      const spoken = spokenVersion('json' in socket.reply ? socket.reply.json : undefined)
      if (spoken === PROTOCOL_VERSION) {
        return { ok: true, url: url.href, version: info?.version || null, protocol: PROTOCOL_VERSION, turn: info?.turn ?? null }
      }
      if (spoken !== null) return fail({ code: ServerTestCode.OtherProtocol, theirs: spoken === 'other' ? (info?.protocol ?? null) : spoken, ours: PROTOCOL_VERSION })
      const why = 'json' in socket.reply ? 'answers frames that are not the signaling protocol' : `opens a WebSocket that ${socket.reply.none === 'timeout' ? 'says nothing' : socket.reply.none === 'closed' ? 'closes at once' : 'answers with something that is not JSON'}`
      return fail({ code: ServerTestCode.NotTonghwa, detail: `${url.pathname} ${why}` })
    }
  }
}

function fail(problem: ServerTestProblem): ServerTestResult {
  return { ok: false, problem }
}

/**
 * The protocol version a reply to `leave` shows: a version-1 error frame (`SIG_ERR_NOT_IN_ROOM`, or any other
 * code of ours, such as a rate limit) → 1; a frame of another `v` → that version; `SIG_ERR_UNSUPPORTED_VERSION`
 * in version 1 → `'other'` (a server that speaks only another version but words its refusal in ours); anything
 * else → null (not our protocol).
 */
function spokenVersion(reply: unknown): number | 'other' | null {
  if (typeof reply !== 'object' || reply === null) return null
  const { v, type, code } = reply as Record<string, unknown>
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || type !== 'error' || typeof code !== 'string' || !code.startsWith('SIG_ERR_')) return null
  if (v !== PROTOCOL_VERSION) return v
  return code === SignalingErrorCode.UnsupportedVersion ? 'other' : PROTOCOL_VERSION
}

function networkProblem(failure: NetworkFailure, host: string): ServerTestProblem {
  switch (failure.kind) {
    case 'name':
      return { code: ServerTestCode.NameNotFound, host, reason: failure.reason }
    case 'no-answer':
      return { code: ServerTestCode.NoAnswer, reason: failure.reason }
    case 'certificate':
      return { code: ServerTestCode.BadCertificate, reason: failure.reason, detail: failure.detail }
    case 'not-http':
      return { code: ServerTestCode.NotTonghwa, detail: `it does not answer in HTTP (${failure.detail})` }
  }
}

function refusalProblem(refusal: { status: number; tonghwaError: string | null; retryAfterMs: number | null }, url: URL): ServerTestProblem {
  switch (refusal.tonghwaError) {
    case SignalingRefusal.OriginNotAllowed:
      return { code: ServerTestCode.OriginRefused }
    case SignalingRefusal.HostNotAllowed:
      return { code: ServerTestCode.HostRefused, host: url.host }
    case null:
      return { code: ServerTestCode.NotTonghwa, detail: `HTTP ${refusal.status} at ${url.pathname}` }
    default:
      // Its own codes on a 429 or 503: a Tonghwa server that takes no new connection from here for now.
      if (refusal.tonghwaError.startsWith('SIG_ERR_') && (refusal.status === 429 || refusal.status === 503)) {
        return { code: ServerTestCode.Busy, status: refusal.status, retryAfterMs: refusal.retryAfterMs }
      }
      return { code: ServerTestCode.NotTonghwa, detail: `HTTP ${refusal.status} (${refusal.tonghwaError}) at ${url.pathname}` }
  }
}

function classifyLookup(error: unknown): 'unknown-name' | 'lookup-failed' {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === 'ENOTFOUND' || code === 'ENODATA' ? 'unknown-name' : 'lookup-failed'
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('name lookup timed out'), { code: 'EAI_AGAIN' })), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
