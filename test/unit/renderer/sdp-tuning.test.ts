/**
 * What a Tonghwa side writes into the description it sends, checked against Chromium's own offer and answer
 * (fixtures/chromium-sdp.json, captured with scripts/capture-chromium-sdp.mjs from a call shaped like ours:
 * fake microphone and camera, and the negotiated chat channel).
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { preferAudioRed } from '../../../src/renderer/src/call/codec-preferences'
import { LOW_DATA_BUDGET } from '../../../src/renderer/src/call/media-budget'
import { mergeParameters, tuneOutgoingSdp } from '../../../src/renderer/src/call/sdp-tuning'
import type { CodecLike } from '../../../src/renderer/src/call/rtc-types'

const CHROMIUM = JSON.parse(readFileSync(resolve(__dirname, 'fixtures/chromium-sdp.json'), 'utf8')) as {
  chromium: string
  offer: string
  answer: string
  audioReceiverCodecs: CodecLike[]
}

/** The lines of one media section (`m=audio`, `m=video`, `m=application`), without line endings. */
function section(sdp: string, kind: string): string[] {
  const lines = sdp.split('\r\n')
  const start = lines.findIndex((line) => line.startsWith(`m=${kind} `))
  if (start < 0) throw new Error(`no m=${kind} section`)
  const end = lines.findIndex((line, index) => index > start && line.startsWith('m='))
  return lines.slice(start, end < 0 ? lines.length : end).filter((line) => line !== '')
}

/** Lines of `after` that `before` does not have, and the other way round. */
function changedLines(before: string, after: string): { added: string[]; removed: string[] } {
  const a = before.split('\r\n')
  const b = after.split('\r\n')
  return { added: b.filter((line) => !a.includes(line)), removed: a.filter((line) => !b.includes(line)) }
}

describe('tuneOutgoingSdp on Chromium descriptions', () => {
  it("asks for Opus DTX, keeps Chromium's in-band FEC and minptime, and changes no other line of the offer", () => {
    expect(section(CHROMIUM.offer, 'audio')).toContain('a=fmtp:111 minptime=10;useinbandfec=1')
    const tuned = tuneOutgoingSdp(CHROMIUM.offer, { lowData: false })
    expect(changedLines(CHROMIUM.offer, tuned)).toEqual({
      added: ['a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1'],
      removed: ['a=fmtp:111 minptime=10;useinbandfec=1'],
    })
    // The RED line that names Opus as its payload is the browser's and stays as it is.
    expect(section(tuned, 'audio')).toContain('a=fmtp:63 111/111')
  })

  it('tunes the answer the same way, so the offerer sends FEC and DTX too', () => {
    const tuned = tuneOutgoingSdp(CHROMIUM.answer, { lowData: false })
    expect(section(tuned, 'audio')).toContain('a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1')
    expect(tuned.split('\r\n')).toHaveLength(CHROMIUM.answer.split('\r\n').length)
  })

  it('with Low data, caps the video the other side sends with b=AS after the c= line, and its Opus with maxaveragebitrate', () => {
    const tuned = tuneOutgoingSdp(CHROMIUM.offer, { lowData: true })
    const video = section(tuned, 'video')
    const connection = video.findIndex((line) => line.startsWith('c='))
    expect(video[connection + 1]).toBe(`b=AS:${LOW_DATA_BUDGET.cameraBps / 1000}`)
    expect(video.filter((line) => line.startsWith('b='))).toHaveLength(1)
    expect(section(tuned, 'audio')).toContain(`a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1;maxaveragebitrate=${LOW_DATA_BUDGET.audioBps}`)
    // The chat's data section is not media: no ceiling there.
    expect(section(tuned, 'application')).toEqual(section(CHROMIUM.offer, 'application'))
  })

  it('keeps the line endings and the final line break', () => {
    const tuned = tuneOutgoingSdp(CHROMIUM.offer, { lowData: true })
    expect(tuned.endsWith('\r\n')).toBe(true)
    expect(tuned.replaceAll('\r\n', '')).not.toContain('\n')
  })

  it('is the same when applied twice (an ICE restart sends a description made from the same state)', () => {
    const once = tuneOutgoingSdp(CHROMIUM.offer, { lowData: true })
    expect(tuneOutgoingSdp(once, { lowData: true })).toBe(once)
  })

  it('replaces a bandwidth line the browser already wrote instead of adding a second one', () => {
    const withBandwidth = CHROMIUM.offer.replace(/(m=video[^\r]*\r\nc=IN IP4 0\.0\.0\.0\r\n)/, '$1b=AS:2000\r\nb=TIAS:2000000\r\n')
    const video = section(tuneOutgoingSdp(withBandwidth, { lowData: true }), 'video')
    expect(video.filter((line) => line.startsWith('b='))).toEqual([`b=AS:${LOW_DATA_BUDGET.cameraBps / 1000}`])
  })

  it('adds an fmtp line for Opus when the browser wrote none', () => {
    const bare = CHROMIUM.offer.replace('a=fmtp:111 minptime=10;useinbandfec=1\r\n', '')
    const audio = section(tuneOutgoingSdp(bare, { lowData: false }), 'audio')
    expect(audio[audio.indexOf('a=rtpmap:111 opus/48000/2') + 1]).toBe('a=fmtp:111 useinbandfec=1;usedtx=1')
  })

  it('leaves text without media sections as it is', () => {
    const notSdp = JSON.stringify({ media: [{ kind: 'audio' }] })
    expect(tuneOutgoingSdp(notSdp, { lowData: true })).toBe(notSdp)
  })
})

describe('mergeParameters', () => {
  it('replaces a parameter that is there, whatever its case, and appends the others in order', () => {
    expect(mergeParameters('minptime=10;UseInbandFec=0', [['useinbandfec', '1'], ['usedtx', '1']])).toBe('minptime=10;UseInbandFec=1;usedtx=1')
  })

  it('keeps a flag without a value', () => {
    expect(mergeParameters('a;b=2', [['c', '3']])).toBe('a;b=2;c=3')
  })
})

describe('preferAudioRed on Chromium capabilities', () => {
  it('puts red/48000/2 first and keeps every other codec in the order Chromium gave', () => {
    const codecs = CHROMIUM.audioReceiverCodecs
    expect(codecs.map((codec) => codec.mimeType)).toContain('audio/red')
    const preferred = preferAudioRed(codecs)
    expect(preferred?.[0]).toMatchObject({ mimeType: 'audio/red', clockRate: 48_000, channels: 2 })
    expect(preferred?.slice(1)).toEqual(codecs.filter((codec) => codec.mimeType !== 'audio/red'))
    expect(preferred).toHaveLength(codecs.length)
  })

  it('changes nothing where the browser has no RED, or no Opus for it to carry', () => {
    const withoutRed = CHROMIUM.audioReceiverCodecs.filter((codec) => codec.mimeType !== 'audio/red')
    expect(preferAudioRed(withoutRed)).toBeNull()
    const withoutOpus = CHROMIUM.audioReceiverCodecs.filter((codec) => codec.mimeType !== 'audio/opus')
    expect(preferAudioRed(withoutOpus)).toBeNull()
  })

  it('leaves video RED (the ULPFEC wrapper, red/90000) where it is', () => {
    const videoRed = { mimeType: 'video/red', clockRate: 90_000 }
    expect(preferAudioRed([{ mimeType: 'audio/opus', clockRate: 48_000, channels: 2 }, videoRed])).toBeNull()
  })
})
