import { describe, expect, it } from 'vitest'
import { backoffDelay, DEFAULT_BACKOFF } from '../../../src/shared/backoff'

describe('backoffDelay', () => {
  const noJitter = { ...DEFAULT_BACKOFF, jitter: 0 }

  it('doubles from the initial delay up to the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay(attempt, noJitter))
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000])
  })

  it('keeps a jittered delay between half and all of the step', () => {
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0)).toBe(500)
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.999_999)).toBe(1000)
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(4, DEFAULT_BACKOFF)
      expect(delay).toBeGreaterThanOrEqual(1000)
      expect(delay).toBeLessThanOrEqual(2000)
    }
  })

  it('spreads clients that retry at the same attempt', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(5, DEFAULT_BACKOFF)))
    expect(delays.size).toBeGreaterThan(10)
  })
})
