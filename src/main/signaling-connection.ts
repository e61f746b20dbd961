/**
 * The main process's link to the signaling server: the shared `SignalingClient` over the `ws` package.
 * No Electron import: tested in Node against a real server.
 */
import type { IncomingMessage } from 'node:http'
import { WebSocket, type RawData } from 'ws'
import { parseRetryAfter } from '../shared/connection-refusal'
import type { ConnectionRefusal } from '../shared/ipc-contract'
import type { BackoffOptions } from '../shared/backoff'
import { MAX_FRAME_BYTES } from '../shared/protocol'
import { SignalingClient, type WebSocketLike } from '../shared/signaling-client'
import { createInstanceChallenge, type InstanceChallenge } from './server-trust/instance-check'

export interface SignalingConnectionOptions {
  /** Reconnect delays; default the shared `DEFAULT_BACKOFF`. Tests pass short ones. */
  backoff?: BackoffOptions
  /** Jitter source; default `Math.random`. */
  random?: () => number
  /**
   * The embedded server's per-user secret. With it, every connection carries a fresh challenge and is dropped,
   * before anything is sent, unless the server's 101 proves it was started with this secret
   * (`TONGHWA_ERR_SERVER_NOT_PROVEN`, server-trust/instance-check.ts). Default: none, for a configured server.
   */
  instanceSecret?: string
}

/** A client for `url` that has not connected yet: call `connect()`, and `close()` when done. */
export function createSignalingClient(url: string, options: SignalingConnectionOptions = {}): SignalingClient {
  return new SignalingClient({
    url,
    createSocket: (socketUrl) => {
      const challenge = options.instanceSecret !== undefined ? createInstanceChallenge(socketUrl, options.instanceSecret) : undefined
      // No compression: frames are small, and permessage-deflate is a known memory and CPU amplifier.
      const socket = new WebSocket(socketUrl, { perMessageDeflate: false, maxPayload: MAX_FRAME_BYTES, ...(challenge ? { headers: challenge.headers } : {}) })
      return adaptWsSocket(socket, challenge)
    },
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.random ? { random: options.random } : {}),
  })
}

/**
 * `ws` does have `onopen`/`onmessage`/`onclose`/`onerror`, but typed with its own event classes (so not
 * assignable to `WebSocketLike`), and its `onmessage` hands binary frames over as Buffers. This adapter
 * listens with `ws`'s own EventEmitter API and forwards exactly the shapes the client reads: text as a
 * string, binary as bytes, the close code and reason, the error's message. It always has an `'error'`
 * listener, so a failed connection can never become an uncaught exception.
 */
export function adaptWsSocket(socket: WebSocket, challenge?: InstanceChallenge): WebSocketLike {
  const adapter: WebSocketLike = {
    get readyState() {
      return socket.readyState
    },
    onopen: null,
    onclose: null,
    onerror: null,
    onmessage: null,
    send: (data) => socket.send(data),
    close: (code, reason) => socket.close(code, reason),
  }
  socket.on('open', () => adapter.onopen?.({ type: 'open' }))
  socket.on('message', (data: RawData, isBinary: boolean) => adapter.onmessage?.({ data: isBinary ? toBytes(data) : data.toString() }))
  // Set once this adapter has said why the handshake failed; `ws`'s own error that follows adds nothing.
  let refused = false
  // `ws` emits 'upgrade' before 'open' and does not open a socket closed from this listener: an unproven
  // server never sees a frame.
  if (challenge) {
    socket.on('upgrade', (response: IncomingMessage) => {
      if (challenge.verify(response)) return
      refused = true
      adapter.onerror?.({ type: 'error', message: challenge.failure })
      socket.terminate()
    })
  }
  // With this listener, `ws` leaves a non-101 answer to us: the refusal's status and headers reach the client
  // (which waits as long as `Retry-After` says, or stops hammering after a 403) instead of a bare error.
  socket.on('unexpected-response', (_request, response: IncomingMessage) => {
    refused = true
    const refusal = refusalOf(response)
    response.resume()
    adapter.onerror?.({ type: 'error', message: `Unexpected server response: ${refusal.status}`, refusal })
    // Ends the handshake: `ws` then reports "closed before the connection was established" and closes (1006).
    socket.terminate()
  })
  socket.on('error', (error: Error) => {
    if (!refused) adapter.onerror?.({ type: 'error', message: error.message })
  })
  socket.on('close', (code: number, reason: Buffer) => adapter.onclose?.({ code, reason: reason.toString() }))
  return adapter
}

function refusalOf(response: IncomingMessage): ConnectionRefusal {
  const code = response.headers['x-tonghwa-error']
  return {
    status: response.statusCode ?? 0,
    code: typeof code === 'string' && code !== '' ? code : null,
    retryAfterMs: parseRetryAfter(response.headers['retry-after'], Date.now()),
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data
}
