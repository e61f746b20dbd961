import { describe, expect, it } from 'vitest'
import {
  DisplayNameError,
  isDisplayName,
  MAX_DISPLAY_NAME_INPUT_LENGTH,
  MAX_DISPLAY_NAME_LENGTH,
  parseDisplayName,
} from '../../../src/shared/display-name'
import { commandArgs } from '../../../src/shared/ipc-contract'

describe('parseDisplayName', () => {
  it('keeps a plain name as it is, in any script', () => {
    expect(parseDisplayName('Minji Kim')).toEqual({ ok: true, name: 'Minji Kim' })
    expect(parseDisplayName('김민지')).toEqual({ ok: true, name: '김민지' })
  })

  it('takes the empty string, and white space alone, as no name', () => {
    expect(parseDisplayName('')).toEqual({ ok: true, name: '' })
    expect(parseDisplayName('   \t ')).toEqual({ ok: true, name: '' })
  })

  it('trims the ends and folds runs of white space and control characters into one space', () => {
    expect(parseDisplayName('  Minji \n\r\t  Kim  ')).toEqual({ ok: true, name: 'Minji Kim' })
    expect(parseDisplayName('Min\u0000ji\u0085Kim')).toEqual({ ok: true, name: 'Min ji Kim' })
  })

  it('drops direction overrides and invisible characters that could make one name pass for another', () => {
    expect(parseDisplayName('Min\u202eij\u202c')).toEqual({ ok: true, name: 'Minij' })
    expect(parseDisplayName('Min\u200bji\u2066\u2069\ufeff')).toEqual({ ok: true, name: 'Minji' })
  })

  it(`accepts ${MAX_DISPLAY_NAME_LENGTH} characters counted as a person counts them, and refuses one more with DISPLAY_NAME_ERR_TOO_LONG`, () => {
    const emoji = '😀'.repeat(MAX_DISPLAY_NAME_LENGTH)
    expect(emoji.length).toBe(2 * MAX_DISPLAY_NAME_LENGTH)
    expect(parseDisplayName(emoji)).toEqual({ ok: true, name: emoji })
    expect(parseDisplayName('가'.repeat(MAX_DISPLAY_NAME_LENGTH + 1))).toEqual({ ok: false, code: DisplayNameError.TooLong })
  })

  it('refuses a huge input before tidying it, even if it would tidy down to nothing', () => {
    expect(parseDisplayName(' '.repeat(MAX_DISPLAY_NAME_INPUT_LENGTH + 1))).toEqual({ ok: false, code: DisplayNameError.TooLong })
  })

  it('refuses what is not a string with DISPLAY_NAME_ERR_NOT_TEXT', () => {
    for (const value of [undefined, null, 42, true, ['Minji'], { name: 'Minji' }]) {
      expect(parseDisplayName(value)).toEqual({ ok: false, code: DisplayNameError.NotText })
    }
  })

  it('says a name is already tidy only when parsing would keep it unchanged', () => {
    expect(isDisplayName('Minji')).toBe(true)
    expect(isDisplayName('')).toBe(true)
    expect(isDisplayName(' Minji')).toBe(false)
    expect(isDisplayName('x'.repeat(MAX_DISPLAY_NAME_LENGTH + 1))).toBe(false)
    expect(isDisplayName(7)).toBe(false)
  })
})

describe('the settings:set-display-name argument check', () => {
  const check = commandArgs['settings:set-display-name']

  it('passes the tidied name on to main', () => {
    expect(check(['  Minji\nKim '])).toEqual({ ok: true, args: ['Minji Kim'] })
    expect(check([''])).toEqual({ ok: true, args: [''] })
  })

  it('refuses a name too long, a value that is not text, and the wrong number of arguments', () => {
    for (const args of [['x'.repeat(MAX_DISPLAY_NAME_LENGTH + 1)], [42], [], ['Minji', 'extra']]) {
      expect(check(args)).toMatchObject({ ok: false })
    }
  })
})
