import { describe, expect, it } from 'vitest'
import { resolveRingTimeoutMs, RING_TIMEOUT_ENV } from '../../../src/main/ring-timeout'
import { RING_TIMEOUT } from '../../../src/shared/phone'

function resolve(env: Record<string, string>, setting?: number, override?: number) {
  const logs: string[] = []
  const ms = resolveRingTimeoutMs({ env, setting, ...(override !== undefined ? { override } : {}), log: (message) => logs.push(message) })
  return { ms, logs }
}

describe('resolveRingTimeoutMs', () => {
  it('is 30 s with no setting', () => {
    expect(resolve({})).toEqual({ ms: 30_000, logs: [] })
    expect(RING_TIMEOUT.defaultMs).toBe(30_000)
  })

  it('takes the settings file, the environment over it, and an override over both', () => {
    expect(resolve({}, 45_000).ms).toBe(45_000)
    expect(resolve({ [RING_TIMEOUT_ENV]: '5000' }, 45_000).ms).toBe(5_000)
    expect(resolve({ [RING_TIMEOUT_ENV]: '5000' }, 45_000, 3_000).ms).toBe(3_000)
    expect(resolve({ [RING_TIMEOUT_ENV]: '' }, 45_000).ms).toBe(45_000)
  })

  it.each([
    [1, RING_TIMEOUT.minMs],
    [0, RING_TIMEOUT.minMs],
    [-5_000, RING_TIMEOUT.minMs],
    [10 * 60_000, RING_TIMEOUT.maxMs],
    [12_345.6, 12_346],
  ])('clamps %d ms from the settings file to %d, and says so', (setting, ms) => {
    const result = resolve({}, setting)
    expect(result.ms).toBe(ms)
    expect(result.logs).toHaveLength(1)
  })

  it.each(['soon', '1e3', '0x10', '-1', '5000ms', '99999999999'])('ignores %j in the environment, with a warning', (value) => {
    const result = resolve({ [RING_TIMEOUT_ENV]: value }, 40_000)
    expect(result.ms).toBe(40_000)
    expect(result.logs[0]).toContain(RING_TIMEOUT_ENV)
  })

  it('clamps the environment too', () => {
    expect(resolve({ [RING_TIMEOUT_ENV]: '100' }).ms).toBe(RING_TIMEOUT.minMs)
  })

  it('falls back to the default for an override that is not a number', () => {
    expect(resolve({}, undefined, Number.NaN).ms).toBe(RING_TIMEOUT.defaultMs)
  })
})
