/**
 * The language setting: what the person chose (a language, or "follow the system"), the system's languages,
 * and the locale every string is read in, kept in step with both. Loaded from the bridge at start; a choice
 * takes effect at once and is remembered by main (or `localStorage` on the web).
 */
import type { TonghwaBridge } from '../../../shared/ipc-contract'
import { resolveLocale, type LanguagePreference, type Locale } from '../../../shared/language'
import { currentLocale, setCurrentLocale } from '../i18n/current-locale.svelte'

export interface LanguageStateOptions {
  bridge: Pick<TonghwaBridge, 'getLanguageSettings' | 'setLanguage'>
  /** The browser's languages, used until the bridge has answered. */
  initialSystemLanguages?: readonly string[]
  onError?: (error: unknown) => void
}

export class LanguageState {
  readonly #options: LanguageStateOptions
  #preference = $state<LanguagePreference>('system')
  #systemLanguages = $state.raw<readonly string[]>([])
  /** Bumped by every choice the person makes, so a late load does not undo it. */
  #changes = 0

  constructor(options: LanguageStateOptions) {
    this.#options = options
    this.#systemLanguages = options.initialSystemLanguages ?? []
    this.#apply()
  }

  get preference(): LanguagePreference {
    return this.#preference
  }
  /** The locale on screen now. */
  get locale(): Locale {
    return currentLocale()
  }

  async load(): Promise<void> {
    const changes = this.#changes
    try {
      const settings = await this.#options.bridge.getLanguageSettings()
      if (changes === this.#changes) this.#preference = settings.preference
      this.#systemLanguages = settings.systemLanguages
      this.#apply()
    } catch (error) {
      this.#options.onError?.(error)
    }
  }

  /** Switches the language at once, then remembers the choice; a choice that could not be saved still applies. */
  async choose(preference: LanguagePreference): Promise<void> {
    this.#changes += 1
    this.#preference = preference
    this.#apply()
    try {
      await this.#options.bridge.setLanguage(preference)
    } catch (error) {
      this.#options.onError?.(error)
    }
  }

  #apply(): void {
    setCurrentLocale(resolveLocale(this.#preference, this.#systemLanguages))
  }
}
