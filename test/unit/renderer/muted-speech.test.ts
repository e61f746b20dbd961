import { describe, expect, it } from 'vitest'
import { HIDE_AFTER_MS, MutedSpeechDetector } from '../../../src/renderer/src/audio/muted-speech'

/** One reading per animation frame. */
const FRAME_MS = 16

/** Levels on the 0..1 scale of `levelFromSamples` (−60 dBFS → 0, 0 dBFS → 1). */
const dbfs = (decibels: number) => Math.max(0, (decibels + 60) / 60)
const VOICE = dbfs(-20)
const ROOM = dbfs(-58)
/** What echo cancellation typically leaves of the other person's voice from the speakers. */
const ECHO_RESIDUE = dbfs(-50)

/** Feeds `pattern(t)` every frame from `from` for `ms`; returns the times at which `showing` changed. */
function play(detector: MutedSpeechDetector, pattern: (t: number) => number, from: number, ms: number): Array<[number, boolean]> {
  const changes: Array<[number, boolean]> = []
  let showing = detector.showing
  for (let t = from; t < from + ms; t += FRAME_MS) {
    const next = detector.feed(pattern(t), t)
    if (next !== showing) changes.push([t, next])
    showing = next
  }
  return changes
}

/** Syllables: 220 ms of voice, 90 ms between them. */
const speech = (t: number) => (t % 310 < 220 ? VOICE : ROOM)

describe('MutedSpeechDetector', () => {
  it('shows the hint within a second of the person starting to talk', () => {
    const detector = new MutedSpeechDetector()
    play(detector, () => ROOM, 0, 2_000)
    const changes = play(detector, speech, 2_000, 3_000)
    expect(changes).toHaveLength(1)
    expect(changes[0]![1]).toBe(true)
    expect(changes[0]![0] - 2_000).toBeLessThan(1_000)
  })

  it('keeps the hint through the pause between two sentences, and takes it away once they stop', () => {
    const detector = new MutedSpeechDetector()
    play(detector, speech, 0, 2_000)
    expect(detector.showing).toBe(true)
    expect(play(detector, () => ROOM, 2_000, 800)).toEqual([])
    play(detector, speech, 2_800, 1_000)
    const changes = play(detector, () => ROOM, 3_800, 3_000)
    expect(changes).toHaveLength(1)
    expect(changes[0]![1]).toBe(false)
    // Gone within a little over the quiet time it waits for, not at once.
    expect(changes[0]![0] - 3_800).toBeGreaterThanOrEqual(HIDE_AFTER_MS - FRAME_MS)
    expect(changes[0]![0] - 3_800).toBeLessThan(HIDE_AFTER_MS + 200)
  })

  it('never shows in a quiet room, nor for the other person’s voice that echo cancellation left behind', () => {
    const detector = new MutedSpeechDetector()
    expect(play(detector, () => ROOM, 0, 10_000)).toEqual([])
    expect(play(detector, (t) => (t % 400 < 300 ? ECHO_RESIDUE : ROOM), 10_000, 20_000)).toEqual([])
  })

  it('does not take a cough or a clack for speech', () => {
    const detector = new MutedSpeechDetector()
    // A 150 ms burst, loud, every two seconds for half a minute.
    expect(play(detector, (t) => (t % 2_000 < 150 ? dbfs(-6) : ROOM), 0, 30_000)).toEqual([])
  })

  it('shows for a steady beep such as Chromium’s fake microphone (loud about 120 ms in every 500 ms) within a few seconds', () => {
    const detector = new MutedSpeechDetector()
    const changes = play(detector, (t) => (t % 500 < 120 ? dbfs(-10) : dbfs(-90)), 0, 5_000)
    expect(changes).toHaveLength(1)
    expect(changes[0]![0]).toBeLessThan(3_000)
  })

  it('does not count a long gap between readings (a page in the background) as loud time', () => {
    const detector = new MutedSpeechDetector()
    detector.feed(VOICE, 0)
    expect(detector.feed(VOICE, 10_000)).toBe(false)
    expect(detector.feed(VOICE, 10_016)).toBe(false)
  })

  it('forgets what it heard on reset', () => {
    const detector = new MutedSpeechDetector()
    play(detector, speech, 0, 2_000)
    expect(detector.showing).toBe(true)
    detector.reset()
    expect(detector.showing).toBe(false)
    expect(detector.feed(VOICE, 2_000)).toBe(false)
  })
})
