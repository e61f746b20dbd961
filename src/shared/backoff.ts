/** Reconnect delays: exponential growth to a cap, with jitter so that many clients dropped by the same
 * server restart do not all come back in the same millisecond. */
export interface BackoffOptions {
  /** Delay before the first retry, in ms. Default 250. */
  initialMs: number
  /** Largest delay, in ms. Default 10 000. */
  maxMs: number
  /** Growth per attempt. Default 2. */
  factor: number
  /** Share of the delay that is random, 0–1. Default 0.5: a delay lies between 50 % and 100 % of the step. */
  jitter: number
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 10_000, factor: 2, jitter: 0.5 }

/** The wait before retry number `attempt` (1-based). `random` returns a number in [0, 1). */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const step = Math.min(options.maxMs, options.initialMs * options.factor ** Math.max(0, attempt - 1))
  const jitter = Math.min(1, Math.max(0, options.jitter))
  return Math.round(step * (1 - jitter + jitter * random()))
}
