import { afterEach, describe, expect, it } from 'vitest'
import { currentLocale, setCurrentLocale } from '../../../src/renderer/src/i18n/current-locale.svelte'
import { homeText } from '../../../src/renderer/src/i18n/messages/home'
import { LanguageState } from '../../../src/renderer/src/state/language.svelte'
import { loadLanguageSettings, saveLanguage, LANGUAGE_KEY } from '../../../src/renderer/src/bridge/web-language-settings'
import { FakeBridge } from '../../support/fake-bridge'

afterEach(() => setCurrentLocale('en'))

describe('LanguageState', () => {
  it('follows the browser languages at once, then the system languages main reports', async () => {
    const bridge = new FakeBridge()
    bridge.systemLanguages = ['en-US']
    const language = new LanguageState({ bridge, initialSystemLanguages: ['ko-KR'] })
    expect(currentLocale()).toBe('ko')
    await language.load()
    expect(language.preference).toBe('system')
    expect(currentLocale()).toBe('en')
  })

  it('uses the remembered choice over the system language', async () => {
    const bridge = new FakeBridge()
    bridge.systemLanguages = ['en-US']
    bridge.languagePreference = 'ko'
    const language = new LanguageState({ bridge })
    await language.load()
    expect(language.locale).toBe('ko')
    expect(homeText().newRoom).toBe('새 방')
  })

  it('switches at once on a choice and asks main to remember it', async () => {
    const bridge = new FakeBridge()
    const language = new LanguageState({ bridge })
    await language.load()
    await language.choose('ko')
    expect(currentLocale()).toBe('ko')
    expect(bridge.calls).toContainEqual({ method: 'setLanguage', preference: 'ko' })
    await language.choose('system')
    expect(currentLocale()).toBe('en')
  })

  it('keeps a choice made before the saved one arrived', async () => {
    const bridge = new FakeBridge()
    bridge.languagePreference = 'en'
    const language = new LanguageState({ bridge })
    const loading = language.load()
    await language.choose('ko')
    await loading
    expect(language.preference).toBe('ko')
    expect(currentLocale()).toBe('ko')
  })

  it('still switches when the choice cannot be saved, and reports why', async () => {
    const errors: unknown[] = []
    const failure = new Error('SETTINGS_ERR: disk full')
    const bridge = { getLanguageSettings: async () => ({ preference: 'system' as const, systemLanguages: [] }), setLanguage: async () => Promise.reject(failure) }
    const language = new LanguageState({ bridge, onError: (error) => errors.push(error) })
    await language.choose('ko')
    expect(currentLocale()).toBe('ko')
    expect(errors).toEqual([failure])
  })
})

describe('web mode language settings', () => {
  function memoryStorage() {
    const items = new Map<string, string>()
    return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), removeItem: (key: string) => void items.delete(key), items }
  }

  it('remembers a language in localStorage and forgets it for "system"', () => {
    const storage = memoryStorage()
    expect(loadLanguageSettings(storage, ['ko-KR'])).toEqual({ preference: 'system', systemLanguages: ['ko-KR'] })
    saveLanguage(storage, 'en')
    expect(loadLanguageSettings(storage, ['ko-KR']).preference).toBe('en')
    saveLanguage(storage, 'system')
    expect(storage.items.has(LANGUAGE_KEY)).toBe(false)
  })

  it('reads anything unexpected as "system" and refuses to save a language it does not have', () => {
    const storage = memoryStorage()
    storage.setItem(LANGUAGE_KEY, 'fr')
    expect(loadLanguageSettings(storage, []).preference).toBe('system')
    expect(() => saveLanguage(storage, 'fr' as never)).toThrow(/SETTINGS_ERR_BAD_VALUE/)
  })
})
