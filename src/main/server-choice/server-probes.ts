/**
 * The two looks **Test** takes at a server, over the same Node TLS and `ws` stack the app's own connection uses
 * (so a certificate the app would refuse is refused here too, for the same reason):
 * - `probeServerInfo`: `GET /.well-known/tonghwa` (src/server/server-info.ts) on the server's origin;
 * - `probeSignalingSocket`: the WebSocket upgrade exactly as the app makes it (signaling-connection.ts: no
 *   `Origin` header, no compression), then one harmless frame, `leave` outside a room, which a version-1 server
 *   answers with `SIG_ERR_NOT_IN_ROOM` and a server of another version with `SIG_ERR_UNSUPPORTED_VERSION`.
 * And `classifyNetworkError`, which turns Node's error codes into what the person is told.
 * No Electron import: tested in Node against real sockets.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { SecureContextOptions } from 'node:tls'
import { WebSocket } from 'ws'
import { parseRetryAfter } from '../../shared/connection-refusal'
import type { CertificateProblem, NoAnswerReason } from '../../shared/server-choice'
import { MAX_FRAME_BYTES } from '../../shared/protocol'
import { SERVER_INFO_PATH } from '../../server/server-info'
/** More than the info document ever is; a larger answer is not ours and is not read further. */
const MAX_INFO_BYTES = 4_096

export interface ProbeOptions {
  /** How long each look may take, in ms. */
  timeoutMs: number
  /** Extra trusted certificate authorities (tests; the app trusts what its connection trusts: Node's defaults). */
  ca?: SecureContextOptions['ca']
}

export type NetworkFailure =
  | { kind: 'name'; reason: 'unknown-name' | 'lookup-failed' }
  | { kind: 'no-answer'; reason: NoAnswerReason }
  | { kind: 'certificate'; reason: CertificateProblem; detail: string }
  /** It answered, but not in HTTP at all (an SSH or mail server on that port). */
  | { kind: 'not-http'; detail: string }

const CERTIFICATE_PROBLEMS: Readonly<Record<string, CertificateProblem>> = {
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted-issuer',
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted-issuer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted-issuer',
  CERT_UNTRUSTED: 'untrusted-issuer',
  ERR_TLS_CERT_ALTNAME_INVALID: 'wrong-name',
  CERT_REVOKED: 'revoked',
  ERR_SSL_WRONG_VERSION_NUMBER: 'not-tls',
}

const NO_ANSWER: Readonly<Record<string, NoAnswerReason>> = {
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'timeout',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
}

/** What a failed connection means for the person. */
export function classifyNetworkError(error: unknown): NetworkFailure {
  const code = String((error as NodeJS.ErrnoException | undefined)?.code ?? '')
  const message = error instanceof Error ? error.message : String(error)
  if (code === 'ENOTFOUND') return { kind: 'name', reason: 'unknown-name' }
  if (code === 'EAI_AGAIN' || code === 'EAI_FAIL') return { kind: 'name', reason: 'lookup-failed' }
  const noAnswer = NO_ANSWER[code]
  if (noAnswer !== undefined) return { kind: 'no-answer', reason: noAnswer }
  const certificate = CERTIFICATE_PROBLEMS[code]
  if (certificate !== undefined) return { kind: 'certificate', reason: certificate, detail: code }
  // OpenSSL's words for a TLS hello answered in plain text (`http://` behind a `wss://` address).
  if (/wrong version number|packet length too long|http request/i.test(message)) return { kind: 'certificate', reason: 'not-tls', detail: code || 'EPROTO' }
  if (code.startsWith('HPE_')) return { kind: 'not-http', detail: code }
  if (/^(ERR_SSL_|ERR_TLS_|EPROTO$)/.test(code) || /certificate|ssl|tls/i.test(message)) return { kind: 'certificate', reason: 'other', detail: code || message.slice(0, 100) }
  return { kind: 'no-answer', reason: 'reset' }
}

class ProbeTimeout extends Error {
  readonly code = 'ETIMEDOUT'
}

/** The info document's fields the app reads; anything else in it is ignored. */
export interface ServerInfoDocument {
  protocol: number
  version: string
  turn: boolean | null
}

export type InfoProbe =
  | { kind: 'failed'; failure: NetworkFailure }
  /** An HTTP answer: `info` when it is a Tonghwa info document, `tonghwaError` from `X-Tonghwa-Error`. */
  | { kind: 'answered'; status: number; tonghwaError: string | null; info: ServerInfoDocument | null }

/** `GET /.well-known/tonghwa` on the origin of `signalingUrl` (`wss:` → `https:`). */
export function probeServerInfo(signalingUrl: URL, options: ProbeOptions): Promise<InfoProbe> {
  const secure = signalingUrl.protocol === 'wss:'
  const target = new URL(SERVER_INFO_PATH, `${secure ? 'https' : 'http'}://${signalingUrl.host}`)
  return new Promise((resolve) => {
    let settled = false
    const settle = (result: InfoProbe) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      request.destroy()
      resolve(result)
    }
    const send = secure ? httpsRequest : httpRequest
    const request = send(target, { method: 'GET', agent: false, headers: { Accept: 'application/json' }, ...(secure && options.ca !== undefined ? { ca: options.ca } : {}) }, (response) => {
      readCapped(response, MAX_INFO_BYTES).then(
        (body) => settle({ kind: 'answered', status: response.statusCode ?? 0, tonghwaError: headerOf(response, 'x-tonghwa-error'), info: response.statusCode === 200 ? parseInfo(body) : null }),
        (error: unknown) => settle({ kind: 'failed', failure: classifyNetworkError(error) }),
      )
    })
    const timer = setTimeout(() => settle({ kind: 'failed', failure: classifyNetworkError(new ProbeTimeout('no answer in time')) }), options.timeoutMs)
    request.on('error', (error) => settle({ kind: 'failed', failure: classifyNetworkError(error) }))
    request.end()
  })
}

export type SocketProbe =
  | { kind: 'failed'; failure: NetworkFailure }
  /** The upgrade was answered with something other than 101. */
  | { kind: 'refused'; status: number; tonghwaError: string | null; retryAfterMs: number | null }
  /** A WebSocket opened; `reply` is the first frame parsed as JSON, or why there is none. */
  | { kind: 'opened'; reply: { json: unknown } | { none: 'timeout' | 'closed' | 'not-json' } }

/** Opens the signaling WebSocket as the app does and sends one `leave`. */
export function probeSignalingSocket(signalingUrl: URL, options: ProbeOptions): Promise<SocketProbe> {
  return new Promise((resolve) => {
    let settled = false
    const socket = new WebSocket(signalingUrl, {
      perMessageDeflate: false,
      maxPayload: MAX_FRAME_BYTES,
      handshakeTimeout: options.timeoutMs,
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
    })
    const settle = (result: SocketProbe) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.terminate()
      resolve(result)
    }
    const timer = setTimeout(() => settle(socket.readyState === WebSocket.OPEN ? { kind: 'opened', reply: { none: 'timeout' } } : { kind: 'failed', failure: { kind: 'no-answer', reason: 'timeout' } }), options.timeoutMs)
    socket.on('unexpected-response', (_request, response: IncomingMessage) => {
      response.resume()
      settle({ kind: 'refused', status: response.statusCode ?? 0, tonghwaError: headerOf(response, 'x-tonghwa-error'), retryAfterMs: parseRetryAfter(response.headers['retry-after'], Date.now()) })
    })
    socket.on('open', () => socket.send(JSON.stringify({ v: 1, type: 'leave' })))
    socket.on('message', (data, isBinary) => {
      let json: unknown
      try {
        json = JSON.parse(isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString())
      } catch {
        return settle({ kind: 'opened', reply: { none: 'not-json' } })
      }
      settle({ kind: 'opened', reply: { json } })
    })
    socket.on('close', () => settle({ kind: 'opened', reply: { none: 'closed' } }))
    socket.on('error', (error) => {
      // "Opening handshake has timed out" is `ws`'s own words for `handshakeTimeout`.
      settle({ kind: 'failed', failure: /handshake has timed out/i.test(error.message) ? { kind: 'no-answer', reason: 'timeout' } : classifyNetworkError(error) })
    })
  })
}

function headerOf(response: IncomingMessage, name: string): string | null {
  const value = response.headers[name]
  return typeof value === 'string' && value !== '' ? value.slice(0, 100) : null
}

function readCapped(response: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    response.on('data', (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > maxBytes) {
        response.destroy()
        resolve('')
        return
      }
      chunks.push(chunk)
    })
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    response.on('error', reject)
  })
}

function parseInfo(body: string): ServerInfoDocument | null {
  let raw: unknown
  try {
    raw = JSON.parse(body)
  } catch {
    return null
  }
  if (typeof raw !== 'object' || raw === null) return null
  const { app, protocol, version, turn } = raw as Record<string, unknown>
  if (app !== 'tonghwa' || !Number.isSafeInteger(protocol)) return null
  return {
    protocol: protocol as number,
    version: typeof version === 'string' && version.length <= 50 ? version : '',
    turn: typeof turn === 'boolean' ? turn : null,
  }
}
