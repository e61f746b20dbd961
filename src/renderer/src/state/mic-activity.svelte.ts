/**
 * What the microphone meter tells the screens: the level beside Mute (what the other person hears, so 0 while
 * muted) and "You're muted" (`MutedSpeechDetector`, fed only while muted). The meter listens to a clone of
 * the microphone track (audio/web-audio-level.ts), which keeps sounding while the sent track is disabled.
 * Plain runes, no DOM: `LocalMediaState` feeds it the meter's readings.
 */
import { MutedSpeechDetector } from '../audio/muted-speech'

export class MicActivity {
  readonly #detector = new MutedSpeechDetector()
  #muted = $state(false)
  /** The meter's smoothed level, muted or not. */
  #level = $state(0)
  #speaking = $state(false)

  /** The level as the other person hears it: 0 while muted. */
  get level(): number {
    return this.#muted ? 0 : this.#level
  }
  /** The person seems to be talking while muted. */
  get speakingWhileMuted(): boolean {
    return this.#muted && this.#speaking
  }

  /** The meter's smoothed level (for the bar). */
  showLevel(level: number): void {
    this.#level = level
  }

  /** One unsmoothed reading of the meter at `at` ms (for the detector). */
  reading(level: number, at: number): void {
    if (!this.#muted) return
    const speaking = this.#detector.feed(level, at)
    if (speaking !== this.#speaking) this.#speaking = speaking
  }

  setMuted(muted: boolean): void {
    this.#muted = muted
    this.#forget()
  }

  /** The meter stopped or moved to another track: nothing heard so far counts. */
  restart(): void {
    this.#level = 0
    this.#forget()
  }

  #forget(): void {
    this.#detector.reset()
    this.#speaking = false
  }
}
