import { describe, expect, it } from 'vitest'
import type { AudioContextLike, GainNodeLike, OscillatorNodeLike } from '../../../src/renderer/src/audio/ring-tone'
import { scheduleTestChime, TEST_CHIME_NOTES } from '../../../src/renderer/src/audio/speaker-test'
import { SpeakerTestState } from '../../../src/renderer/src/state/speaker-test.svelte'

class FakeParam {
  readonly events: Array<[string, number, number]> = []
  setValueAtTime(value: number, time: number): void {
    this.events.push(['set', value, time])
  }
  linearRampToValueAtTime(value: number, time: number): void {
    this.events.push(['linear', value, time])
  }
  exponentialRampToValueAtTime(value: number, time: number): void {
    this.events.push(['exponential', value, time])
  }
}

class FakeNode {
  readonly outputs: unknown[] = []
  connect(destination: unknown): void {
    this.outputs.push(destination)
  }
  disconnect(): void {
    this.outputs.length = 0
  }
}

class FakeGain extends FakeNode implements GainNodeLike {
  readonly gain = new FakeParam()
}

class FakeOscillator extends FakeNode implements OscillatorNodeLike {
  type = 'square'
  readonly frequency = new FakeParam()
  started: number | null = null
  stopped: number | null = null
  start(when: number): void {
    this.started = when
  }
  stop(when: number): void {
    this.stopped = when
  }
}

class FakeAudioContext implements AudioContextLike {
  currentTime = 10
  state = 'running'
  readonly destination = new FakeNode()
  readonly gains: FakeGain[] = []
  readonly oscillators: FakeOscillator[] = []
  createGain(): FakeGain {
    const gain = new FakeGain()
    this.gains.push(gain)
    return gain
  }
  createOscillator(): FakeOscillator {
    const oscillator = new FakeOscillator()
    this.oscillators.push(oscillator)
    return oscillator
  }
  async resume(): Promise<void> {}
  async close(): Promise<void> {}
}

describe('scheduleTestChime', () => {
  it('plays two sine notes, a falling fifth, one after the other, into the output it is given', () => {
    const context = new FakeAudioContext()
    const output = new FakeNode()
    scheduleTestChime(context, output)
    expect(context.oscillators.map((oscillator) => [oscillator.type, oscillator.frequency.events[0]?.[1]])).toEqual([
      ['sine', 880],
      ['sine', 659.25],
    ])
    const [first, second] = context.oscillators
    expect(first!.started).toBeGreaterThanOrEqual(10)
    expect(second!.started! - first!.started!).toBeCloseTo(TEST_CHIME_NOTES[1].at)
    // Into the given output (the stream the speaker element plays), not the context's own speakers.
    const master = context.gains[0]!
    expect(master.outputs).toEqual([output])
    expect(context.destination.outputs).toEqual([])
  })

  it('says how long it lasts: until the last note has stopped', () => {
    const context = new FakeAudioContext()
    const lengthMs = scheduleTestChime(context, new FakeNode())
    const lastStop = Math.max(...context.oscillators.map((oscillator) => oscillator.stopped!))
    expect(lengthMs / 1000).toBeGreaterThanOrEqual(lastStop - context.currentTime)
    expect(lengthMs).toBeLessThan(2_000)
  })
})

describe('SpeakerTestState', () => {
  it('is playing until the sound has played, and plays one at a time', async () => {
    const played: Array<string | null> = []
    let finish: () => void = () => undefined
    const test = new SpeakerTestState((sinkId) => {
      played.push(sinkId)
      return new Promise<void>((resolve) => (finish = resolve))
    })
    const first = test.play('speaker-2')
    expect(test.status).toBe('playing')
    await test.play('speaker-2')
    expect(played).toEqual(['speaker-2'])
    finish()
    await first
    expect(test.status).toBe('played')
  })

  it('says it failed when the speaker could not be used', async () => {
    const errors: unknown[] = []
    const test = new SpeakerTestState(async () => {
      throw new DOMException('Requested device not found', 'NotFoundError')
    }, (error) => errors.push(error))
    await test.play('gone')
    expect(test.status).toBe('failed')
    expect(errors).toHaveLength(1)
  })
})
