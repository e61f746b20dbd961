import { describe, expect, it } from 'vitest'
import { DEFAULT_SPEAKING_THRESHOLDS, inboundAudioLevel, nextSpeaking, NOT_SPEAKING, type SpeakingState } from '../../../src/renderer/src/call/speaking'
import type { StatsLike } from '../../../src/renderer/src/call/rtc-types'

/** Runs the levels through the reducer and says whether each sample left them speaking. */
function run(levels: ReadonlyArray<number | null>): boolean[] {
  let state: SpeakingState = NOT_SPEAKING
  return levels.map((level) => (state = nextSpeaking(state, level)).speaking)
}

function report(stats: Array<Partial<StatsLike> & { type: string }>) {
  return { forEach: (callback: (stat: StatsLike) => void) => stats.forEach((stat, index) => callback({ id: `S${index}`, timestamp: 1, ...stat })) }
}

describe('speaking, from the level of the sound that arrives', () => {
  it('starts on the first sample at the start level, and not below it', () => {
    expect(run([0.01, 0.049, DEFAULT_SPEAKING_THRESHOLDS.startLevel])).toEqual([false, false, true])
  })

  it('goes on through a voice that dips between the start and the stop level', () => {
    expect(run([0.2, 0.03, 0.025, 0.03, 0.02])).toEqual([true, true, true, true, true])
  })

  it('goes on through a pause shorter than the quiet run, and ends after it', () => {
    expect(run([0.2, 0, 0, 0.1, 0, 0, 0])).toEqual([true, true, true, true, true, true, false])
  })

  it('does not start again from the stop level alone once it ended', () => {
    expect(run([0.2, 0, 0, 0, 0.03])).toEqual([true, true, true, false, false])
  })

  it('counts a missing or unreadable level as silence', () => {
    expect(run([0.5, null, Number.NaN, null])).toEqual([true, true, true, false])
  })

  it('reads the level of the inbound audio, and none without it', () => {
    expect(inboundAudioLevel(report([{ type: 'inbound-rtp', kind: 'video' }, { type: 'inbound-rtp', kind: 'audio', audioLevel: 0.31 }]))).toBe(0.31)
    expect(inboundAudioLevel(report([{ type: 'inbound-rtp', kind: 'audio' }, { type: 'media-source', kind: 'audio', audioLevel: 0.9 }]))).toBeNull()
    expect(inboundAudioLevel(report([]))).toBeNull()
  })
})
