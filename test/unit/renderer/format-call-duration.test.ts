import { describe, expect, it } from 'vitest'
import { formatCallDuration } from '../../../src/renderer/src/i18n/format-call-duration'

describe('formatCallDuration', () => {
  it('shows minutes and seconds as mm:ss under an hour', () => {
    expect(formatCallDuration(0)).toBe('00:00')
    expect(formatCallDuration(999)).toBe('00:00')
    expect(formatCallDuration(61_000)).toBe('01:01')
    expect(formatCallDuration(59 * 60_000 + 59_999)).toBe('59:59')
  })

  it('adds hours as h:mm:ss from an hour on', () => {
    expect(formatCallDuration(3_600_000)).toBe('1:00:00')
    expect(formatCallDuration(3_600_000 + 5 * 60_000 + 7_000)).toBe('1:05:07')
    expect(formatCallDuration(12 * 3_600_000)).toBe('12:00:00')
  })

  it('reads a clock that went back, or no number, as 00:00', () => {
    expect(formatCallDuration(-5000)).toBe('00:00')
    expect(formatCallDuration(Number.NaN)).toBe('00:00')
    expect(formatCallDuration(Number.POSITIVE_INFINITY)).toBe('00:00')
  })
})
