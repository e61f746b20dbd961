import { describe, expect, it } from 'vitest'
import {
  formatRoomCode,
  generateRoomCode,
  isRoomCode,
  normalizeRoomCode,
  parseRoomCode,
  ROOM_CODE_ALPHABET,
  ROOM_CODE_LENGTH,
  roomCodeFromBody,
  type RoomCode,
} from '../../../src/shared/room-code'

/** The one check character that makes `body` (9 characters) a valid code, found through the parser itself. */
function completeCode(body: string): RoomCode {
  for (const check of ROOM_CODE_ALPHABET) {
    const result = parseRoomCode(body + check)
    if (result.ok) return result.code
  }
  throw new Error(`no check character completes ${body}`)
}

const FIXED_CODES = [completeCode('7KD93QFX2'), completeCode('000000000'), completeCode('ZZZZZZZZZ'), completeCode('0123456789'.slice(0, 9))]
const CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{10}$/

function problemOf(input: unknown): string | undefined {
  const result = parseRoomCode(input)
  return result.ok ? undefined : result.problem
}

describe('the room code alphabet', () => {
  it('is Crockford base32: 32 symbols without I, L, O or U', () => {
    expect(ROOM_CODE_ALPHABET).toHaveLength(32)
    expect(new Set(ROOM_CODE_ALPHABET).size).toBe(32)
    expect(ROOM_CODE_ALPHABET).not.toMatch(/[ILOU]/)
    expect(ROOM_CODE_LENGTH).toBe(10)
  })
})

describe('generateRoomCode', () => {
  it('makes canonical 10-character codes that pass their own check', () => {
    for (let i = 0; i < 500; i++) {
      const code = generateRoomCode()
      expect(code).toMatch(CODE_PATTERN)
      expect(isRoomCode(code)).toBe(true)
      expect(parseRoomCode(code)).toEqual({ ok: true, code })
    }
  })

  it('makes distinct codes over a sample of 10,000', () => {
    expect(new Set(Array.from({ length: 10_000 }, generateRoomCode)).size).toBe(10_000)
  })

  it('uses every symbol at every random position', () => {
    const seen = Array.from({ length: ROOM_CODE_LENGTH - 1 }, () => new Set<string>())
    for (let i = 0; i < 2_000; i++) [...generateRoomCode()].slice(0, -1).forEach((char, position) => seen[position]!.add(char))
    for (const symbols of seen) expect(symbols.size).toBe(32)
  })
})

describe('normalizeRoomCode', () => {
  it('upper-cases and drops spaces, dashes, dots and underscores', () => {
    expect(normalizeRoomCode(' 7kd-93qf_x2a. ')).toBe('7KD93QFX2A')
    expect(normalizeRoomCode('7KD 93QF\tX2A')).toBe('7KD93QFX2A')
  })

  it('reads O as 0 and I or L as 1, in either case', () => {
    expect(normalizeRoomCode('oOiIlL')).toBe('001111')
  })

  it('does not validate', () => {
    expect(normalizeRoomCode('u!')).toBe('U!')
  })
})

describe('parseRoomCode', () => {
  it('accepts codes as people type them: lower case, separators, and look-alike letters', () => {
    for (const code of FIXED_CODES) {
      expect(parseRoomCode(code.toLowerCase())).toEqual({ ok: true, code })
      expect(parseRoomCode(formatRoomCode(code))).toEqual({ ok: true, code })
      expect(parseRoomCode(` ${code.slice(0, 5)} ${code.slice(5)} `)).toEqual({ ok: true, code })
    }
    const withZeros = completeCode('000000000')
    expect(parseRoomCode(withZeros.replace(/0/g, 'o'))).toEqual({ ok: true, code: withZeros })
    const withOnes = completeCode('111111111')
    expect(parseRoomCode(withOnes.replace(/1/g, 'l'))).toEqual({ ok: true, code: withOnes })
    expect(parseRoomCode(withOnes.replace(/1/g, 'I'))).toEqual({ ok: true, code: withOnes })
  })

  it('calls nothing, blanks and separators alone empty', () => {
    for (const input of ['', '   ', '--', undefined, null, 42]) expect(problemOf(input)).toBe('empty')
  })

  it('calls a code with fewer than 10 characters too short', () => {
    expect(problemOf('7KD')).toBe('too-short')
    expect(problemOf(FIXED_CODES[0]!.slice(0, 9))).toBe('too-short')
  })

  it('calls a code with more than 10 characters too long', () => {
    expect(problemOf(`${FIXED_CODES[0]!}0`)).toBe('too-long')
  })

  it('calls any character outside the alphabet a bad character, whatever the length', () => {
    for (const input of ['7KD93QFX2U', '7KD93QFX2!', 'ÉÉ', '7KD93QFX2A€', 'U']) expect(problemOf(input)).toBe('bad-character')
  })

  it('catches every single-character typo, at every position', () => {
    for (const code of [...FIXED_CODES, generateRoomCode()]) {
      for (let position = 0; position < ROOM_CODE_LENGTH; position++) {
        for (const wrong of ROOM_CODE_ALPHABET) {
          if (wrong === code[position]) continue
          const typo = code.slice(0, position) + wrong + code.slice(position + 1)
          expect(problemOf(typo), `${typo} (position ${position})`).toBe('typo')
        }
      }
    }
  })

  it('catches every swap of neighbouring characters except 0 and Z, the one pair Luhn mod 32 cannot see', () => {
    const undetectable = (a: string, b: string) => (a === '0' && b === 'Z') || (a === 'Z' && b === '0')
    const swap = (code: string, i: number) => code.slice(0, i) + code[i + 1]! + code[i]! + code.slice(i + 2)
    // Every pair at every position inside the random part.
    for (let i = 0; i < ROOM_CODE_LENGTH - 2; i++) {
      for (const a of ROOM_CODE_ALPHABET) {
        for (const b of ROOM_CODE_ALPHABET) {
          if (a === b || undetectable(a, b)) continue
          const code = completeCode(`${'0'.repeat(i)}${a}${b}`.padEnd(ROOM_CODE_LENGTH - 1, '0'))
          expect(problemOf(swap(code, i)), `${code} with positions ${i} and ${i + 1} swapped`).toBe('typo')
        }
      }
    }
    // The last random character swapped with the check character, over 1,024 different endings.
    for (const a of ROOM_CODE_ALPHABET) {
      for (const b of ROOM_CODE_ALPHABET) {
        const code = completeCode(`0000000${a}${b}`)
        const last = ROOM_CODE_LENGTH - 2
        if (code[last] === code[last + 1] || undetectable(code[last]!, code[last + 1]!)) continue
        expect(problemOf(swap(code, last)), `${code} with the check character swapped`).toBe('typo')
      }
    }
  })

  it('gives a message a person can act on for every problem', () => {
    for (const input of ['', '7KD', `${FIXED_CODES[0]!}0`, 'U', `${FIXED_CODES[0]!.slice(0, 9)}${FIXED_CODES[0]!.endsWith('0') ? '1' : '0'}`]) {
      const result = parseRoomCode(input)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.message).toMatch(/[A-Z].*\.$/)
    }
  })
})

describe('the worked example in docs/protocol.md', () => {
  it('gives body 7KD93QFXZ the check symbol 5', () => {
    expect(parseRoomCode('7kd-93qf-xz5')).toEqual({ ok: true, code: '7KD93QFXZ5' })
    expect(completeCode('7KD93QFXZ')).toBe('7KD93QFXZ5')
  })
})

describe('isRoomCode', () => {
  it('accepts only the canonical form that travels on the wire', () => {
    const code = FIXED_CODES[0]!
    expect(isRoomCode(code)).toBe(true)
    expect(isRoomCode(code.toLowerCase())).toBe(false)
    expect(isRoomCode(formatRoomCode(code))).toBe(false)
    expect(isRoomCode(` ${code}`)).toBe(false)
    expect(isRoomCode(1234567890)).toBe(false)
  })

  it('rejects a code whose check character is wrong', () => {
    const code = FIXED_CODES[1]!
    expect(isRoomCode(code.slice(0, 9) + (code.endsWith('1') ? '2' : '1'))).toBe(false)
  })
})

describe('formatRoomCode', () => {
  it('groups the code as xxx-xxxx-xxx for display', () => {
    expect(formatRoomCode('7KD93QFX2A' as RoomCode)).toBe('7KD-93QF-X2A')
    for (const code of FIXED_CODES) expect(formatRoomCode(code)).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{3}$/)
  })
})

describe('roomCodeFromBody', () => {
  it('completes a body with the check character the parser expects', () => {
    for (const code of FIXED_CODES) expect(roomCodeFromBody(code.slice(0, 9))).toBe(code)
    for (let i = 0; i < 200; i++) {
      const code = generateRoomCode()
      expect(roomCodeFromBody(code.slice(0, 9))).toBe(code)
    }
  })

  it('completes the worked example of docs/protocol.md', () => {
    expect(roomCodeFromBody('7KD93QFXZ')).toBe('7KD93QFXZ5')
  })

  it.each([['too short', '7KD93QFX'], ['too long', '7KD93QFXZ5'], ['lower case', '7kd93qfxz'], ['a letter outside the alphabet', '7KD93QFXU']])(
    'refuses a body that is %s with a RangeError',
    (_name, body) => {
      expect(() => roomCodeFromBody(body)).toThrow(RangeError)
    },
  )
})
