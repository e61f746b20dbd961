import { describe, expect, it } from 'vitest'
import { AttemptThrottle, type AttemptThrottleOptions } from '../../../src/server/attempt-throttle'

const OPTIONS: AttemptThrottleOptions = { windowMs: 60_000, freeFailures: 2, baseDelayMs: 100, maxDelayMs: 1_000, blockAfterFailures: 8, blockMs: 30_000, maxKeys: 100 }

describe('AttemptThrottle', () => {
  it('lets an address that never failed go at once', () => {
    expect(new AttemptThrottle(OPTIONS).check('a', 0)).toEqual({ ok: true, waitMs: 0 })
  })

  it('charges nothing for the free failures, then doubles the wait up to the maximum', () => {
    const throttle = new AttemptThrottle(OPTIONS)
    const waits: number[] = []
    let now = 0
    for (let i = 0; i < 7; i++) {
      throttle.fail('a', now)
      const gate = throttle.check('a', now)
      if (!gate.ok) throw new Error('refused too early')
      waits.push(gate.waitMs)
      now += gate.waitMs
    }
    expect(waits).toEqual([0, 0, 100, 200, 400, 800, 1_000])
  })

  it('blocks after blockAfterFailures failures in the window, for blockMs', () => {
    const throttle = new AttemptThrottle({ ...OPTIONS, baseDelayMs: 0 })
    for (let i = 0; i < 7; i++) expect(throttle.fail('a', 0)).toBe(false)
    expect(throttle.fail('a', 0)).toBe(true)
    expect(throttle.check('a', 10)).toEqual({ ok: false, retryAfterMs: 29_990 })
    expect(throttle.check('b', 10)).toEqual({ ok: true, waitMs: 0 })
    expect(throttle.check('a', 60_000)).toEqual({ ok: true, waitMs: 0 })
  })

  it('refuses an attempt that would wait longer than maxDelayMs (many connections failing at once)', () => {
    const throttle = new AttemptThrottle({ ...OPTIONS, freeFailures: 0, baseDelayMs: 500, maxDelayMs: 500 })
    for (let i = 0; i < 3; i++) throttle.fail('a', 0)
    expect(throttle.check('a', 0)).toEqual({ ok: false, retryAfterMs: 1_500 })
    expect(throttle.check('a', 1_000)).toEqual({ ok: true, waitMs: 500 })
  })

  it('forgets failures when the window is over, and sweeps records that are over', () => {
    const throttle = new AttemptThrottle({ ...OPTIONS, baseDelayMs: 0 })
    for (let i = 0; i < 5; i++) throttle.fail('a', 0)
    throttle.fail('b', 50_000)
    throttle.sweep(60_000)
    expect(throttle.size).toBe(1)
    for (let i = 0; i < 3; i++) throttle.fail('a', 60_000)
    expect(throttle.check('a', 60_000)).toEqual({ ok: true, waitMs: 0 })
  })

  it('remembers at most maxKeys addresses, forgetting the oldest', () => {
    const throttle = new AttemptThrottle({ ...OPTIONS, maxKeys: 3, freeFailures: 0, blockAfterFailures: 1 })
    for (const key of ['a', 'b', 'c', 'd']) throttle.fail(key, 0)
    expect(throttle.size).toBe(3)
    expect(throttle.check('a', 0).ok).toBe(true)
    expect(throttle.check('d', 0).ok).toBe(false)
  })
})
