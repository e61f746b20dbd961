/**
 * The app's side of the instance proof (src/server/instance-proof.ts): a fresh challenge for each WebSocket the
 * app opens to its embedded server, and the check of the 101's answer before anything is sent on it. The check is
 * on the very connection that then carries `register` and the personal secret, so a server that goes away and
 * an impostor that takes its port in between (the reused case: the app reconnects on its own) gets nothing.
 * No Electron import: tested in Node against real sockets.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { WebSocket } from 'ws'
import { INSTANCE_CHALLENGE_HEADER, INSTANCE_PROOF_HEADER, instanceProof, isInstanceHex, type InstanceEndpoint } from '../../server/instance-proof'

export const ServerTrustErrorCode = {
  /** The server on the embedded server's address did not prove that it was started with this user's secret. */
  NotProven: 'TONGHWA_ERR_SERVER_NOT_PROVEN',
} as const

/** One connection's challenge: the header to send and the check of the answer. */
export interface InstanceChallenge {
  headers: Record<string, string>
  /** True when the 101 carries the proof for this nonce, from the address and port `url` names. */
  verify(response: IncomingMessage): boolean
  /** Why `verify` said no, for the connection's `lastError`. */
  readonly failure: string
}

export function createInstanceChallenge(url: string, secret: string): InstanceChallenge {
  const nonce = randomBytes(32).toString('hex')
  const endpoint = endpointOf(url)
  return {
    headers: { [INSTANCE_CHALLENGE_HEADER]: nonce },
    verify(response) {
      const answer = response.headers[INSTANCE_PROOF_HEADER]
      if (endpoint === null || !isInstanceHex(answer)) return false
      return timingSafeEqual(Buffer.from(answer, 'hex'), Buffer.from(instanceProof(secret, endpoint, nonce), 'hex'))
    },
    failure: `${ServerTrustErrorCode.NotProven}: the server at ${endpoint ? `${endpoint.address}:${endpoint.port}` : url.slice(0, 100)} did not prove it is this user's Tonghwa; nothing was sent to it`,
  }
}

/**
 * Opens a WebSocket to `url` with a challenge and closes it as soon as the 101 arrives: true when the server
 * proved it was started with `secret`. Refusals, silence past `timeoutMs` and wrong answers are all false.
 */
export function provesInstance(url: string, secret: string, timeoutMs: number): Promise<boolean> {
  const challenge = createInstanceChallenge(url, secret)
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers: challenge.headers, handshakeTimeout: timeoutMs, perMessageDeflate: false, followRedirects: false })
    let settled = false
    const settle = (proven: boolean) => {
      if (settled) return
      settled = true
      resolve(proven)
      socket.terminate()
    }
    socket.on('upgrade', (response) => settle(challenge.verify(response)))
    socket.on('unexpected-response', (_request, response) => {
      response.resume()
      settle(false)
    })
    socket.on('error', () => settle(false))
    socket.on('close', () => settle(false))
  })
}

/**
 * The address and port a `ws://` URL reaches, as the server's socket reports its own end (so the embedded
 * server's `ws://127.0.0.1:<port>` and never a host name, which would not match); null when it does not parse.
 */
function endpointOf(url: string): InstanceEndpoint | null {
  try {
    const parsed = new URL(url)
    const port = parsed.port === '' ? (parsed.protocol === 'wss:' ? 443 : 80) : Number(parsed.port)
    return { address: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port }
  } catch {
    return null
  }
}
