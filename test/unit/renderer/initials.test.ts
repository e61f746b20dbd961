import { describe, expect, it } from 'vitest'
import { initialsOf } from '../../../src/renderer/src/call/initials'

describe('initialsOf', () => {
  it('takes the first letter of the first and the last word, in capitals', () => {
    expect(initialsOf('minji kim')).toBe('MK')
    expect(initialsOf('Minji Seo-yeon Kim')).toBe('MK')
  })

  it('takes one letter from a single word', () => {
    expect(initialsOf('Minji')).toBe('M')
  })

  it('takes the first syllable of a Korean name written without spaces', () => {
    expect(initialsOf('김민지')).toBe('김')
  })

  it('keeps a character drawn from several code points whole', () => {
    expect(initialsOf('👩🏽‍💻 Dev')).toBe('👩🏽‍💻D')
    expect(initialsOf('e\u0301lodie')).toBe('E\u0301')
  })

  it('gives nothing for no name', () => {
    expect(initialsOf('')).toBe('')
    expect(initialsOf('   ')).toBe('')
  })
})
