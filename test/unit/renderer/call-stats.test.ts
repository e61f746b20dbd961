import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readQuality, snapshotOf } from '../../../src/renderer/src/call/call-stats'
import type { StatsLike } from '../../../src/renderer/src/call/rtc-types'

/**
 * Two `getStats()` reports, a second apart, from a loopback call in Chromium (Debian's chromium, fake camera
 * 640×480 and microphone, VP8 and Opus, a pre-negotiated data channel), taken from the sending side.
 */
const CHROMIUM = JSON.parse(readFileSync(resolve(__dirname, 'fixtures/chromium-loopback-stats.json'), 'utf8')) as {
  first: StatsLike[]
  second: StatsLike[]
}

function stat(type: string, id: string, fields: Record<string, unknown> = {}, timestamp = 1000): StatsLike {
  return { id, type, timestamp, ...fields }
}

describe('readQuality on reports captured from Chromium', () => {
  const figures = readQuality(CHROMIUM.first, CHROMIUM.second)

  it('reads the selected pair: host on both sides over UDP, with its round-trip time', () => {
    expect(figures.local).toEqual({ type: 'host', protocol: 'udp', relayProtocol: null })
    expect(figures.remote).toEqual({ type: 'host', protocol: 'udp', relayProtocol: null })
    // The selected pair (CPCiX5RLpy_wBKB5tDR) reports 0 s on loopback; the other pair's 1 ms must not be used.
    expect(figures.roundTripMs).toBe(0)
  })

  it('works out the bitrates from the byte counts over the interval', () => {
    // outbound audio 3132 B + video 61941 B over 1002.85 ms; inbound 3132 B + 61624 B.
    expect(figures.sendBitrate).toBeCloseTo(((3132 + 61941) * 8) / 1.002845947265625, 3)
    expect(figures.receiveBitrate).toBeCloseTo(((3132 + 61624) * 8) / 1.002845947265625, 3)
  })

  it('reads resolution and frame rate both ways, the codecs, jitter and loss', () => {
    expect(figures.sentVideo).toEqual({ width: 640, height: 480, framesPerSecond: 20 })
    expect(figures.receivedVideo).toEqual({ width: 640, height: 480, framesPerSecond: 20 })
    expect(figures.videoCodec).toBe('VP8')
    expect(figures.audioCodec).toBe('opus')
    expect(figures.jitterMs).toBe(0)
    expect(figures.lossInPercent).toBe(0)
    expect(figures.lossOutPercent).toBe(0)
  })

  it('has no rates for the first report, which has nothing to compare with', () => {
    const first = readQuality(null, CHROMIUM.first)
    expect(first.sendBitrate).toBeNull()
    expect(first.receiveBitrate).toBeNull()
    expect(first.lossInPercent).toBeNull()
    expect(first.local?.type).toBe('host')
    expect(first.sentVideo?.width).toBe(640)
  })

  it('takes plain arrays from a report', () => {
    const report = { forEach: (callback: (entry: StatsLike) => void) => CHROMIUM.second.forEach(callback) }
    expect(snapshotOf(report)).toEqual(CHROMIUM.second)
  })
})

describe('readQuality', () => {
  it('works out loss over the interval from what arrived and what was lost', () => {
    const before = [stat('inbound-rtp', 'IA', { kind: 'audio', packetsReceived: 1000, packetsLost: 10 }), stat('inbound-rtp', 'IV', { kind: 'video', packetsReceived: 500, packetsLost: 0 })]
    const after = [stat('inbound-rtp', 'IA', { kind: 'audio', packetsReceived: 1045, packetsLost: 15 }), stat('inbound-rtp', 'IV', { kind: 'video', packetsReceived: 545, packetsLost: 5 })]
    // 10 lost of 100 in the interval (the 10 lost before it do not count).
    expect(readQuality(before, after).lossInPercent).toBe(10)
  })

  it('never reads a negative loss when packetsLost goes down (late packets counted after all)', () => {
    const before = [stat('inbound-rtp', 'IA', { kind: 'audio', packetsReceived: 100, packetsLost: 5 })]
    const after = [stat('inbound-rtp', 'IA', { kind: 'audio', packetsReceived: 150, packetsLost: 3 })]
    expect(readQuality(before, after).lossInPercent).toBe(0)
  })

  it('takes outgoing loss from the other side’s fractionLost, the worse stream counting', () => {
    const current = [
      stat('remote-inbound-rtp', 'RA', { kind: 'audio', fractionLost: 0.01, roundTripTime: 0.08 }),
      stat('remote-inbound-rtp', 'RV', { kind: 'video', fractionLost: 0.125, roundTripTime: 0.09 }),
    ]
    expect(readQuality(null, current).lossOutPercent).toBe(12.5)
  })

  it('falls back to packetsLost against packetsSent when fractionLost is missing', () => {
    const before = [stat('outbound-rtp', 'O', { kind: 'video', packetsSent: 1000 }), stat('remote-inbound-rtp', 'R', { kind: 'video', localId: 'O', packetsLost: 0 })]
    const after = [stat('outbound-rtp', 'O', { kind: 'video', packetsSent: 1200 }), stat('remote-inbound-rtp', 'R', { kind: 'video', localId: 'O', packetsLost: 6 })]
    expect(readQuality(before, after).lossOutPercent).toBe(3)
  })

  it('uses remote-inbound-rtp round-trip time when the pair has none', () => {
    const current = [stat('remote-inbound-rtp', 'RA', { kind: 'audio', roundTripTime: 0.12 }), stat('remote-inbound-rtp', 'RV', { kind: 'video', roundTripTime: 0.2 })]
    expect(readQuality(null, current).roundTripMs).toBe(200)
  })

  it('without a selected pair id, uses the nominated, succeeded pair that carried the most', () => {
    const current = [
      stat('transport', 'T'),
      stat('candidate-pair', 'P1', { nominated: true, state: 'succeeded', bytesSent: 10, localCandidateId: 'L1', remoteCandidateId: 'R1', currentRoundTripTime: 0.3 }),
      stat('candidate-pair', 'P2', { nominated: true, state: 'succeeded', bytesSent: 9000, localCandidateId: 'L2', remoteCandidateId: 'R2', currentRoundTripTime: 0.05 }),
      stat('candidate-pair', 'P3', { nominated: false, state: 'succeeded', bytesSent: 99999, localCandidateId: 'L1', remoteCandidateId: 'R1' }),
      stat('local-candidate', 'L1', { candidateType: 'host', protocol: 'udp' }),
      stat('local-candidate', 'L2', { candidateType: 'relay', protocol: 'udp', relayProtocol: 'tls' }),
      stat('remote-candidate', 'R1', { candidateType: 'host', protocol: 'udp' }),
      stat('remote-candidate', 'R2', { candidateType: 'srflx', protocol: 'udp' }),
    ]
    const figures = readQuality(null, current)
    expect(figures.local).toEqual({ type: 'relay', protocol: 'udp', relayProtocol: 'tls' })
    expect(figures.remote).toEqual({ type: 'srflx', protocol: 'udp', relayProtocol: null })
    expect(figures.roundTripMs).toBe(50)
  })

  it('reports the largest simulcast layer as the sent resolution', () => {
    const current = [
      stat('outbound-rtp', 'O1', { kind: 'video', frameWidth: 320, frameHeight: 180, framesPerSecond: 30 }),
      stat('outbound-rtp', 'O2', { kind: 'video', frameWidth: 1280, frameHeight: 720, framesPerSecond: 29 }),
    ]
    expect(readQuality(null, current).sentVideo).toEqual({ width: 1280, height: 720, framesPerSecond: 29 })
  })

  it('leaves what is not reported as null: an audio-only call has no video figures', () => {
    const current = CHROMIUM.second.filter((entry) => entry.kind !== 'video')
    const figures = readQuality(null, current)
    expect(figures.sentVideo).toBeNull()
    expect(figures.receivedVideo).toBeNull()
    expect(figures.videoCodec).toBeNull()
    expect(figures.audioCodec).toBe('opus')
  })

  it('reads nothing from an empty report, and ignores fields of the wrong type', () => {
    expect(readQuality(null, [])).toEqual({
      roundTripMs: null,
      jitterMs: null,
      lossInPercent: null,
      lossOutPercent: null,
      sendBitrate: null,
      receiveBitrate: null,
      sentVideo: null,
      receivedVideo: null,
      audioCodec: null,
      videoCodec: null,
      local: null,
      remote: null,
    })
    const odd = [stat('inbound-rtp', 'I', { kind: 'audio', jitter: '0.5' }), stat('remote-inbound-rtp', 'R', { roundTripTime: Number.NaN })]
    expect(readQuality(null, odd)).toMatchObject({ jitterMs: null, roundTripMs: null })
  })
})
