import { afterEach, describe, expect, it } from 'vitest'
import type { QualityFigures } from '../../../../src/renderer/src/call/call-stats'
import { setCurrentLocale } from '../../../../src/renderer/src/i18n/current-locale.svelte'
import { describeQualityFigures } from '../../../../src/renderer/src/i18n/quality-words'

afterEach(() => setCurrentLocale('en'))

const NOTHING_YET: QualityFigures = {
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
}

describe('the quality panel’s words', () => {
  it('formats every figure the browser reported', () => {
    const words = describeQualityFigures(
      {
        roundTripMs: 123.6,
        jitterMs: 0.4,
        lossInPercent: 2.5,
        lossOutPercent: 0,
        sendBitrate: 1_250_000,
        receiveBitrate: 518_000,
        sentVideo: { width: 1280, height: 720, framesPerSecond: 30 },
        receivedVideo: { width: 640, height: 480, framesPerSecond: null },
        audioCodec: 'opus',
        videoCodec: 'VP8',
        local: { type: 'relay', protocol: 'udp', relayProtocol: 'tls' },
        remote: { type: 'host', protocol: 'udp', relayProtocol: null },
      },
      'en',
    )
    expect(words).toEqual({
      roundTrip: '124 ms',
      jitter: '0.4 ms',
      loss: '2.5% of what you receive, 0% of what you send',
      sendBitrate: '1.3 Mb/s',
      receiveBitrate: '518 kb/s',
      sentVideo: '1280×720 at 30 fps',
      receivedVideo: '640×480',
      codecs: 'VP8 · opus',
      local: { name: 'relay', details: 'through a relay server · UDP · reaches the relay over TLS' },
      remote: { name: 'host', details: 'direct on your network · UDP' },
    })
  })

  it('says "not known yet" for every figure not reported, in the current language', () => {
    const unknown = 'not known yet'
    const words = describeQualityFigures(NOTHING_YET, 'en')
    expect(words).toEqual({
      roundTrip: unknown,
      jitter: unknown,
      loss: `${unknown} of what you receive, ${unknown} of what you send`,
      sendBitrate: unknown,
      receiveBitrate: unknown,
      sentVideo: unknown,
      receivedVideo: unknown,
      codecs: unknown,
      local: { name: unknown, details: '' },
      remote: { name: unknown, details: '' },
    })
    setCurrentLocale('ko')
    expect(describeQualityFigures(NOTHING_YET, 'ko').roundTrip).toBe('아직 알 수 없음')
  })

  it('says whose router a server-reflexive end goes through: yours on your side, theirs on theirs', () => {
    const srflx = { type: 'srflx', protocol: 'udp', relayProtocol: null }
    const words = describeQualityFigures({ ...NOTHING_YET, local: srflx, remote: srflx }, 'en')
    expect(words.local.details).toBe("through your router's public address · UDP")
    expect(words.remote.details).toBe("through their router's public address · UDP")
    setCurrentLocale('ko')
    expect(describeQualityFigures({ ...NOTHING_YET, local: srflx, remote: srflx }, 'ko').remote.details).toBe('상대 공유기의 공인 주소를 거쳐 연결 · UDP')
  })

  it('shows a candidate type it does not know by the browser’s own word, without a meaning', () => {
    const words = describeQualityFigures({ ...NOTHING_YET, local: { type: 'toString', protocol: 'tcp', relayProtocol: null } }, 'en')
    expect(words.local).toEqual({ name: 'toString', details: 'TCP' })
  })
})
