/**
 * Keeps one room member's ICE servers fresh: TURN credentials expire (an hour at most), and a call that
 * outlives them could not relay again after a network change. So, while the peer is in its room, fresh ones
 * are pushed (`ice-servers`) before the last ones expire; the client hands them to `setConfiguration`.
 */
import type { IceServer } from '../shared/protocol'
import type { IceServerIssuer } from './turn-credentials'

export class IceServerRefresh {
  readonly #issue: IceServerIssuer
  readonly #user: string
  readonly #push: (iceServers: IceServer[]) => void
  #timer: NodeJS.Timeout | undefined
  #stopped = false

  /** `push` sends a later list to the peer; the first one is what `start()` returns. */
  constructor(issue: IceServerIssuer, user: string, push: (iceServers: IceServer[]) => void) {
    this.#issue = issue
    this.#user = user
    this.#push = push
  }

  /** The list for `joined`; schedules the next one when it expires. */
  start(): IceServer[] {
    return this.#issueAndSchedule()
  }

  stop(): void {
    this.#stopped = true
    clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #issueAndSchedule(): IceServer[] {
    const { iceServers, refreshInMs } = this.#issue(this.#user)
    if (refreshInMs !== undefined && !this.#stopped) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined
        if (!this.#stopped) this.#push(this.#issueAndSchedule())
      }, refreshInMs)
      // The HTTP server keeps the process alive while it listens; this timer alone must not.
      this.#timer.unref()
    }
    return iceServers
  }
}
