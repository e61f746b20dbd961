import { describe, expect, it } from 'vitest'
import { isLanguagePreference, resolveLocale } from '../../../src/shared/language'

describe('resolveLocale', () => {
  it('uses the language the person chose, whatever the system says', () => {
    expect(resolveLocale('ko', ['en-US'])).toBe('ko')
    expect(resolveLocale('en', ['ko-KR'])).toBe('en')
  })

  it('follows the first system language the app has', () => {
    expect(resolveLocale('system', ['ko-KR', 'en-US'])).toBe('ko')
    expect(resolveLocale('system', ['ja-JP', 'ko'])).toBe('ko')
    expect(resolveLocale('system', ['en-GB', 'ko-KR'])).toBe('en')
    expect(resolveLocale('system', ['KO_kr'])).toBe('ko')
  })

  it('falls back to English when the system has none of the app languages', () => {
    expect(resolveLocale('system', ['ja-JP', 'fr'])).toBe('en')
    expect(resolveLocale('system', [])).toBe('en')
  })
})

describe('isLanguagePreference', () => {
  it('accepts system, en and ko and nothing else', () => {
    expect(['system', 'en', 'ko'].every(isLanguagePreference)).toBe(true)
    expect([undefined, null, 'fr', 'KO', '', 1, {}].some(isLanguagePreference)).toBe(false)
  })
})
