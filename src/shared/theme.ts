/**
 * The colour theme: light, dark, or "follow the system" (`prefers-color-scheme`), chosen in Settings and kept
 * with the other settings. Shared by main (the settings file), the preload's contract and the renderer.
 */

export const THEME_PREFERENCES = ['system', 'light', 'dark'] as const
export type ThemePreference = (typeof THEME_PREFERENCES)[number]

export const DEFAULT_THEME_PREFERENCE: ThemePreference = 'system'

export function isThemePreference(value: unknown): value is ThemePreference {
  return typeof value === 'string' && (THEME_PREFERENCES as readonly string[]).includes(value)
}
