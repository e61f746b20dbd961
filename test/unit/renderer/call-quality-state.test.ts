import { describe, expect, it } from 'vitest'
import type { StatsLike, StatsReportLike } from '../../../src/renderer/src/call/rtc-types'
import { CallQualityState } from '../../../src/renderer/src/state/call-quality.svelte'
import { settle } from '../../support/signaling-relay'

/** A timer the test fires by hand, and a connection whose stats the test sets. */
function setup() {
  const timers = new Set<() => void>()
  const intervals: number[] = []
  let reads = 0
  let stats: StatsLike[] | null = null
  const errors: unknown[] = []
  const quality = new CallQualityState({
    getStats: (): Promise<StatsReportLike> | null => {
      if (stats === null) return null
      reads += 1
      const snapshot = stats
      return Promise.resolve({ forEach: (callback) => snapshot.forEach(callback) })
    },
    every: (ms, tick) => {
      intervals.push(ms)
      timers.add(tick)
      return () => timers.delete(tick)
    },
    onError: (error) => errors.push(error),
  })
  return {
    quality,
    intervals,
    errors,
    reads: () => reads,
    setStats: (next: StatsLike[] | null) => (stats = next),
    tick: async () => {
      for (const tick of [...timers]) tick()
      await settle(3)
    },
    timerCount: () => timers.size,
  }
}

function sample(bytesSent: number, timestamp: number, roundTripTime: number): StatsLike[] {
  return [
    { id: 'T', type: 'transport', timestamp, selectedCandidatePairId: 'P' },
    { id: 'P', type: 'candidate-pair', timestamp, currentRoundTripTime: roundTripTime, localCandidateId: 'L', remoteCandidateId: 'R' },
    { id: 'L', type: 'local-candidate', timestamp, candidateType: 'host', protocol: 'udp' },
    { id: 'R', type: 'remote-candidate', timestamp, candidateType: 'host', protocol: 'udp' },
    { id: 'O', type: 'outbound-rtp', timestamp, kind: 'video', bytesSent },
  ]
}

describe('CallQualityState', () => {
  it('reads nothing until the call is connected', async () => {
    const { quality, reads, setStats, timerCount } = setup()
    setStats(sample(0, 0, 0.01))
    await settle(3)
    expect(reads()).toBe(0)
    expect(timerCount()).toBe(0)
    expect(quality.figures).toBeNull()
    expect(quality.level).toBeNull()
  })

  it('once connected, reads at once and then once a second, with bitrates from the second reading on', async () => {
    const { quality, reads, setStats, tick, intervals } = setup()
    setStats(sample(0, 1000, 0.02))
    quality.follow(true)
    await settle(3)
    expect(intervals).toEqual([1000])
    expect(reads()).toBe(1)
    expect(quality.figures?.roundTripMs).toBe(20)
    expect(quality.figures?.sendBitrate).toBeNull()
    expect(quality.level).toBe('good')

    setStats(sample(125_000, 2000, 0.5))
    await tick()
    expect(reads()).toBe(2)
    expect(quality.figures?.sendBitrate).toBe(1_000_000)
    expect(quality.figures?.local?.type).toBe('host')
    expect(quality.level).toBe('poor')
  })

  it('stops reading when the call is no longer connected, keeping the last figures, and starts again', async () => {
    const { quality, reads, setStats, tick, timerCount } = setup()
    setStats(sample(0, 1000, 0.02))
    quality.follow(true)
    await settle(3)
    quality.follow(false)
    expect(timerCount()).toBe(0)
    expect(quality.polling).toBe(false)
    await tick()
    expect(reads()).toBe(1)
    expect(quality.figures?.roundTripMs).toBe(20)
    quality.follow(true)
    await settle(3)
    expect(reads()).toBe(2)
    expect(timerCount()).toBe(1)
  })

  it('starts only one timer however often it is told the call is connected', async () => {
    const { quality, timerCount } = setup()
    quality.follow(true)
    quality.follow(true)
    expect(timerCount()).toBe(1)
  })

  it('drops a reading that finishes after the call stopped, and clears everything on reset', async () => {
    const { quality, setStats } = setup()
    setStats(sample(0, 1000, 0.02))
    quality.follow(true)
    quality.reset()
    await settle(3)
    expect(quality.figures).toBeNull()
    quality.follow(true)
    await settle(3)
    quality.open()
    quality.reset()
    expect([quality.figures, quality.polling, quality.isOpen]).toEqual([null, false, false])
  })

  it('skips a tick when there is no connection to read', async () => {
    const { quality, reads, tick } = setup()
    quality.follow(true)
    await tick()
    expect(reads()).toBe(0)
    expect(quality.figures).toBeNull()
  })

  it('reports a failed reading and keeps going', async () => {
    const timers: Array<() => void> = []
    const errors: unknown[] = []
    let fail = true
    const quality = new CallQualityState({
      getStats: () => (fail ? Promise.reject(new Error('closed')) : Promise.resolve({ forEach: (callback) => sample(0, 1, 0.01).forEach(callback) })),
      every: (_ms, tick) => {
        timers.push(tick)
        return () => {}
      },
      onError: (error) => errors.push(error),
    })
    quality.follow(true)
    await settle(3)
    expect(errors).toHaveLength(1)
    fail = false
    timers[0]!()
    await settle(3)
    expect(quality.figures?.roundTripMs).toBe(10)
  })

  it('opens and closes its panel', () => {
    const { quality } = setup()
    quality.toggle()
    expect(quality.isOpen).toBe(true)
    quality.close()
    expect(quality.isOpen).toBe(false)
  })

  it('says the network is the problem after five seconds of loss the other side reports, and forgets it when measuring stops', async () => {
    const { quality, setStats, tick } = setup()
    const lossy = (timestamp: number): StatsLike[] => [
      ...sample(timestamp * 100, timestamp, 0.05),
      { id: 'RI', type: 'remote-inbound-rtp', timestamp, kind: 'audio', localId: 'O', fractionLost: 0.1 },
    ]
    setStats(lossy(1000))
    quality.follow(true)
    await settle(3)
    for (let second = 2; second <= 5; second++) {
      setStats(lossy(second * 1000))
      await tick()
    }
    // Four intervals so far: not yet five seconds of it.
    expect(quality.notice).toBeNull()
    setStats(lossy(6000))
    await tick()
    expect(quality.notice).toEqual({ side: 'self', cause: 'loss' })
    quality.follow(false)
    expect(quality.notice).toBeNull()
  })
})
