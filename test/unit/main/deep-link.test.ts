import { describe, expect, it } from 'vitest'
import { findDeepLinkArg, MAX_DEEP_LINK_LENGTH, parseDeepLink } from '../../../src/main/deep-link'
import { formatRoomCode, generateRoomCode, parseRoomCode, roomCodeFromBody } from '../../../src/shared/room-code'

const CODE = '7KD93QFXZ5'
/** Codes with a 0, a 1 and an S, for the characters people (and Unicode) can spell another way. */
const WITH_ZERO = roomCodeFromBody('70D93QFXZ')
const WITH_ONE = roomCodeFromBody('1KD93QFXZ')
const WITH_S = roomCodeFromBody('7KD93QSXZ')

describe('parseDeepLink accepts', () => {
  it.each([
    [`tonghwa://call/${CODE}`, { kind: 'call', code: CODE }],
    [`tonghwa://join/${CODE}`, { kind: 'join', room: CODE }],
    [`tonghwa://call/7KD-93QF-XZ5`, { kind: 'call', code: CODE }],
    [`tonghwa://join/7kd93qfxz5`, { kind: 'join', room: CODE }],
    [`tonghwa://call/7KD%2D93QF%2DXZ5`, { kind: 'call', code: CODE }],
    [`tonghwa://call/${CODE}/`, { kind: 'call', code: CODE }],
    [`TONGHWA://call/${CODE}`, { kind: 'call', code: CODE }],
    [`Tonghwa://CALL/${CODE}`, { kind: 'call', code: CODE }],
    // Crockford reading of what people type: O is 0, I and L are 1.
    [`tonghwa://call/${WITH_ZERO.replace('0', 'O')}`, { kind: 'call', code: WITH_ZERO }],
    [`tonghwa://call/${WITH_ONE.replace('1', 'l')}`, { kind: 'call', code: WITH_ONE }],
  ])('%s', (url, link) => {
    expect(parseDeepLink(url)).toEqual({ ok: true, link })
  })

  it('any generated code, in either form', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateRoomCode()
      expect(parseDeepLink(`tonghwa://call/${formatRoomCode(code)}`)).toEqual({ ok: true, link: { kind: 'call', code } })
    }
  })
})

describe('parseDeepLink refuses', () => {
  it.each([
    ['the empty string', ''],
    ['another scheme', `https://call/${CODE}`],
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: posing as a call', `javascript://call/${CODE}`],
    ['a look-alike scheme (Cyrillic а)', `tonghw\u0430://call/${CODE}`],
    ['no slashes after the scheme', `tonghwa:call/${CODE}`],
    ['one slash after the scheme', `tonghwa:/call/${CODE}`],
    ['an unknown action', `tonghwa://open/${CODE}`],
    ['an action with a percent-escape', `tonghwa://c%61ll/${CODE}`],
    ['no code', 'tonghwa://call/'],
    ['no path at all', 'tonghwa://call'],
    ['a code with a typo', 'tonghwa://call/7KD93QFXZ6'],
    ['a code too short', 'tonghwa://call/7KD93'],
    ['path traversal', 'tonghwa://call/../../etc'],
    ['encoded path traversal', 'tonghwa://call/..%2F..%2Fetc'],
    ['a second segment', `tonghwa://call/${CODE}/extra`],
    ['two trailing slashes', `tonghwa://call/${CODE}//`],
    ['a NUL byte, encoded', 'tonghwa://join/%00'],
    ['a NUL byte after a code, encoded', `tonghwa://join/${CODE}%00`],
    ['a raw NUL byte', `tonghwa://join/${CODE}\u0000`],
    ['a newline, raw', `tonghwa://call/${CODE}\n`],
    ['a tab inside the code', `tonghwa://call/7KD\t93QFXZ5`],
    ['a leading space', ` tonghwa://call/${CODE}`],
    ['an encoded newline', `tonghwa://call/${CODE}%0A`],
    ['a malformed escape', 'tonghwa://call/%E0%A4%A'],
    ['a double-encoded slash', 'tonghwa://call/7KD%252F93QFXZ5'],
    ['a query', `tonghwa://call/${CODE}?x=y`],
    ['an empty query', `tonghwa://call/${CODE}?`],
    ['a fragment', `tonghwa://call/${CODE}#x`],
    ['credentials', `tonghwa://user:pass@call/${CODE}`],
    ['a user name', `tonghwa://user@call/${CODE}`],
    ['a port', `tonghwa://call:8080/${CODE}`],
    ['a backslash', `tonghwa://call/${CODE}\\`],
    ['fullwidth digits', `tonghwa://call/\uff17KD93QFXZ5`],
    ['a dotless ı that would upper-case to I, read as 1', `tonghwa://call/${WITH_ONE.replace('1', '\u0131')}`],
    ['an encoded dotless ı', `tonghwa://call/%C4%B1${WITH_ONE.slice(1)}`],
    ['a long s that would upper-case to S', `tonghwa://call/${WITH_S.replace('S', '\u017f')}`],
    ['a right-to-left override', `tonghwa://call/\u202e${CODE}`],
    ['a huge link', `tonghwa://call/${CODE}${'A'.repeat(10_000)}`],
    ['a link one character past the limit', `tonghwa://call/${'-'.repeat(MAX_DEEP_LINK_LENGTH)}`],
  ])('%s', (_, url) => {
    const result = parseDeepLink(url)
    expect(result.ok).toBe(false)
  })

  it('refuses Unicode spellings of a code that parseRoomCode alone would read as valid', () => {
    for (const lookAlike of [WITH_ONE.replace('1', '\u0131'), WITH_S.replace('S', '\u017f')]) {
      expect(parseRoomCode(lookAlike).ok).toBe(true)
      expect(parseDeepLink(`tonghwa://call/${lookAlike}`).ok).toBe(false)
      expect(parseDeepLink(`tonghwa://call/${encodeURIComponent(lookAlike)}`).ok).toBe(false)
    }
  })

  it('says why without repeating the link', () => {
    const hostile = `tonghwa://call/<script>alert(1)</script>`
    const result = parseDeepLink(hostile)
    expect(result).toEqual({ ok: false, problem: 'not-a-link', reason: expect.any(String) })
    expect(result.ok === false && result.reason).not.toContain('<script>')
  })

  it.each([
    ['a link with no code', 'tonghwa://call/', 'no-code'],
    ['a link that is neither call nor join', `tonghwa://dial/${CODE}`, 'unknown-kind'],
    ['a code with a typo', 'tonghwa://join/7KD93QFXZ4', 'bad-code'],
    ['a code of the wrong length', 'tonghwa://call/7KD93', 'bad-code'],
    ['another scheme', `https://call/${CODE}`, 'not-a-link'],
  ])('names %s as the problem the person is told about', (_, url, problem) => {
    expect(parseDeepLink(url)).toMatchObject({ ok: false, problem })
  })

  it.each([null, undefined, 42, {}, ['tonghwa://call/' + CODE]])('a value that is not a string: %j', (value) => {
    expect(parseDeepLink(value).ok).toBe(false)
  })
})

describe('findDeepLinkArg', () => {
  it('finds the link among the arguments Chromium and the OS pass', () => {
    const link = `tonghwa://call/${CODE}`
    expect(findDeepLinkArg(['/opt/Tonghwa/tonghwa', '--original-process-start-time=1', link])).toBe(link)
    expect(findDeepLinkArg(['C:\\Tonghwa\\Tonghwa.exe', `TONGHWA://join/${CODE}`])).toBe(`TONGHWA://join/${CODE}`)
  })

  it('returns null when there is none, and never takes a switch for a link', () => {
    expect(findDeepLinkArg(['/usr/bin/tonghwa', '--server-url=ws://127.0.0.1:4780/signal'])).toBeNull()
    expect(findDeepLinkArg(['/usr/bin/tonghwa', `--x=tonghwa://call/${CODE}`])).toBeNull()
    expect(findDeepLinkArg([])).toBeNull()
  })
})
