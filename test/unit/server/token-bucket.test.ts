import { describe, expect, it } from 'vitest'
import { TokenBucket } from '../../../src/server/token-bucket'
import { MessageRateLimit, RateVerdict } from '../../../src/server/message-rate-limit'

describe('TokenBucket', () => {
  it('gives the burst at once, then one token per 1/perSecond', () => {
    const bucket = new TokenBucket(3, 10, 0)
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false])
    expect(bucket.msUntilToken(0)).toBe(100)
    expect(bucket.take(99)).toBe(false)
    expect(bucket.take(100)).toBe(true)
  })

  it('never holds more than the burst, however long it was idle', () => {
    const bucket = new TokenBucket(2, 1, 0)
    expect(bucket.isFull(1_000_000)).toBe(true)
    expect([bucket.take(1_000_000), bucket.take(1_000_000), bucket.take(1_000_000)]).toEqual([true, true, false])
  })

  it('ignores a clock reading from the past', () => {
    const bucket = new TokenBucket(1, 1, 1_000)
    expect(bucket.take(1_000)).toBe(true)
    expect(bucket.take(0)).toBe(false)
    expect(bucket.take(2_000)).toBe(true)
  })
})

describe('MessageRateLimit', () => {
  it('refuses past the burst and says close after maxViolations refusals', () => {
    const limit = new MessageRateLimit({ burst: 2, perSecond: 1, maxViolations: 2 }, 0)
    expect([0, 0, 0, 0, 0].map(() => limit.check(0))).toEqual([RateVerdict.Accept, RateVerdict.Accept, RateVerdict.Refuse, RateVerdict.Refuse, RateVerdict.Close])
    expect(limit.retryAfterMs(0)).toBe(1_000)
  })

  it('forgets the refusals once the bucket has refilled', () => {
    const limit = new MessageRateLimit({ burst: 2, perSecond: 10, maxViolations: 1 }, 0)
    expect([limit.check(0), limit.check(0), limit.check(0)]).toEqual([RateVerdict.Accept, RateVerdict.Accept, RateVerdict.Refuse])
    expect([limit.check(200), limit.check(200), limit.check(200)]).toEqual([RateVerdict.Accept, RateVerdict.Accept, RateVerdict.Refuse])
  })
})
