/**
 * The languages Tonghwa speaks and how the one in use is chosen: the person's choice in settings, or else the
 * first of the operating system's preferred languages that the app has, or else English. Shared by main (native
 * menus, the settings file) and the renderer (every string on screen).
 */

export const LOCALES = ['en', 'ko'] as const
export type Locale = (typeof LOCALES)[number]

/** What the person chose in settings: a language, or "follow the system". */
export type LanguagePreference = Locale | 'system'

export const DEFAULT_LOCALE: Locale = 'en'

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

export function isLanguagePreference(value: unknown): value is LanguagePreference {
  return value === 'system' || isLocale(value)
}

/**
 * The locale to show. `systemLanguages` are BCP 47 tags in the OS's order of preference
 * (`app.getPreferredSystemLanguages()` in Electron, `navigator.languages` on the web): `ko-KR` and `ko` both
 * mean Korean; a language the app lacks is skipped, so `['ja-JP', 'ko-KR']` gives Korean.
 */
export function resolveLocale(preference: LanguagePreference, systemLanguages: readonly string[]): Locale {
  if (preference !== 'system') return preference
  for (const tag of systemLanguages) {
    const language = tag.split(/[-_]/, 1)[0]?.toLowerCase()
    if (isLocale(language)) return language
  }
  return DEFAULT_LOCALE
}
