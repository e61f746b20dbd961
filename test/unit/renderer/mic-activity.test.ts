import { describe, expect, it } from 'vitest'
import { MicActivity } from '../../../src/renderer/src/state/mic-activity.svelte'

const FRAME_MS = 16
/** −20 dBFS on the 0..1 scale of `levelFromSamples`: a voice near the microphone. */
const VOICE = 2 / 3

/** Feeds `ms` of readings at `level`, one a frame, from `from`; returns the time after. */
function speak(activity: MicActivity, level: number, from: number, ms: number): number {
  let t = from
  for (; t < from + ms; t += FRAME_MS) activity.reading(level, t)
  return t
}

describe('MicActivity', () => {
  it('says "You\'re muted" when the person talks while muted, and no longer once they unmute', () => {
    const activity = new MicActivity()
    activity.setMuted(true)
    let t = speak(activity, 0, 0, 400)
    expect(activity.speakingWhileMuted).toBe(false)
    t = speak(activity, VOICE, t, 1_000)
    expect(activity.speakingWhileMuted).toBe(true)
    activity.setMuted(false)
    expect(activity.speakingWhileMuted).toBe(false)
    speak(activity, VOICE, t, 1_000)
    expect(activity.speakingWhileMuted).toBe(false)
  })

  it('takes the hint away once the person stops talking', () => {
    const activity = new MicActivity()
    activity.setMuted(true)
    const t = speak(activity, VOICE, 0, 1_000)
    expect(activity.speakingWhileMuted).toBe(true)
    speak(activity, 0, t, 2_000)
    expect(activity.speakingWhileMuted).toBe(false)
  })

  it('starts over when the meter moves to another microphone', () => {
    const activity = new MicActivity()
    activity.setMuted(true)
    speak(activity, VOICE, 0, 1_000)
    activity.restart()
    expect(activity.speakingWhileMuted).toBe(false)
  })

  it('shows the level the other person hears: the meter\'s while unmuted, 0 while muted', () => {
    const activity = new MicActivity()
    activity.showLevel(0.6)
    expect(activity.level).toBe(0.6)
    activity.setMuted(true)
    expect(activity.level).toBe(0)
    activity.setMuted(false)
    expect(activity.level).toBe(0.6)
    activity.restart()
    expect(activity.level).toBe(0)
  })
})
