import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readQuality, type QualityFigures } from '../../../src/renderer/src/call/call-stats'
import { assessNetwork, NETWORK_THRESHOLDS, readNetworkSample, type NetworkNotice, type NetworkSample } from '../../../src/renderer/src/call/network-health'
import type { StatsLike } from '../../../src/renderer/src/call/rtc-types'
import { setCurrentLocale } from '../../../src/renderer/src/i18n/current-locale.svelte'
import { describeNetworkNotice } from '../../../src/renderer/src/i18n/quality-words'

const CALM: NetworkSample = { sentLossPercent: 0, receivedLossPercent: 0, jitterMs: 5, sendLimitedByBandwidth: false, sendEstimateBps: 2_000_000, frozenMs: 0 }
/** The encoder held down by an estimate of 250 kbit/s: what a 300 kbit/s link gives. */
const SLOW = { sendLimitedByBandwidth: true, sendEstimateBps: 250_000 }

/** Five seconds of the same reading. */
function seconds(sample: Partial<NetworkSample>, count: number = NETWORK_THRESHOLDS.windowSamples): NetworkSample[] {
  return Array.from({ length: count }, () => ({ ...CALM, ...sample }))
}

const NORMAL = { lowData: false }

describe('assessNetwork', () => {
  it('says nothing on a calm connection, nor before five readings', () => {
    expect(assessNetwork(seconds({}), null, NORMAL)).toBeNull()
    expect(assessNetwork(seconds({ sentLossPercent: 30 }, 4), null, NORMAL)).toBeNull()
  })

  it('puts loss of what we send on our side, from 4 % on average', () => {
    expect(assessNetwork(seconds({ sentLossPercent: 4 }), null, NORMAL)).toEqual({ side: 'self', cause: 'loss' })
    expect(assessNetwork(seconds({ sentLossPercent: 3.9 }), null, NORMAL)).toBeNull()
    // One bad report among calm ones is an average of 4 %: a burst, but a real one.
    expect(assessNetwork([...seconds({}, 4), { ...CALM, sentLossPercent: 20 }], null, NORMAL)).toEqual({ side: 'self', cause: 'loss' })
  })

  it('says our connection is slow when the encoder was held down by a low estimate for five seconds running', () => {
    expect(assessNetwork(seconds(SLOW), null, NORMAL)).toEqual({ side: 'self', cause: 'bandwidth' })
    const rampUp = [...seconds(SLOW, 4), CALM]
    expect(assessNetwork(rampUp, null, NORMAL)).toBeNull()
  })

  it('does not call a good link slow while the encoder only climbs back to full resolution', () => {
    expect(assessNetwork(seconds({ sendLimitedByBandwidth: true, sendEstimateBps: 1_200_000 }), null, NORMAL)).toBeNull()
    expect(assessNetwork(seconds({ sendLimitedByBandwidth: true, sendEstimateBps: null }), null, NORMAL)).toBeNull()
  })

  it('with Low data, does not call a video held down on purpose a slow connection', () => {
    expect(assessNetwork(seconds(SLOW), null, { lowData: true })).toBeNull()
    expect(assessNetwork(seconds({ sentLossPercent: 6 }), null, { lowData: true })).toEqual({ side: 'self', cause: 'loss' })
  })

  it('puts loss, jitter or freezes of what we receive on their side', () => {
    expect(assessNetwork(seconds({ receivedLossPercent: 5 }), null, NORMAL)).toEqual({ side: 'peer' })
    expect(assessNetwork(seconds({ jitterMs: 50 }), null, NORMAL)).toEqual({ side: 'peer' })
    const lossy = { receivedLossPercent: 2 }
    expect(assessNetwork([...seconds(lossy, 4), { ...CALM, ...lossy, frozenMs: 1_000 }], null, NORMAL)).toEqual({ side: 'peer' })
    expect(assessNetwork([...seconds(lossy, 4), { ...CALM, ...lossy, frozenMs: 999 }], null, NORMAL)).toBeNull()
  })

  it('does not blame the network for a freeze on a clean path: a busy computer freezes video too', () => {
    expect(assessNetwork([...seconds({}, 4), { ...CALM, frozenMs: 2_000 }], null, NORMAL)).toBeNull()
    expect(assessNetwork([...seconds({ jitterMs: 30 }, 4), { ...CALM, jitterMs: 30, frozenMs: 2_000 }], null, NORMAL)).toEqual({ side: 'peer' })
  })

  it('names the connection between the two when both directions suffer, since neither end can tell where', () => {
    expect(assessNetwork(seconds({ sentLossPercent: 9, receivedLossPercent: 11 }), null, NORMAL)).toEqual({ side: 'both' })
  })

  it('keeps the sentence until the last five seconds are calm, so a link at the threshold does not blink', () => {
    const shown: NetworkNotice = { side: 'self', cause: 'loss' }
    const hovering = seconds({ sentLossPercent: 3 })
    expect(assessNetwork(hovering, shown, NORMAL)).toBe(shown)
    expect(assessNetwork(seconds({ sentLossPercent: 1.9 }), shown, NORMAL)).toBeNull()
    expect(assessNetwork([...seconds({}, 4), { ...CALM, frozenMs: 200 }], { side: 'peer' }, NORMAL)).toEqual({ side: 'peer' })
  })

  it('hands back the notice on screen when it says the same, and a new one when the side changes', () => {
    const shown: NetworkNotice = { side: 'peer' }
    expect(assessNetwork(seconds({ receivedLossPercent: 10 }), shown, NORMAL)).toBe(shown)
    expect(assessNetwork(seconds({ receivedLossPercent: 10, sentLossPercent: 10 }), shown, NORMAL)).toEqual({ side: 'both' })
    expect(assessNetwork(seconds(SLOW), { side: 'self', cause: 'loss' }, NORMAL)).toEqual({ side: 'self', cause: 'bandwidth' })
  })
})

describe('readNetworkSample', () => {
  const figures = { lossOutPercent: 6, lossInPercent: 1, jitterMs: 12 } as QualityFigures
  const stats = (freezes: number, reason: string, audioLost = 0, audioReceived = 0, videoReceived = 0): StatsLike[] => [
    { id: 'IA', type: 'inbound-rtp', kind: 'audio', timestamp: 0, packetsLost: audioLost, packetsReceived: audioReceived },
    { id: 'IV', type: 'inbound-rtp', kind: 'video', timestamp: 0, totalFreezesDuration: freezes, packetsLost: 0, packetsReceived: videoReceived },
    { id: 'OV', type: 'outbound-rtp', kind: 'video', timestamp: 0, qualityLimitationReason: reason },
    { id: 'T', type: 'transport', timestamp: 0, selectedCandidatePairId: 'P' },
    { id: 'P', type: 'candidate-pair', timestamp: 0, availableOutgoingBitrate: 280_000 },
    { id: 'Q', type: 'candidate-pair', timestamp: 0, availableOutgoingBitrate: 9_000_000 },
  ]

  it('takes the loss of what we send and the jitter from the figures, and the rest from the stats', () => {
    // Audio lost 10 of 100 while retransmitted video lost none of 300: the path's loss is the audio's 10 %.
    expect(readNetworkSample(figures, stats(1.25, 'none', 0, 0, 0), stats(1.75, 'bandwidth', 10, 90, 300))).toEqual({
      sentLossPercent: 6,
      receivedLossPercent: 10,
      jitterMs: 12,
      sendLimitedByBandwidth: true,
      sendEstimateBps: 280_000,
      frozenMs: 500,
    })
  })

  it('counts no freeze without an earlier reading, and no limit for the CPU', () => {
    expect(readNetworkSample(figures, null, stats(3, 'cpu'))).toMatchObject({ frozenMs: 0, sendLimitedByBandwidth: false })
  })
})

describe('describeNetworkNotice', () => {
  it('says whose side it is in plain words, with the name of who the call is with', () => {
    expect(describeNetworkNotice({ side: 'self', cause: 'loss' }, 'Minji')).toBe('Your connection is losing packets; video lowered to keep the sound clear.')
    expect(describeNetworkNotice({ side: 'peer' }, 'Minji')).toBe('Minji’s connection is weak.')
    expect(describeNetworkNotice({ side: 'peer' }, null)).toBe('The other person’s connection is weak.')
    expect(describeNetworkNotice({ side: 'both' }, 'Minji')).toContain('between you and Minji')
  })

  it('speaks Korean too', () => {
    setCurrentLocale('ko')
    try {
      expect(describeNetworkNotice({ side: 'peer' }, '민지')).toBe('민지 님의 연결이 약해요.')
      expect(describeNetworkNotice({ side: 'self', cause: 'bandwidth' }, null)).toBe('내 연결이 느려요. 소리를 또렷하게 유지하려고 영상 화질을 낮췄어요.')
    } finally {
      setCurrentLocale('en')
    }
  })
})

describe('the network notice on real Chromium stats', () => {
  // A Tonghwa call through the lab with 10 % loss on Alice's link, both directions (bench/network/capture-stats.ts).
  const CAPTURED = JSON.parse(readFileSync(resolve(__dirname, 'fixtures/chromium-lossy-stats.json'), 'utf8')) as {
    lossPercentOnAlicesLink: number
    alice: StatsLike[][]
    bob: StatsLike[][]
  }

  function noticeFrom(reports: StatsLike[][]): { notice: NetworkNotice | null; samples: NetworkSample[] } {
    const samples: NetworkSample[] = []
    let notice: NetworkNotice | null = null
    for (let i = 1; i < reports.length; i++) {
      samples.push(readNetworkSample(readQuality(reports[i - 1]!, reports[i]!), reports[i - 1]!, reports[i]!))
      notice = assessNetwork(samples, notice, NORMAL)
    }
    return { notice, samples }
  }

  it('measures the loss of what each side receives from the audio, which is never retransmitted', () => {
    const { samples } = noticeFrom(CAPTURED.alice)
    const received = samples.map((sample) => sample.receivedLossPercent ?? 0)
    expect(Math.max(...received)).toBeGreaterThan(CAPTURED.lossPercentOnAlicesLink / 2)
  })

  it('names the connection between the two on both sides, since one link loses packets both ways', () => {
    expect(noticeFrom(CAPTURED.alice).notice).toEqual({ side: 'both' })
    expect(noticeFrom(CAPTURED.bob).notice).toEqual({ side: 'both' })
  })
})
