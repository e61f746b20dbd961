import { describe, expect, it } from 'vitest'
import { DEEP_LINK_SCHEME, parseDeepLink } from '../../../src/main/deep-link'
import { buildInvite, INVITE_LINK_SCHEME } from '../../../src/shared/invite'
import type { RoomCode } from '../../../src/shared/room-code'

const CODE = '7KD93QFXZ5' as RoomCode
const SERVER = 'wss://signal.example.org/signal'

describe('a tonghwa://join link that names the server', () => {
  it('carries the server, percent-encoded, as the invitation writes it', () => {
    const { appLink } = buildInvite(CODE, SERVER)
    expect(appLink).toBe('tonghwa://join/7KD-93QF-XZ5?server=wss%3A%2F%2Fsignal.example.org%2Fsignal')
    expect(parseDeepLink(appLink)).toEqual({ ok: true, link: { kind: 'join', room: CODE, server: SERVER } })
  })

  it('takes the server written without escapes too, and a port', () => {
    expect(parseDeepLink(`tonghwa://join/${CODE}?server=wss://signal.example.org:8443/signal`)).toEqual({
      ok: true,
      link: { kind: 'join', room: CODE, server: 'wss://signal.example.org:8443/signal' },
    })
  })

  it('takes ws:// to this machine (a server on loopback)', () => {
    expect(parseDeepLink(`tonghwa://join/${CODE}?server=${encodeURIComponent('ws://127.0.0.1:4780/signal')}`)).toMatchObject({ ok: true, link: { server: 'ws://127.0.0.1:4780/signal' } })
  })

  it.each([
    ['ws:// to another machine', 'ws://signal.example.org/signal'],
    ['https:// instead of wss://', 'https://signal.example.org/'],
    ['credentials in the server', 'wss://user:pass@signal.example.org/signal'],
    ['something that is not an address', 'not a server'],
    ['a server with a Unicode look-alike, encoded', 'wss://signаl.example.org/signal'],
    ['a server with a control character, encoded', 'wss://signal.example.org/\nsignal'],
    ['a malformed escape', '%E0%A4%A'],
  ])('refuses %s as bad-server', (_, server) => {
    const encoded = server.startsWith('%') ? server : encodeURIComponent(server)
    expect(parseDeepLink(`tonghwa://join/${CODE}?server=${encoded}`)).toMatchObject({ ok: false, problem: 'bad-server' })
  })

  it.each([
    ['a call link with a server', `tonghwa://call/${CODE}?server=${encodeURIComponent(SERVER)}`],
    ['another query key', `tonghwa://join/${CODE}?host=${encodeURIComponent(SERVER)}`],
    ['two queries', `tonghwa://join/${CODE}?server=${encodeURIComponent(SERVER)}&server=${encodeURIComponent(SERVER)}`],
    ['two question marks', `tonghwa://join/${CODE}?server=a?b`],
    ['an empty server', `tonghwa://join/${CODE}?server=`],
    ['a fragment after the server', `tonghwa://join/${CODE}?server=${encodeURIComponent(SERVER)}#x`],
    ['an encoded fragment in the server', `tonghwa://join/${CODE}?server=${encodeURIComponent(`${SERVER}#x`)}`],
  ])('refuses %s', (_, url) => {
    expect(parseDeepLink(url).ok).toBe(false)
  })

  it('never repeats the server in the reason', () => {
    const result = parseDeepLink(`tonghwa://join/${CODE}?server=${encodeURIComponent('ws://evil.example/<script>')}`)
    expect(result.ok === false && result.reason).not.toContain('evil')
  })

  it('uses the scheme main registers', () => {
    expect(INVITE_LINK_SCHEME).toBe(DEEP_LINK_SCHEME)
  })
})
