/**
 * How long a call this app places rings before it counts as unanswered. The environment beats the settings
 * file (so tests and support can shorten it without editing a file); either is clamped to `RING_TIMEOUT`, so
 * a typo can neither hang up at once nor ring past the server's own invite lifetime.
 * No Electron import: tested in Node.
 */
import { RING_TIMEOUT } from '../shared/phone'

export const RING_TIMEOUT_ENV = 'TONGHWA_RING_TIMEOUT_MS'

export interface RingTimeoutInputs {
  /** `process.env`. An empty value counts as unset. */
  env: Readonly<Record<string, string | undefined>>
  /** `ringTimeoutMs` from the settings file, if it has one. */
  setting: number | undefined
  /** Beats both (the end-to-end harness sets it); clamped like them. */
  override?: number
  /** Told about a value that was ignored or clamped. Default `console.warn`. */
  log?: (message: string) => void
}

export function resolveRingTimeoutMs({ env, setting, override, log = console.warn }: RingTimeoutInputs): number {
  if (override !== undefined) return clamp(override, 'the ring timeout', log)
  const fromEnv = env[RING_TIMEOUT_ENV]
  if (fromEnv !== undefined && fromEnv !== '') {
    // Digits only: `Number('')`, `Number('0x10')` and `Number('1e3')` would all pass for numbers.
    if (/^\d{1,9}$/.test(fromEnv.trim())) return clamp(Number(fromEnv.trim()), RING_TIMEOUT_ENV, log)
    log(`[phone] ${RING_TIMEOUT_ENV} is not a whole number of milliseconds; ignoring it`)
  }
  return setting === undefined ? RING_TIMEOUT.defaultMs : clamp(setting, 'ringTimeoutMs in the settings file', log)
}

function clamp(ms: number, source: string, log: (message: string) => void): number {
  if (!Number.isFinite(ms)) {
    log(`[phone] ${source} is not a number; using ${RING_TIMEOUT.defaultMs}`)
    return RING_TIMEOUT.defaultMs
  }
  const clamped = Math.min(RING_TIMEOUT.maxMs, Math.max(RING_TIMEOUT.minMs, Math.round(ms)))
  if (clamped !== ms) log(`[phone] ${source} is ${ms}; using ${clamped} (allowed: ${RING_TIMEOUT.minMs}–${RING_TIMEOUT.maxMs} ms)`)
  return clamped
}
