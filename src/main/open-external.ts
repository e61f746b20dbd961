/**
 * What the app may hand to the operating system through `shell.openExternal`, which launches whatever program
 * the OS has for a URL's scheme (a browser, a mail client, a terminal, an installer…). Two exact allowlists and
 * nothing else:
 * - web pages: `https:` only, on one of `EXTERNAL_WEB_HOSTS` exactly (no subdomains, no other port, no
 *   credentials in the URL);
 * - the OS privacy panes for the camera and microphone, as the exact strings of `privacy-settings.ts`.
 *
 * Pure: `openExternal` is injected. No Electron import: tested in Node.
 */
import { PRIVACY_SETTINGS_URLS } from './privacy-settings'
import { truncate } from './app-origin'

/** Stable error code of a refused URL; the message is `CODE: detail`. */
export const OPEN_EXTERNAL_ERR_NOT_ALLOWED = 'OPEN_EXTERNAL_ERR_NOT_ALLOWED'

/** The project's own site (package.json `homepage`): the only web host a link in the app may open. */
export const EXTERNAL_WEB_HOSTS: readonly string[] = ['tonghwa.app']

/** Every OS settings URL the app opens, exactly as written in `privacy-settings.ts`. */
export const SYSTEM_SETTINGS_URLS: readonly string[] = Object.values(PRIVACY_SETTINGS_URLS).flatMap((panes) => Object.values(panes))

/** Longer than any link the app has; a page handing over megabytes of URL is not opening a help page. */
export const MAX_EXTERNAL_URL_LENGTH = 2048

export type ExternalUrlDecision = { allow: true; url: string } | { allow: false; reason: string }

export function decideExternalUrl(url: string): ExternalUrlDecision {
  if (SYSTEM_SETTINGS_URLS.includes(url)) return { allow: true, url }
  if (url.length > MAX_EXTERNAL_URL_LENGTH) return { allow: false, reason: `the URL is longer than ${MAX_EXTERNAL_URL_LENGTH} characters` }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { allow: false, reason: `not a URL: ${truncate(url, 80)}` }
  }
  if (parsed.protocol !== 'https:') return { allow: false, reason: `only https links open outside the app, not ${truncate(parsed.protocol, 40)}` }
  if (parsed.username || parsed.password) return { allow: false, reason: 'a link with credentials in it is not opened' }
  if (parsed.port !== '') return { allow: false, reason: `only the default https port, not ${parsed.port}` }
  if (!EXTERNAL_WEB_HOSTS.includes(parsed.hostname)) return { allow: false, reason: `${truncate(parsed.hostname, 80)} is not an allowed host` }
  // The parsed form, not the raw string: what the OS is given is exactly what was checked.
  return { allow: true, url: parsed.href }
}

/**
 * Wraps `shell.openExternal` so that every caller goes through the allowlist: a refused URL rejects with
 * `OPEN_EXTERNAL_ERR_NOT_ALLOWED` (and is logged) without reaching the OS.
 */
export function createGuardedOpenExternal(
  openExternal: (url: string) => Promise<void>,
  log: (message: string) => void = console.warn,
): (url: string) => Promise<void> {
  return async (url) => {
    const decision = decideExternalUrl(url)
    if (!decision.allow) {
      log(`[open-external] refused ${truncate(url)}: ${decision.reason}`)
      throw new Error(`${OPEN_EXTERNAL_ERR_NOT_ALLOWED}: ${decision.reason}`)
    }
    await openExternal(decision.url)
  }
}
