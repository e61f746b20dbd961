/** A `WebSocketLike` the test drives by hand, and a `SignalingClient` over it: opens, receives and drops when told. */
import { SignalingClient, type SignalingClientOptions, type WebSocketLike } from '../../../src/shared/signaling-client'

export class ScriptedSocket implements WebSocketLike {
  readyState = 0
  onopen: WebSocketLike['onopen'] = null
  onclose: WebSocketLike['onclose'] = null
  onerror: WebSocketLike['onerror'] = null
  onmessage: WebSocketLike['onmessage'] = null
  readonly sent: Array<Record<string, unknown>> = []

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>)
  }
  close(): void {
    this.readyState = 3
  }
  open(): void {
    this.readyState = 1
    this.onopen?.({})
  }
  receive(frame: Record<string, unknown>): void {
    this.onmessage?.({ data: JSON.stringify({ v: 1, ...frame }) })
  }
  drop(code = 1006, reason = ''): void {
    this.readyState = 3
    this.onclose?.({ code, reason })
  }
  /** The frames of one type sent so far. */
  sentOf(type: string): Array<Record<string, unknown>> {
    return this.sent.filter((frame) => frame.type === type)
  }
}

/**
 * A client whose sockets are scripted; `latest()` is the one it uses now. Reconnects after 100 ms and sends no
 * keepalive pings (a scripted socket answers none, so they would give it up), unless `options` say otherwise.
 */
export function scriptedClient(
  options: Omit<SignalingClientOptions, 'url' | 'createSocket'> = {},
): { client: SignalingClient; sockets: ScriptedSocket[]; latest(): ScriptedSocket } {
  const sockets: ScriptedSocket[] = []
  const client = new SignalingClient({
    url: 'ws://127.0.0.1:1/signal',
    createSocket: () => {
      const socket = new ScriptedSocket()
      sockets.push(socket)
      return socket
    },
    backoff: { initialMs: 100, maxMs: 100, factor: 1, jitter: 0 },
    keepaliveMs: 0,
    ...options,
  })
  return { client, sockets, latest: () => sockets[sockets.length - 1]! }
}
