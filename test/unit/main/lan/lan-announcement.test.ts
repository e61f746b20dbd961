import { describe, expect, it } from 'vitest'
import type { Packet } from 'dns-packet'
import { announcementRecords, goodbyeRecords, instanceName, readAnnouncements, LAN_SERVICE } from '../../../../src/main/lan/lan-announcement'

const own = { id: 'abcdefghjk12', port: 47_911, salt: 'AAAAAAAAAAAAAAAAAAAAAA', addresses: ['10.77.0.2'] }

function response(answers: Packet['answers']): Packet {
  return { type: 'response', answers, additionals: [] }
}

describe('LAN announcements', () => {
  it('reads back what an app announces, at the address the packet came from, not the A record it names', () => {
    const read = readAnnouncements(response(announcementRecords(own)), '10.77.0.9')
    expect(read).toEqual({ instances: [{ id: own.id, address: '10.77.0.9', port: 47_911, salt: own.salt, version: 1 }], goodbyes: [] })
  })

  it('gives each app a host name of its own, so apps on computers with the same host name do not collide', () => {
    const srv = announcementRecords(own).find((record) => record.type === 'SRV')
    expect(srv?.data).toMatchObject({ target: 'tonghwa-abcdefghjk12.local', port: 47_911 })
  })

  it('reads a goodbye as the instance leaving', () => {
    expect(readAnnouncements(response(goodbyeRecords(own)), '10.77.0.9')).toEqual({ instances: [], goodbyes: [own.id] })
  })

  it('skips announcements that are malformed, of another service, or whose name and id disagree', () => {
    const good = announcementRecords(own)
    const withTxt = (txt: string[]) => good.map((record) => (record.type === 'TXT' ? { ...record, data: txt } : record))
    const cases: Packet['answers'][] = [
      withTxt(['v=1', 'id=abcdefghjk12']), // no salt
      withTxt(['v=1', 'id=ABCDEFGHJK12', `salt=${own.salt}`]), // id not lower-case base32
      withTxt(['v=one', 'id=abcdefghjk12', `salt=${own.salt}`]),
      withTxt(['v=1', 'id=zzzzzzzzzzzz', `salt=${own.salt}`]), // the name says another id
      good.map((record) => (record.type === 'SRV' ? { ...record, data: { ...record.data, port: 0 } } : record)),
      good.map((record) => (record.type === 'PTR' ? { ...record, name: '_http._tcp.local' } : record)),
      good.filter((record) => record.type !== 'TXT'),
    ]
    for (const answers of cases) expect(readAnnouncements(response(answers), '10.77.0.9').instances).toEqual([])
  })

  it('takes the first of repeated TXT keys and ignores the rest, and names compare case-insensitively', () => {
    const answers = announcementRecords(own).map((record) => {
      if (record.type === 'TXT') return { ...record, data: ['v=1', `id=${own.id}`, `salt=${own.salt}`, 'salt=BBBBBBBBBBBBBBBBBBBBBB'] }
      if (record.type === 'PTR') return { ...record, name: LAN_SERVICE.toUpperCase() }
      return record
    })
    expect(readAnnouncements(response(answers), '10.77.0.9').instances[0]?.salt).toBe(own.salt)
  })

  it('names instances under the service', () => {
    expect(instanceName(own.id)).toBe('Tonghwa-abcdefghjk12._tonghwa._tcp.local')
  })
})
