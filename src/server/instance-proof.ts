/**
 * How the server the desktop app embeds proves that it is this user's Tonghwa, without the secret ever crossing
 * a socket. The app starts it with `instanceSecret` (32 random bytes, kept in a file only this user can read);
 * every WebSocket upgrade the app makes to it carries a fresh nonce in `X-Tonghwa-Instance-Challenge`, and the
 * 101 answers in `X-Tonghwa-Instance-Proof` with HMAC-SHA256(secret, nonce, address and port the connection
 * reached). The app checks it before it sends anything (src/main/server-trust/instance-check.ts).
 *
 * The listener's own address and port are inside the MAC so that a process holding the app's port cannot pass
 * the challenge on to a genuine server elsewhere and hand back that server's answer as its own. Answering every
 * nonce makes the server an HMAC oracle, which is harmless for that reason: its answers only ever vouch for the
 * address and port it listens on. A server without `instanceSecret` (standalone, web mode) adds nothing.
 */
import { createHmac } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** Request header: 64 lowercase hex digits (32 random bytes), new for every connection. */
export const INSTANCE_CHALLENGE_HEADER = 'x-tonghwa-instance-challenge'
/** Response header of the 101: 64 lowercase hex digits. */
export const INSTANCE_PROOF_HEADER = 'x-tonghwa-instance-proof'

const HEX_32_BYTES = /^[0-9a-f]{64}$/
/** Changes if the MAC's input ever does, so an old app and a new server disagree instead of mis-verifying. */
const PROOF_LABEL = 'tonghwa-instance-proof/1'

/** Where the connection arrived: the listener's address as the socket reports it (`127.0.0.1`, `::1`) and port. */
export interface InstanceEndpoint {
  address: string
  port: number
}

/** True for a nonce or a secret in the one form this exchange uses: 64 lowercase hex digits. */
export function isInstanceHex(value: unknown): value is string {
  return typeof value === 'string' && HEX_32_BYTES.test(value)
}

/** HMAC-SHA256 under `secret` over the label, the endpoint and the nonce; lowercase hex. */
export function instanceProof(secret: string, endpoint: InstanceEndpoint, nonce: string): string {
  return createHmac('sha256', Buffer.from(secret, 'hex')).update(`${PROOF_LABEL}\n${endpoint.address}\n${endpoint.port}\n${nonce}`).digest('hex')
}

/** `resolveOptions`' check of the option; the message never quotes the value. */
export function requireInstanceSecret(value: unknown): string {
  if (!isInstanceHex(value)) throw new TypeError('instanceSecret must be 64 lowercase hex digits (32 bytes)')
  return value
}

/**
 * A `WebSocketServer` `'headers'` listener: adds the proof to the 101 when the upgrade carries a well-formed
 * challenge. A malformed one is ignored rather than refused (the client will refuse the server instead).
 */
export function answerInstanceChallenge(secret: string): (headers: string[], request: IncomingMessage) => void {
  return (headers, request) => {
    const nonce = request.headers[INSTANCE_CHALLENGE_HEADER]
    const { localAddress, localPort } = request.socket
    if (!isInstanceHex(nonce) || localAddress === undefined || localPort === undefined) return
    headers.push(`${INSTANCE_PROOF_HEADER}: ${instanceProof(secret, { address: localAddress, port: localPort }, nonce)}`)
  }
}
