import { describe, expect, it } from 'vitest'
import { classifyQuality, QUALITY_THRESHOLDS } from '../../../src/renderer/src/call/quality-thresholds'

describe('classifyQuality', () => {
  it.each([
    [0, 0, 'good'],
    [1.9, 149, 'good'],
    [2, 10, 'fair'],
    [0, 150, 'fair'],
    [7.9, 399, 'fair'],
    [8, 10, 'poor'],
    [0, 400, 'poor'],
    [30, 1000, 'poor'],
  ] as const)('calls %s%% loss with a %s ms round trip %s', (lossPercent, roundTripMs, level) => {
    expect(classifyQuality({ lossPercent, roundTripMs })).toBe(level)
  })

  it('judges by what is known when only one figure is', () => {
    expect(classifyQuality({ lossPercent: null, roundTripMs: 20 })).toBe('good')
    expect(classifyQuality({ lossPercent: 9, roundTripMs: null })).toBe('poor')
  })

  it('gives no level before anything is measured', () => {
    expect(classifyQuality({ lossPercent: null, roundTripMs: null })).toBeNull()
  })

  it('keeps good strictly inside poor, so every sample has one level', () => {
    expect(QUALITY_THRESHOLDS.good.lossPercentBelow).toBeLessThan(QUALITY_THRESHOLDS.poor.lossPercentFrom)
    expect(QUALITY_THRESHOLDS.good.roundTripMsBelow).toBeLessThan(QUALITY_THRESHOLDS.poor.roundTripMsFrom)
  })
})
