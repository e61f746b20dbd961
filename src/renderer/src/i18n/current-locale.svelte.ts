/**
 * The locale every string on screen is read in. One module-level rune, so a change re-renders exactly the text
 * that read it; set at start from settings and again whenever the person picks another language.
 */
import { DEFAULT_LOCALE, type Locale } from '../../../shared/language'

let locale = $state<Locale>(DEFAULT_LOCALE)

export function currentLocale(): Locale {
  return locale
}

export function setCurrentLocale(next: Locale): void {
  locale = next
}
