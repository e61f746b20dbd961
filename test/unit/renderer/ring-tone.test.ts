import { describe, expect, it } from 'vitest'
import { startRingTone, type AudioContextLike, type GainNodeLike, type OscillatorNodeLike } from '../../../src/renderer/src/audio/ring-tone'

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
  connected = 0
  connect(): void {
    this.connected += 1
  }
  disconnect(): void {
    this.connected = 0
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
  state = 'suspended'
  readonly destination = new FakeNode()
  readonly oscillators: FakeOscillator[] = []
  resumed = 0
  closed = 0
  createGain(): FakeGain {
    return new FakeGain()
  }
  createOscillator(): FakeOscillator {
    const oscillator = new FakeOscillator()
    this.oscillators.push(oscillator)
    return oscillator
  }
  async resume(): Promise<void> {
    this.resumed += 1
  }
  async close(): Promise<void> {
    this.closed += 1
  }
}

function setup() {
  const context = new FakeAudioContext()
  let tick: () => void = () => undefined
  let cancelled = 0
  const ringer = startRingTone({
    createContext: () => context,
    every: (callback) => {
      tick = callback
      return () => {
        cancelled += 1
      }
    },
  })
  return { context, ringer, tick: () => tick(), cancelled: () => cancelled }
}

describe('the ring tone', () => {
  it('plays a chime of sine notes at once, and again on every beat', () => {
    const { context, tick } = setup()
    expect(context.oscillators).toHaveLength(3)
    expect(context.oscillators.every((oscillator) => oscillator.type === 'sine' && oscillator.started !== null && oscillator.stopped! > oscillator.started)).toBe(true)
    context.currentTime = 12.5
    tick()
    expect(context.oscillators).toHaveLength(6)
    expect(context.oscillators[3]!.started).toBeGreaterThan(12.5)
  })

  it('asks a context that starts suspended to resume', () => {
    expect(setup().context.resumed).toBe(1)
  })

  it('stops the beat and closes the AudioContext on stop, once', () => {
    const { context, ringer, cancelled } = setup()
    ringer.stop()
    ringer.stop()
    expect(cancelled()).toBe(1)
    expect(context.closed).toBe(1)
  })

  it('stays silent, without throwing, where there is no Web Audio', () => {
    const errors: unknown[] = []
    const ringer = startRingTone({
      createContext: () => {
        throw new Error('AudioContext is not defined')
      },
      onError: (error) => errors.push(error),
    })
    expect(() => ringer.stop()).not.toThrow()
    expect(errors).toHaveLength(1)
  })
})
