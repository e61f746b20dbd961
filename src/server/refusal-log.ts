/**
 * Refusals before any WebSocket exists (an upgrade refused, a connection closed as it opened, a request for a
 * host this server does not serve): each is counted in the metrics, and logged at most once per code every few
 * seconds, with how many went unlogged since, so that a flood cannot flood the log too.
 */
import type { LogFields, Logger } from './log'
import type { ServerMetrics } from './metrics'

const LOG_EVERY_MS = 10_000

export class RefusalLog {
  readonly #logger: Logger
  readonly #metrics: ServerMetrics
  readonly #now: () => number
  /** Per code: when it was last logged, and how many went unlogged since. */
  readonly #logged = new Map<string, { at: number; unlogged: number }>()

  constructor(logger: Logger, metrics: ServerMetrics, now: () => number = () => performance.now()) {
    this.#logger = logger
    this.#metrics = metrics
    this.#now = now
  }

  /** Counts a refusal with `code` and logs it as `warn` unless one with that code was logged just now. */
  refused(code: string, fields: LogFields, msg = 'refused a connection'): void {
    this.#metrics.error(code)
    const now = this.#now()
    const last = this.#logged.get(code)
    if (last !== undefined && now - last.at < LOG_EVERY_MS) {
      last.unlogged += 1
      return
    }
    this.#logged.set(code, { at: now, unlogged: 0 })
    this.#logger.warn(msg, { code, ...fields, ...(last !== undefined && last.unlogged > 0 ? { alsoRefusedSinceLastLine: last.unlogged } : {}) })
  }
}
