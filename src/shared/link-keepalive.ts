/**
 * Notices a signaling socket that died without a word. When a client's public address changes mid-call (a home
 * router reconnects and gets a new one, a phone moves to another network), its socket still looks open: nothing
 * arrives, nothing says why, and TCP gives up only minutes later. Meanwhile the server holds the old socket as
 * the room's member, and the peer's messages (an ICE restart) go into it.
 *
 * So during a call the client sends `ping` every `intervalMs`. On such a socket the ping itself is answered with
 * a TCP reset from the server, which closes the socket at once; a socket that answers nothing (packets dropped on
 * the way) is given up when a ping waited `DEAD_AFTER_MS`. Either way the client reconnects and claims its peer id
 * back, and the server hands it over from the dead socket (docs/protocol.md, "Resuming a peer id").
 *
 * A server older than `ping` answers it with `SIG_ERR_UNKNOWN_TYPE`; then this socket is not asked again.
 */
export interface LinkKeepaliveOptions {
  /** Time between pings while `wanted()`, in ms; 0 turns the keepalive off. */
  intervalMs: number
  /** Sends a ping on the open socket; false when there is none. */
  send: () => boolean
  /** The socket is dead: drop it and reconnect. */
  dead: (why: string) => void
  /** Whether pings are worth their traffic now (the client is in a call). */
  wanted: () => boolean
  /** Monotonic clock in ms. Default `performance.now`. */
  now?: () => number
}

/**
 * How long a ping may wait for its answer before the socket counts as dead: longer than the link flaps that a
 * call rides out anyway (ICE and TCP both recover from a few seconds of loss), so those cost no reconnect.
 */
export const DEAD_AFTER_MS = 5_000

export class LinkKeepalive {
  readonly #options: LinkKeepaliveOptions
  readonly #now: () => number
  #timer: ReturnType<typeof setInterval> | null = null
  /** When the unanswered ping was sent; null when none waits. */
  #pingSentAt: number | null = null
  /** This socket's server does not know `ping`. */
  #unsupported = false

  constructor(options: LinkKeepaliveOptions) {
    this.#options = options
    this.#now = options.now ?? (() => performance.now())
  }

  /** A socket opened: keep it checked until `stop()`. */
  start(): void {
    this.stop()
    if (this.#options.intervalMs <= 0) return
    this.#timer = setInterval(() => this.#tick(), this.#options.intervalMs)
  }

  /** The socket is gone (or the client closed): nothing to check. */
  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
    this.#pingSentAt = null
    this.#unsupported = false
  }

  /** The server answered the ping (`pong`). */
  answered(): void {
    this.#pingSentAt = null
  }

  /**
   * The server answered `SIG_ERR_UNKNOWN_TYPE`: if a ping was waiting, that is its answer from a server that
   * predates it, so this socket is not pinged again. Returns true when the error was the ping's (not news to
   * anyone else).
   */
  refusedByOldServer(): boolean {
    if (this.#pingSentAt === null) return false
    this.#pingSentAt = null
    this.#unsupported = true
    return true
  }

  #tick(): void {
    if (this.#unsupported || !this.#options.wanted()) {
      this.#pingSentAt = null
      return
    }
    const now = this.#now()
    if (this.#pingSentAt === null) {
      if (this.#options.send()) this.#pingSentAt = now
      return
    }
    const waited = now - this.#pingSentAt
    if (waited >= Math.max(DEAD_AFTER_MS, this.#options.intervalMs)) this.#options.dead(`no answer to ping for ${Math.round(waited)} ms`)
  }
}
