import { describe, expect, it } from 'vitest'
import { levelFromSamples, MicLevelMeter, smoothLevel, type LevelSource } from '../../../src/renderer/src/audio/mic-level'

function sine(amplitude: number, size = 1024): Float32Array<ArrayBuffer> {
  return Float32Array.from({ length: size }, (_, index) => amplitude * Math.sin((2 * Math.PI * index) / 64))
}

describe('levelFromSamples', () => {
  it('is 0 for silence and for nothing at all', () => {
    expect(levelFromSamples(new Float32Array(512))).toBe(0)
    expect(levelFromSamples([])).toBe(0)
  })

  it('is 1 at full scale', () => {
    expect(levelFromSamples(new Float32Array(512).fill(1))).toBeCloseTo(1)
  })

  it('puts −60 dBFS and below at 0, and is linear in decibels between', () => {
    expect(levelFromSamples(new Float32Array(512).fill(0.0001))).toBe(0)
    expect(levelFromSamples(new Float32Array(512).fill(0.001))).toBeCloseTo(0)
    expect(levelFromSamples(new Float32Array(512).fill(0.01))).toBeCloseTo(1 / 3)
    expect(levelFromSamples(new Float32Array(512).fill(0.1))).toBeCloseTo(2 / 3)
  })

  it('grows with loudness', () => {
    expect(levelFromSamples(sine(0.05))).toBeLessThan(levelFromSamples(sine(0.5)))
  })
})

describe('smoothLevel', () => {
  it('rises at once and falls gradually', () => {
    expect(smoothLevel(0.2, 0.8)).toBe(0.8)
    expect(smoothLevel(0.8, 0)).toBeCloseTo(0.72)
    expect(smoothLevel(0.8, 0.75)).toBe(0.75)
  })
})

function fakeSource(samples: () => Float32Array) {
  const source = {
    size: 1024,
    closed: false as boolean,
    read(target: Float32Array<ArrayBuffer>) {
      target.set(samples().subarray(0, target.length))
    },
    close() {
      source.closed = true
    },
  } satisfies LevelSource & { closed: boolean }
  return source
}

function manualFrames() {
  const pending: Array<() => void> = []
  return {
    schedule: (callback: () => void) => {
      pending.push(callback)
      return () => {
        const index = pending.indexOf(callback)
        if (index >= 0) pending.splice(index, 1)
      }
    },
    tick: () => pending.splice(0).forEach((callback) => callback()),
    get pending() {
      return pending.length
    },
  }
}

describe('MicLevelMeter', () => {
  it('reports the level every frame while it changes, and 0 once stopped', () => {
    let amplitude = 0.5
    const source = fakeSource(() => sine(amplitude))
    const frames = manualFrames()
    const levels: number[] = []
    const meter = new MicLevelMeter({ source, schedule: frames.schedule, onLevel: (level) => levels.push(level) })

    frames.tick()
    expect(levels).toHaveLength(1)
    expect(levels[0]).toBeGreaterThan(0.8)
    frames.tick()
    expect(levels).toHaveLength(1)
    amplitude = 0
    frames.tick()
    expect(levels.at(-1)).toBeLessThan(levels[0]!)
    expect(meter.level).toBe(levels.at(-1))

    meter.stop()
    expect(levels.at(-1)).toBe(0)
    expect(source.closed).toBe(true)
    expect(frames.pending).toBe(0)
  })

  it('hands every frame’s unsmoothed reading to onReading, even when the shown level does not change', () => {
    let amplitude = 0.5
    const frames = manualFrames()
    const readings: number[] = []
    const levels: number[] = []
    new MicLevelMeter({ source: fakeSource(() => sine(amplitude)), schedule: frames.schedule, onLevel: (level) => levels.push(level), onReading: (level) => readings.push(level) })
    frames.tick()
    frames.tick()
    amplitude = 0
    frames.tick()
    expect(readings).toHaveLength(3)
    expect(readings[0]).toBeGreaterThan(0.8)
    expect(readings[1]).toBe(readings[0])
    // Silence reads as 0 at once, while the shown level falls gradually.
    expect(readings[2]).toBe(0)
    expect(levels.at(-1)).toBeGreaterThan(0.7)
  })

  it('does nothing more after stop, even if a frame was already queued', () => {
    const source = fakeSource(() => sine(0.5))
    const frames = manualFrames()
    const levels: number[] = []
    const queued: Array<() => void> = []
    const meter = new MicLevelMeter({ source, schedule: (callback) => (queued.push(callback), () => undefined), onLevel: (level) => levels.push(level) })
    meter.stop()
    queued.forEach((callback) => callback())
    expect(levels).toEqual([])
    meter.stop()
    expect(frames.pending).toBe(0)
  })
})
