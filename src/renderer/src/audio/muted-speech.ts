/**
 * "You're muted": whether the person seems to be talking while their microphone is muted. Fed the
 * microphone's level (0..1 on the decibel scale of `levelFromSamples`, −60 dBFS at 0) with the time of each
 * reading, it says when to show the hint and when to take it away. Pure: the levels come from a clone of the
 * microphone track (see web-audio-level.ts), which keeps sounding while the track that is sent is disabled.
 *
 * The thresholds, and why:
 * - `SPEECH_LEVEL` (−40 dBFS): the levels are read after the browser's echo cancellation, noise suppression and
 *   gain control. A voice at a normal distance from the microphone reads about −30 to −10 dBFS there; a quiet
 *   room, a fan, and what echo cancellation leaves of the other person's voice from the speakers read below
 *   about −50 dBFS. −40 sits between the two with room on either side.
 * - Loudness alone is not speech: a cough, a door, a keyboard's clack cross the threshold too, but briefly.
 *   So the time spent above the threshold is added up (`voiced`), and the quiet time between takes away only
 *   a tenth as much (`QUIET_DECAY`), because speech has short gaps between syllables and words. The hint
 *   shows once `SHOW_AFTER_MS` (300 ms) of loud time has built up: ordinary speech, loud for well over half
 *   of the time, gets there in about half a second; a single clack (under 200 ms) never does.
 * - The hint stays while the person goes on, and goes after `HIDE_AFTER_MS` (1.5 s) of quiet: longer than the
 *   pause between two sentences, so it does not flicker, and short enough that it goes soon after they stop.
 */

/** −40 dBFS on the 0..1 scale of `levelFromSamples` (−60 dBFS → 0, 0 dBFS → 1). */
export const SPEECH_LEVEL = 1 / 3
export const SHOW_AFTER_MS = 300
export const HIDE_AFTER_MS = 1_500
/** How much of the quiet time is taken off the loud time built up. */
export const QUIET_DECAY = 0.1
/**
 * The longest gap between two readings that counts as time passing: a page in the background gets no
 * animation frames, and a reading after a long gap says nothing about the gap.
 */
const MAX_STEP_MS = 100

export class MutedSpeechDetector {
  /** Loud time built up, in ms. */
  #voiced = 0
  /** Since when it has been quiet, while the hint shows. */
  #quietSince: number | null = null
  #lastAt: number | null = null
  #showing = false

  /** Whether the hint should show now. */
  get showing(): boolean {
    return this.#showing
  }

  /** One reading of the microphone's level at `at` (ms, any clock that only goes forward). Returns `showing`. */
  feed(level: number, at: number): boolean {
    const step = this.#lastAt === null ? 0 : Math.min(MAX_STEP_MS, Math.max(0, at - this.#lastAt))
    this.#lastAt = at
    const loud = level >= SPEECH_LEVEL
    this.#voiced = loud ? this.#voiced + step : Math.max(0, this.#voiced - step * QUIET_DECAY)
    if (!this.#showing) {
      if (this.#voiced >= SHOW_AFTER_MS) {
        this.#showing = true
        this.#quietSince = null
      }
      return this.#showing
    }
    if (loud) {
      this.#quietSince = null
    } else {
      this.#quietSince ??= at
      if (at - this.#quietSince >= HIDE_AFTER_MS) this.reset()
    }
    return this.#showing
  }

  /** Forgets everything: unmuted, the microphone changed, or the hint went. */
  reset(): void {
    this.#voiced = 0
    this.#quietSince = null
    this.#lastAt = null
    this.#showing = false
  }
}
