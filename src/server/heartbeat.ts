/**
 * Finds peers that vanished without closing (laptop lid shut, Wi-Fi gone, process frozen): TCP can take many
 * minutes to notice, and until then the dead peer holds a slot in a two-person room.
 *
 * Every tick, a socket that has not answered the previous ping is terminated (its `close` event then frees the
 * slot and tells the room); the others are pinged again. Browsers and ws answer pings on their own. A socket
 * that is already closing gets the same one tick to finish the closing handshake, instead of ws's 30 s.
 */
import type { WebSocket } from 'ws'

export class Heartbeat {
  readonly #sockets = new Set<WebSocket>()
  /** Sockets that, since the last tick, owe a pong (open) or the end of the closing handshake (closing). */
  readonly #owing = new Set<WebSocket>()
  readonly #onTimeout: (socket: WebSocket) => void
  readonly #timer: NodeJS.Timeout

  constructor(intervalMs: number, onTimeout: (socket: WebSocket) => void = () => {}) {
    this.#onTimeout = onTimeout
    this.#timer = setInterval(() => this.#tick(), intervalMs)
    // The HTTP server keeps the process alive while it listens; the timer alone must not.
    this.#timer.unref()
  }

  track(socket: WebSocket): void {
    this.#sockets.add(socket)
    socket.on('pong', () => {
      // Only an open socket pays its debt with a pong; a closing one owes the close handshake.
      if (socket.readyState === socket.OPEN) this.#owing.delete(socket)
    })
    socket.once('close', () => {
      this.#sockets.delete(socket)
      this.#owing.delete(socket)
    })
  }

  stop(): void {
    clearInterval(this.#timer)
  }

  #tick(): void {
    for (const socket of this.#sockets) {
      if (this.#owing.has(socket)) {
        this.#onTimeout(socket)
        socket.terminate()
        continue
      }
      this.#owing.add(socket)
      if (socket.readyState === socket.OPEN) socket.ping()
    }
  }
}
