/**
 * The link under a `SignalingClient`: one WebSocket at a time, opened again with backoff and jitter when it
 * drops (or later, as the server asked, when it refused the upgrade), until `close()`. It knows nothing of the
 * protocol: it reports its state, hands over what arrives, and says when a socket opened or was lost, so the
 * client can send what the server must hear first and forget what the server forgot.
 */
import { backoffDelay, type BackoffOptions } from './backoff'
import { describeRefusal, refusalOf, refusalRetryMs } from './connection-refusal'
import type { ConnectionRefusal, ConnectionState } from './ipc-contract'

/** A handler compared bivariantly (method syntax), so the DOM's `(ev: MessageEvent) => any` handlers fit. */
type SocketHandler<E> = { handle(event: E): void }['handle']

/** The part of a WebSocket this client uses; both the browser's and `ws`'s sockets have it. */
export interface WebSocketLike {
  readonly readyState: number
  onopen: SocketHandler<unknown> | null
  onclose: SocketHandler<{ code: number; reason: string }> | null
  onerror: SocketHandler<unknown> | null
  onmessage: SocketHandler<{ data: unknown }> | null
  send(data: string): void
  close(code?: number, reason?: string): void
}

const OPEN = 1

export interface ReconnectingSocketOptions {
  url: string
  createSocket: (url: string) => WebSocketLike
  backoff: BackoffOptions
  random: () => number
  /** How long to wait after the server refused this app outright (HTTP 403), in ms. */
  refusedRetryMs: number
}

export interface ReconnectingSocketHooks {
  /** Every state change, in order. */
  state(state: ConnectionState): void
  /** A socket opened (after `state` said `open`): the time to send what the server must hear first. */
  opened(): void
  message(data: unknown): void
  /**
   * The current socket closed: whatever the server kept for it is gone. Called before a reconnect is planned, with
   * the reason of the server's close frame when there was one.
   */
  dropped(closeReason?: string): void
}

export class ReconnectingSocket {
  readonly #options: ReconnectingSocketOptions
  readonly #hooks: ReconnectingSocketHooks
  #socket: WebSocketLike | null = null
  #state: ConnectionState = { status: 'closed' }
  #closedByUser = true
  #attempt = 0
  #retryTimer: ReturnType<typeof setTimeout> | null = null

  constructor(options: ReconnectingSocketOptions, hooks: ReconnectingSocketHooks) {
    this.#options = options
    this.#hooks = hooks
  }

  get state(): ConnectionState {
    return this.#state
  }

  /** Starts connecting (and keeps reconnecting until `close()`). Calling it again does nothing. */
  connect(): void {
    if (!this.#closedByUser) return
    this.#closedByUser = false
    this.#attempt = 0
    this.#open()
  }

  /** Closes for good: no reconnect, and no `dropped` for the socket it closes. */
  close(): void {
    this.#closedByUser = true
    this.#clearRetry()
    const socket = this.#socket
    this.#socket = null
    if (socket) {
      detach(socket)
      socket.close(1000, 'client closed')
    }
    this.#setState({ status: 'closed' })
  }

  /**
   * Gives up the current socket as dead (it stopped answering: link-keepalive.ts) and reconnects as after any drop.
   * Closed politely all the same, in case the server still reads it.
   */
  drop(lastError: string): void {
    const socket = this.#socket
    if (!socket || this.#closedByUser) return
    detach(socket)
    this.#socket = null
    socket.close(1000, 'no answer')
    this.#hooks.dropped()
    this.#scheduleReconnect(lastError)
  }

  /** Sends on the open socket; returns false (nothing queued) when there is none. */
  send(text: string): boolean {
    const socket = this.#socket
    if (!socket || socket.readyState !== OPEN) return false
    socket.send(text)
    return true
  }

  #setState(state: ConnectionState): void {
    this.#state = state
    this.#hooks.state(state)
  }

  #open(): void {
    this.#attempt += 1
    this.#setState({ status: 'connecting', attempt: this.#attempt })
    let socket: WebSocketLike
    try {
      socket = this.#options.createSocket(this.#options.url)
    } catch (error) {
      this.#scheduleReconnect(error instanceof Error ? error.message : String(error))
      return
    }
    this.#socket = socket
    // The socket's own error (e.g. "Max payload size exceeded") says more than a bare close code.
    let socketError: string | null = null
    // The server refused the upgrade over HTTP (only the app's `ws` socket can tell; see connection-refusal.ts).
    let refusal: ConnectionRefusal | null = null
    socket.onopen = () => {
      this.#attempt = 0
      this.#setState({ status: 'open' })
      this.#hooks.opened()
    }
    socket.onmessage = (event) => this.#hooks.message(event.data)
    socket.onerror = (event) => {
      const message = (event as { message?: unknown } | null)?.message
      if (typeof message === 'string' && message) socketError = message
      refusal = refusalOf(event) ?? refusal
    }
    socket.onclose = (event) => {
      detach(socket)
      if (this.#socket !== socket) return
      this.#socket = null
      this.#hooks.dropped(event.reason || undefined)
      if (this.#closedByUser) return
      if (refusal) return this.#scheduleReconnect(describeRefusal(refusal), refusal)
      const wasOpen = this.#state.status === 'open'
      const why = event.reason
        ? `${event.reason} (${event.code})`
        : (socketError ?? (wasOpen ? `connection lost (${event.code})` : `could not connect (${event.code})`))
      this.#scheduleReconnect(why)
    }
  }

  #scheduleReconnect(lastError: string, refusal?: ConnectionRefusal): void {
    const backoffMs = backoffDelay(this.#attempt + 1, this.#options.backoff, this.#options.random)
    const retryInMs = refusal ? refusalRetryMs(refusal, backoffMs, this.#options.refusedRetryMs) : backoffMs
    const attempt = this.#attempt + 1
    this.#setState(refusal ? { status: 'reconnecting', attempt, retryInMs, lastError, refusal } : { status: 'reconnecting', attempt, retryInMs, lastError })
    this.#clearRetry()
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null
      if (!this.#closedByUser) this.#open()
    }, retryInMs)
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer)
    this.#retryTimer = null
  }
}

function detach(socket: WebSocketLike): void {
  socket.onopen = null
  socket.onmessage = null
  socket.onerror = null
  socket.onclose = null
}
