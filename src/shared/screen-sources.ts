/**
 * Screens and windows the person can share, as they cross the bridge: main lists them (Electron's
 * `desktopCapturer`), the page shows them in its own picker and names the one chosen. Web mode has no list:
 * the browser shows its own picker.
 */

export type ScreenSourceKind = 'screen' | 'window'

export interface ScreenSource {
  /** Chromium's media source id, e.g. `screen:0:0` or `window:1234:0`. */
  id: string
  /** What the OS calls it: "Entire screen", "Screen 2", a window's title. */
  name: string
  kind: ScreenSourceKind
  /** A small picture of it, `data:image/png;base64,…` (the page's CSP allows `img-src data:`); empty if none. */
  thumbnail: string
}

export const SCREEN_SOURCE_LIMITS = { idChars: 200, nameChars: 500 } as const

/** `screen:` or `window:` followed by Chromium's numeric parts; anything else is not a source id. */
const SOURCE_ID = /^(screen|window):[0-9-]+(:[0-9-]+)*$/

export function isScreenSourceId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= SCREEN_SOURCE_LIMITS.idChars && SOURCE_ID.test(value)
}

/** The kind a source id names; null for an id that is not one. */
export function screenSourceKindOf(id: string): ScreenSourceKind | null {
  if (!isScreenSourceId(id)) return null
  return id.startsWith('screen:') ? 'screen' : 'window'
}
