import { describe, expect, it } from 'vitest'
import { AppInbox, DeepLinkNoticeCode, MAX_PENDING_LINKS, MAX_PENDING_NOTICES, sameNotice } from '../../../src/main/app-inbox'
import type { BridgeEvents } from '../../../src/shared/ipc-contract'
import type { DeepLink, StructuredNotice } from '../../../src/shared/phone'
import { generateRoomCode } from '../../../src/shared/room-code'

type Sent = { channel: keyof BridgeEvents; payload: unknown }

function window(inbox: AppInbox, id: number): Sent[] {
  const sent: Sent[] = []
  inbox.attach(id, (channel, payload) => void sent.push({ channel, payload }))
  return sent
}

const call = (): DeepLink => ({ kind: 'call', code: generateRoomCode() })
const notice = (n: number): StructuredNotice => ({ code: 'STORE_NOTICE_RECOVERED', list: 'contacts', path: '/data/contacts.json', backupPath: `backup ${n}` })

describe('AppInbox', () => {
  it('keeps links and notices until a window asks for them, then hands them over once', () => {
    const inbox = new AppInbox({ log: () => {} })
    const link = call()
    inbox.openLink(link)
    inbox.notify(notice(1))
    const sent = window(inbox, 1)
    expect(sent).toEqual([])
    expect(inbox.take(1)).toEqual({ links: [link], notices: [notice(1)] })
    expect(inbox.take(1)).toEqual({ links: [], notices: [] })
  })

  it('sends to a window once its page has asked: a link to the window focused last, a notice to every listening window', () => {
    const inbox = new AppInbox({ log: () => {} })
    const first = window(inbox, 1)
    const second = window(inbox, 2)
    inbox.take(1)
    inbox.take(2)
    inbox.focus(1)
    const link = call()
    inbox.openLink(link)
    inbox.notify(notice(1))
    expect(first).toEqual([
      { channel: 'app:open-link', payload: link },
      { channel: 'app:notice', payload: notice(1) },
    ])
    expect(second).toEqual([{ channel: 'app:notice', payload: notice(1) }])
  })

  it('skips a window whose page has not asked yet', () => {
    const inbox = new AppInbox({ log: () => {} })
    const ready = window(inbox, 1)
    inbox.take(1)
    const loading = window(inbox, 2)
    inbox.openLink(call())
    expect(ready).toHaveLength(1)
    expect(loading).toEqual([])
  })

  it('queues again once the listening window is gone', () => {
    const inbox = new AppInbox({ log: () => {} })
    window(inbox, 1)
    inbox.take(1)
    inbox.detach(1)
    expect(inbox.hasListener()).toBe(false)
    const link = call()
    inbox.openLink(link)
    window(inbox, 2)
    expect(inbox.take(2).links).toEqual([link])
  })

  it(`keeps only the newest ${MAX_PENDING_LINKS} links and ${MAX_PENDING_NOTICES} notices, and a repeated notice once`, () => {
    const inbox = new AppInbox({ log: () => {} })
    const links = Array.from({ length: MAX_PENDING_LINKS + 3 }, call)
    for (const link of links) inbox.openLink(link)
    for (let n = 0; n < MAX_PENDING_NOTICES + 3; n++) inbox.notify(notice(n))
    inbox.notify(notice(MAX_PENDING_NOTICES + 2))
    window(inbox, 1)
    const pending = inbox.take(1)
    expect(pending.links).toEqual(links.slice(-MAX_PENDING_LINKS))
    expect(pending.notices.map((n) => ('backupPath' in n ? n.backupPath : null))).toEqual(Array.from({ length: MAX_PENDING_NOTICES }, (_, i) => `backup ${i + 3}`))
  })

  it('parses a link from the OS and hands over what it asks for', () => {
    const inbox = new AppInbox({ log: () => {} })
    inbox.openUrl('tonghwa://join/7KD-93QF-XZ5')
    window(inbox, 1)
    expect(inbox.take(1).links).toEqual([{ kind: 'join', room: '7KD93QFXZ5' }])
  })

  it('answers a link it cannot use with a notice that does not repeat the link', () => {
    const logs: string[] = []
    const inbox = new AppInbox({ log: (message) => logs.push(message) })
    inbox.openUrl('tonghwa://call/<img src=x onerror=alert(1)>')
    window(inbox, 1)
    const { links, notices } = inbox.take(1)
    expect(links).toEqual([])
    expect(notices).toEqual([{ code: DeepLinkNoticeCode.Invalid, problem: 'not-a-link' }])
    expect(JSON.stringify(notices)).not.toContain('<img')
    expect(logs.join('\n')).not.toContain('<img')
  })

  it('sends a structured notice, not a sentence, naming what is wrong with the link for the window to word', () => {
    const cases = [
      ['tonghwa://call/', 'no-code'],
      ['tonghwa://dial/7KD-93QF-XZ5', 'unknown-kind'],
      ['tonghwa://join/7KD-93QF-XZ4', 'bad-code'],
      ['https://example.org/', 'not-a-link'],
    ] as const
    const inbox = new AppInbox({ log: () => {} })
    for (const [url] of cases) inbox.openUrl(url)
    expect(inbox.raised()).toEqual(cases.map(([, problem]) => ({ code: DeepLinkNoticeCode.Invalid, problem })))
  })

  it('keeps two notices with the same code and different values, and one of two identical ones', () => {
    const inbox = new AppInbox({ log: () => {} })
    inbox.notify(notice(1))
    inbox.notify(notice(2))
    inbox.notify(notice(1))
    window(inbox, 1)
    expect(inbox.take(1).notices).toEqual([notice(1), notice(2)])
    expect(sameNotice(notice(1), notice(1))).toBe(true)
    expect(sameNotice(notice(1), notice(2))).toBe(false)
    expect(sameNotice({ code: 'PHONE_NOTICE_REPLACED' }, { code: 'PHONE_NOTICE_REGISTRATION_REFUSED' })).toBe(false)
  })
})
