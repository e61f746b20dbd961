import { afterEach, describe, expect, it } from 'vitest'
import { setCurrentLocale } from '../../../../src/renderer/src/i18n/current-locale.svelte'
import { defineMessages } from '../../../../src/renderer/src/i18n/define-messages'

const sample = defineMessages({
  en: { hangUp: 'Hang up', callWith: (name: string) => `Call with ${name}` },
  ko: { hangUp: '통화 종료', callWith: (name: string) => `${name} 님과 통화` },
})

afterEach(() => setCurrentLocale('en'))

describe('defineMessages', () => {
  it('reads the catalog of the current locale at every call', () => {
    expect(sample().hangUp).toBe('Hang up')
    setCurrentLocale('ko')
    expect(sample().hangUp).toBe('통화 종료')
    expect(sample().callWith('민지')).toBe('민지 님과 통화')
  })
})
