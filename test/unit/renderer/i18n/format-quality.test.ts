import { describe, expect, it } from 'vitest'
import { formatBitrate, formatMilliseconds, formatPercent, formatResolution } from '../../../../src/renderer/src/i18n/format-quality'
import { qualityText } from '../../../../src/renderer/src/i18n/messages/quality'
import { chatText } from '../../../../src/renderer/src/i18n/messages/chat'

describe('quality figures in the reader’s locale', () => {
  it('formats round-trip times, with a decimal only for small ones', () => {
    expect(formatMilliseconds(0.4, 'en')).toBe('0.4 ms')
    expect(formatMilliseconds(123.6, 'en')).toBe('124 ms')
    expect(formatMilliseconds(1234, 'ko')).toMatch(/^1,234\s?ms$/)
  })

  it('formats bitrates in kb/s below a megabit and Mb/s above', () => {
    expect(formatBitrate(518_000, 'en')).toBe('518 kb/s')
    expect(formatBitrate(1_250_000, 'en')).toBe('1.3 Mb/s')
  })

  it('formats loss as a percentage and resolutions without grouping', () => {
    expect(formatPercent(2.5, 'en')).toBe('2.5%')
    expect(formatPercent(0, 'ko')).toBe('0%')
    expect(formatResolution(1920, 1080, 'en')).toBe('1920×1080')
  })
})

describe('chat and quality catalogs', () => {
  it('explain every candidate type in plain words in both languages', () => {
    for (const catalog of [qualityText.catalogs.en, qualityText.catalogs.ko]) {
      expect(Object.keys(catalog.candidateMeaning).sort()).toEqual(['host', 'prflx', 'relay', 'srflx'])
      expect(Object.keys(catalog.theirCandidateMeaning).sort()).toEqual(['host', 'prflx', 'relay', 'srflx'])
    }
    expect(qualityText.catalogs.en.candidateMeaning.host).toBe('direct on your network')
    expect(qualityText.catalogs.en.candidateMeaning.srflx).toBe("through your router's public address")
    expect(qualityText.catalogs.en.candidateMeaning.relay).toBe('through a relay server')
    expect(qualityText.catalogs.en.theirCandidateMeaning.srflx).toBe("through their router's public address")
  })

  it('have Korean text for every chat string, not English left in place', () => {
    expect(chatText.catalogs.ko.send).toBe('보내기')
    expect(chatText.catalogs.ko.toggle).toBe('채팅')
    expect(chatText.catalogs.ko.unread('3')).toContain('3')
    expect(chatText.catalogs.ko.closed).not.toBe(chatText.catalogs.en.closed)
  })
})
