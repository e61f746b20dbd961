/**
 * Whether the other person is speaking, from the loudness of the sound that arrives from them: a pure reducer over
 * level samples (one every `SPEAKING_SAMPLE_MS`), and the reading of that level from the connection's statistics.
 *
 * Levels are WebRTC's `audioLevel`: 0..1, linear in amplitude (RFC 6464's dBov turned into 10^(dBov/20)), so
 * 0.05 is about -26 dBov and 0.02 about -34 dBov. Speech at a normal distance sits around -30..-10 dBov; what
 * arrives in silence, after the sender's noise suppression (and DTX sending comfort noise), stays below -40.
 */
import type { StatsReportLike } from './rtc-types'

/** How often the level is read: fast enough that the ring follows a sentence, slow enough to cost nothing. */
export const SPEAKING_SAMPLE_MS = 250

export interface SpeakingThresholds {
  /** A sample at or above this starts "speaking" at once (a quarter of a second is already slow to see). */
  readonly startLevel: number
  /** Lower than `startLevel`, so a voice that dips a little between syllables does not flicker the ring. */
  readonly stopLevel: number
  /** Samples in a row below `stopLevel` before "speaking" ends: the pauses between words do not end it. */
  readonly quietSamples: number
}

export const DEFAULT_SPEAKING_THRESHOLDS: SpeakingThresholds = { startLevel: 0.05, stopLevel: 0.02, quietSamples: 3 }

export interface SpeakingState {
  readonly speaking: boolean
  /** Samples in a row below `stopLevel` while speaking. */
  readonly quietRun: number
}

export const NOT_SPEAKING: SpeakingState = { speaking: false, quietRun: 0 }

/** The next state after one level sample; `null` (no level to read) counts as silence. */
export function nextSpeaking(state: SpeakingState, level: number | null, thresholds: SpeakingThresholds = DEFAULT_SPEAKING_THRESHOLDS): SpeakingState {
  const value = level !== null && Number.isFinite(level) ? level : 0
  if (!state.speaking) return value >= thresholds.startLevel ? { speaking: true, quietRun: 0 } : NOT_SPEAKING
  if (value >= thresholds.stopLevel) return state.quietRun === 0 ? state : { speaking: true, quietRun: 0 }
  const quietRun = state.quietRun + 1
  return quietRun >= thresholds.quietSamples ? NOT_SPEAKING : { speaking: true, quietRun }
}

/**
 * The level of the sound arriving now: the loudest `audioLevel` of the inbound audio streams (there is one), or
 * null when the report has none (no audio received yet, or a browser without the field).
 */
export function inboundAudioLevel(report: StatsReportLike): number | null {
  let level: number | null = null
  report.forEach((stat) => {
    if (stat.type !== 'inbound-rtp' || stat.kind !== 'audio') return
    const value = stat.audioLevel
    if (typeof value === 'number' && Number.isFinite(value)) level = Math.max(level ?? 0, value)
  })
  return level
}
