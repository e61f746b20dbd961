import { describe, expect, it } from 'vitest'
import { RingPacing, type RingPacingOptions } from '../../../src/server/ring-pacing'

function pacing(options: Partial<RingPacingOptions> = {}) {
  return new RingPacing<string>({ intervalMs: 2_000, backoffMs: 5_000, maxBackoffMs: 60_000, freeMisses: 0, maxKeys: 100, ...options })
}

describe('RingPacing', () => {
  it('lets a key ring at once, then not again within the interval', () => {
    const rings = pacing()
    expect(rings.waitMs('a', 0)).toBe(0)
    rings.rang('a', 0)
    expect(rings.waitMs('a', 500)).toBe(1_500)
    expect(rings.waitMs('b', 500)).toBe(0)
    expect(rings.waitMs('a', 2_000)).toBe(0)
  })

  it('makes a key wait after each miss, twice as long each time, up to the maximum', () => {
    const rings = pacing({ intervalMs: 0 })
    const waits: number[] = []
    let now = 0
    for (let i = 0; i < 6; i++) {
      rings.rang('a', now)
      rings.missed('a', now)
      waits.push(rings.waitMs('a', now))
      now += waits.at(-1)!
    }
    expect(waits).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000])
  })

  it('lets the free misses go without a wait', () => {
    const rings = pacing({ intervalMs: 0, freeMisses: 2 })
    rings.missed('a', 0)
    rings.missed('a', 0)
    expect(rings.waitMs('a', 0)).toBe(0)
    rings.missed('a', 0)
    expect(rings.waitMs('a', 0)).toBe(5_000)
  })

  it('clears a key on an accepted call, and after a quiet maxBackoffMs once its wait is over', () => {
    const rings = pacing({ intervalMs: 0 })
    rings.missed('a', 0)
    rings.missed('a', 0)
    rings.answered('a')
    expect(rings.waitMs('a', 0)).toBe(0)
    rings.missed('b', 0)
    rings.missed('b', 0)
    // Waiting 10 s, then quiet for 60 s: forgotten, so the next miss waits 5 s again, not 20 s.
    rings.missed('b', 70_000)
    expect(rings.waitMs('b', 70_000)).toBe(5_000)
  })

  it('does not count a ring that reached nobody (answered busy by the app) against the next one', () => {
    const rings = pacing()
    rings.rang('a', 0)
    rings.unrang('a')
    expect(rings.waitMs('a', 1)).toBe(0)
  })

  it('keeps at most maxKeys, the least recently used forgotten first, and sweeps the quiet', () => {
    const rings = pacing({ maxKeys: 2 })
    rings.rang('a', 0)
    rings.rang('b', 0)
    rings.rang('c', 0)
    expect(rings.size).toBe(2)
    expect(rings.waitMs('a', 1)).toBe(0)
    rings.sweep(62_000)
    expect(rings.size).toBe(0)
  })
})
