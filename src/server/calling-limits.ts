/**
 * The limits on personal codes and calls: what a new personal-code binding costs, which bindings are never given
 * up, and how often a caller may ring. Like limit-options.ts, each is an explicit
 * option with its default; docs/protocol.md, "Limits", lists them with what a client sees, and docs/security.md
 * ("Churning code bindings", "Ringing as a weapon") has the arithmetic behind the defaults.
 */
export interface CallingLimits {
  /**
   * New personal-code bindings (a `register` with a code this server has not bound to a secret, or whose binding
   * expired) one address may make at once; more get `SIG_ERR_TOO_MANY_NEW_CODES`. Registering a code that is
   * already bound to the same secret costs nothing. Default `20`.
   */
  newCodeBindingBurstPerAddress: number
  /** New bindings per hour one address may make on average, after the burst. Default `60`. */
  newCodeBindingsPerHourPerAddress: number
  /**
   * New bindings the whole server (each process, in a cluster) may make at once, from all addresses together;
   * more get `SIG_ERR_NEW_CODES_THROTTLED`. Default `10000` (every app of a busy server re-registering after a
   * restart of the in-memory server).
   */
  newCodeBindingBurst: number
  /** New bindings per hour the whole server may make on average, after the burst. Default `3600`. */
  newCodeBindingsPerHour: number
  /**
   * A binding whose owner was seen (registered, online, unregistered or disconnected) within this many ms is
   * never evicted to make room: a table full of such bindings (`maxCodeBindings`) refuses new codes with
   * `SIG_ERR_CODE_TABLE_FULL` instead. Default 7 days.
   */
  codeBindingProtectedMs: number
  /**
   * Least time between two calls from one personal code (to anyone), in ms: a ring that follows the caller's last
   * one sooner is dropped with `SIG_ERR_RINGING_TOO_SOON`. Default `2000`: less than a person needs to answer.
   */
  ringIntervalMs: number
  /**
   * After a call that was not accepted (declined, unanswered, or hung up while it rang; `busy` is answered by the
   * callee's app, which rings nothing, and does not count), how long its caller
   * waits before it may ring the same person again, in ms; doubled by every further such call in a row, up to
   * `maxRingBackoffMs`. An accepted call clears it. Default `5000`.
   */
  ringBackoffMs: number
  /** Longest such wait, in ms. Misses are forgotten after this long without a ring once the wait is over. Default 10 minutes. */
  maxRingBackoffMs: number
  /** Calls in a row a caller may make that are not accepted, to anyone, before all its calls wait the same way. Default `5`. */
  freeRingMisses: number
  /** Callers and caller–callee pairs remembered for the pacing of rings; those quiet longest are forgotten first. Default `100000`. */
  maxTrackedCallers: number
}

const DAY_MS = 24 * 3600_000

export const DEFAULT_CALLING_LIMITS: Readonly<CallingLimits> = {
  newCodeBindingBurstPerAddress: 20,
  newCodeBindingsPerHourPerAddress: 60,
  newCodeBindingBurst: 10_000,
  newCodeBindingsPerHour: 3_600,
  codeBindingProtectedMs: 7 * DAY_MS,
  ringIntervalMs: 2_000,
  ringBackoffMs: 5_000,
  maxRingBackoffMs: 10 * 60_000,
  freeRingMisses: 5,
  maxTrackedCallers: 100_000,
}

const MAX_TIMER_MS = 2 ** 31 - 1
export const CALLING_LIMIT_RANGES: Readonly<Record<keyof CallingLimits, readonly [number, number]>> = {
  newCodeBindingBurstPerAddress: [1, 1_000_000],
  newCodeBindingsPerHourPerAddress: [1, 100_000_000],
  newCodeBindingBurst: [1, 100_000_000],
  newCodeBindingsPerHour: [1, 100_000_000],
  codeBindingProtectedMs: [0, Number.MAX_SAFE_INTEGER],
  ringIntervalMs: [0, MAX_TIMER_MS],
  ringBackoffMs: [0, MAX_TIMER_MS],
  maxRingBackoffMs: [0, MAX_TIMER_MS],
  freeRingMisses: [0, 1_000_000],
  maxTrackedCallers: [1, 100_000_000],
}

/** Fills in the defaults and checks every limit; throws a `RangeError` naming the bad one. */
export function resolveCallingLimits(options: Partial<CallingLimits>): CallingLimits {
  const limits: CallingLimits = { ...DEFAULT_CALLING_LIMITS }
  for (const key of Object.keys(DEFAULT_CALLING_LIMITS) as (keyof CallingLimits)[]) {
    const value = options[key] ?? DEFAULT_CALLING_LIMITS[key]
    const [min, max] = CALLING_LIMIT_RANGES[key]
    if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${key} must be an integer from ${min} to ${max}, got ${String(value)}`)
    limits[key] = value
  }
  if (limits.maxRingBackoffMs < limits.ringBackoffMs) throw new RangeError('maxRingBackoffMs must be at least ringBackoffMs')
  return limits
}
