/**
 * The colour theme setting: light, dark, or "follow the system". Loaded from the bridge at start; a choice
 * takes effect at once (`apply`, which main.ts points at `<html data-theme>`; theme.css does the rest) and
 * is remembered by main (or `localStorage` on the web).
 */
import type { TonghwaBridge } from '../../../shared/ipc-contract'
import { DEFAULT_THEME_PREFERENCE, isThemePreference, type ThemePreference } from '../../../shared/theme'

export interface ThemeStateOptions {
  bridge: Pick<TonghwaBridge, 'getTheme' | 'setTheme'>
  /** Shows the theme: sets `data-theme` on `<html>` in the app. Called at once with 'system', then on every change. */
  apply?: (preference: ThemePreference) => void
  onError?: (error: unknown) => void
}

export class ThemeState {
  readonly #options: ThemeStateOptions
  #preference = $state<ThemePreference>(DEFAULT_THEME_PREFERENCE)
  /** Bumped by every choice the person makes, so a late load does not undo it. */
  #changes = 0

  constructor(options: ThemeStateOptions) {
    this.#options = options
    this.#options.apply?.(this.#preference)
  }

  get preference(): ThemePreference {
    return this.#preference
  }

  async load(): Promise<void> {
    const changes = this.#changes
    try {
      const stored = await this.#options.bridge.getTheme()
      // Checked again here: in web mode it comes from storage any page script could have written.
      if (changes === this.#changes && isThemePreference(stored)) this.#set(stored)
    } catch (error) {
      this.#options.onError?.(error)
    }
  }

  /** Switches the theme at once, then remembers it; a choice that could not be saved still applies. */
  async choose(preference: ThemePreference): Promise<void> {
    this.#changes += 1
    this.#set(preference)
    try {
      await this.#options.bridge.setTheme(preference)
    } catch (error) {
      this.#options.onError?.(error)
    }
  }

  #set(preference: ThemePreference): void {
    this.#preference = preference
    this.#options.apply?.(preference)
  }
}
