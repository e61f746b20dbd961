/**
 * The pre-join microphone check: how loud the microphone is, 0..1, a few dozen times a second. The level is
 * the RMS of the latest samples on a decibel scale (−60 dBFS and below is 0, full scale is 1), with a quick
 * rise and a slow fall so speech reads as a steady bar. The samples come from a `LevelSource` (Web Audio's
 * `AnalyserNode` in the app, see `web-audio-level.ts`), so this runs in Node with a fake one.
 */

/** Where samples come from: the latest `size` samples of the microphone, −1..1. */
export interface LevelSource {
  readonly size: number
  read(samples: Float32Array<ArrayBuffer>): void
  /** Lets go of the audio graph and its context. */
  close(): void
}

/** Runs `callback` at the next frame; returns a function that cancels it. */
export type ScheduleFrame = (callback: () => void) => () => void

/** The level shown for silence or anything below it. */
const FLOOR_DB = -60
/** How much of the previous level is kept each frame when the sound gets quieter. */
const FALL_PER_FRAME = 0.9
/** Changes smaller than this are not reported (nobody sees them, and each one re-renders the meter). */
const STEP = 0.01

/** The RMS of the samples on a 0..1 decibel scale: 0 at −60 dBFS or below, 1 at full scale. */
export function levelFromSamples(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0
  let sum = 0
  for (let index = 0; index < samples.length; index += 1) {
    const sample = samples[index] ?? 0
    sum += sample * sample
  }
  const rms = Math.sqrt(sum / samples.length)
  if (rms <= 0) return 0
  const decibels = 20 * Math.log10(rms)
  return Math.min(1, Math.max(0, (decibels - FLOOR_DB) / -FLOOR_DB))
}

/** Rises at once, falls gradually. */
export function smoothLevel(previous: number, next: number): number {
  return next >= previous ? next : Math.max(next, previous * FALL_PER_FRAME)
}

export interface MicLevelMeterOptions {
  source: LevelSource
  schedule: ScheduleFrame
  onLevel: (level: number) => void
  /** Every frame's level as read, before smoothing (for `MutedSpeechDetector`). */
  onReading?: (level: number) => void
}

/** Reads the source every frame until stopped; reports 0 when it stops. */
export class MicLevelMeter {
  readonly #source: LevelSource
  readonly #schedule: ScheduleFrame
  readonly #onLevel: (level: number) => void
  readonly #onReading: ((level: number) => void) | undefined
  readonly #samples: Float32Array<ArrayBuffer>
  #level = 0
  #cancel: (() => void) | null = null
  #stopped = false

  constructor(options: MicLevelMeterOptions) {
    this.#source = options.source
    this.#schedule = options.schedule
    this.#onLevel = options.onLevel
    this.#onReading = options.onReading
    this.#samples = new Float32Array(options.source.size)
    this.#cancel = this.#schedule(this.#tick)
  }

  get level(): number {
    return this.#level
  }

  stop(): void {
    if (this.#stopped) return
    this.#stopped = true
    this.#cancel?.()
    this.#cancel = null
    this.#source.close()
    if (this.#level !== 0) {
      this.#level = 0
      this.#onLevel(0)
    }
  }

  readonly #tick = (): void => {
    if (this.#stopped) return
    this.#source.read(this.#samples)
    const reading = levelFromSamples(this.#samples)
    this.#onReading?.(reading)
    const next = smoothLevel(this.#level, reading)
    if (Math.abs(next - this.#level) >= STEP || (next === 0 && this.#level !== 0)) {
      this.#level = next
      this.#onLevel(next)
    }
    this.#cancel = this.#schedule(this.#tick)
  }
}
