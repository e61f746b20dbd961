import { describe, expect, it } from 'vitest'
import { NewCodeBudget } from '../../../src/server/new-code-budget'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'

const HOUR = 3600_000

function budget(options: Partial<ConstructorParameters<typeof NewCodeBudget>[0]> = {}) {
  return new NewCodeBudget({ burstPerAddress: 2, perHourPerAddress: 60, burst: 5, perHour: 3600, maxAddresses: 100, ...options }, 0)
}

describe('NewCodeBudget', () => {
  it('gives an address its burst, then one new code a minute, and says when the next one comes', () => {
    const codes = budget()
    expect(codes.take('a', 0)).toEqual({ ok: true })
    expect(codes.take('a', 0)).toEqual({ ok: true })
    expect(codes.take('a', 0)).toEqual({ ok: false, code: SignalingErrorCode.TooManyNewCodes, retryAfterMs: 60_000 })
    expect(codes.take('a', 59_999)).toMatchObject({ ok: false, retryAfterMs: 1 })
    expect(codes.take('a', 60_000)).toEqual({ ok: true })
  })

  it('gives the whole server its burst across addresses, then its hourly rate', () => {
    const codes = budget({ burstPerAddress: 100, burst: 3, perHour: 60 })
    expect(['a', 'b', 'c'].map((address) => codes.take(address, 0).ok)).toEqual([true, true, true])
    expect(codes.take('d', 0)).toEqual({ ok: false, code: SignalingErrorCode.NewCodesThrottled, retryAfterMs: 60_000 })
    expect(codes.take('d', HOUR / 60)).toEqual({ ok: true })
  })

  it('charges nothing when it refuses: an address over its own budget does not spend the server’s', () => {
    const codes = budget({ burstPerAddress: 1, perHourPerAddress: 1, burst: 2, perHour: 1 })
    expect(codes.take('greedy', 0).ok).toBe(true)
    for (let i = 0; i < 10; i++) expect(codes.take('greedy', 0)).toMatchObject({ code: SignalingErrorCode.TooManyNewCodes })
    expect(codes.take('someone else', 0)).toEqual({ ok: true })
  })

  it('remembers at most maxAddresses, and forgets those whose budget has refilled', () => {
    const codes = budget({ maxAddresses: 2 })
    codes.take('a', 0)
    codes.take('b', 0)
    codes.take('c', 0)
    expect(codes.trackedAddresses).toBe(2)
    codes.sweep(HOUR)
    expect(codes.trackedAddresses).toBe(0)
  })
})
