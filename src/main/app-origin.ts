/**
 * Where the app's own pages come from, and the one test of "is this URL ours?" that the permission table,
 * the navigation guard and the IPC sender check all share. No Electron import: tested in Node.
 */

export const APP_SCHEME = 'app'
export const APP_HOST = 'tonghwa'
/** The packaged renderer's origin: `app://tonghwa`, served by `app-protocol.ts`. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
/** What the window loads in production. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** Set by `electron-vite dev` to the dev server's URL. */
export const DEV_SERVER_URL_ENV = 'ELECTRON_RENDERER_URL'

export interface RendererSource {
  /** What the window loads. */
  entryUrl: string
  /** The origins whose pages get the bridge, the permissions and screen sharing. */
  trustedOrigins: readonly string[]
}

/**
 * Where the window's page comes from: `app://tonghwa`, or the electron-vite dev server named by
 * `ELECTRON_RENDERER_URL` in an unpackaged build only. In a packaged build anyone who can set an environment
 * variable (a launcher, a shortcut, another program of this user) could otherwise load any origin with the
 * bridge and camera, microphone and screen permissions. A dev URL that is not plain `http(s)://host` is ignored.
 */
export function resolveRendererSource({ isPackaged, env }: { isPackaged: boolean; env: Readonly<Record<string, string | undefined>> }): RendererSource {
  const devUrl = isPackaged ? undefined : env[DEV_SERVER_URL_ENV]
  const devOrigin = devUrl ? originOf(devUrl) : null
  if (!devUrl || !devOrigin || !/^https?:\/\//.test(devOrigin)) return { entryUrl: APP_ENTRY_URL, trustedOrigins: trustedAppOrigins() }
  return { entryUrl: devUrl, trustedOrigins: trustedAppOrigins(devUrl) }
}

/**
 * The origins whose pages count as the app: always `app://tonghwa`, plus the electron-vite dev server's when
 * given (only `resolveRendererSource` does). A dev URL that does not parse adds nothing (and trusts nothing).
 */
export function trustedAppOrigins(devServerUrl?: string): readonly string[] {
  const devOrigin = devServerUrl ? originOf(devServerUrl) : null
  return devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN]
}

/**
 * `scheme://host[:port]` of a URL, or null when it has none (`about:blank`, `data:`, junk). Hand-built
 * because WHATWG `URL#origin` is the opaque `"null"` for non-special schemes such as `app:`, and a prefix
 * test (`startsWith('app://tonghwa')`) would also accept `app://tonghwa.evil`.
 */
export function originOf(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (!parsed.host || parsed.username || parsed.password) return null
  return `${parsed.protocol}//${parsed.host}`
}

export function isTrustedUrl(url: string | null | undefined, trustedOrigins: readonly string[]): boolean {
  if (!url) return false
  const origin = originOf(url)
  return origin !== null && trustedOrigins.includes(origin)
}

/** The minimal shape of an IPC event the sender check needs; Electron's `IpcMainInvokeEvent` has it. */
export interface SenderEventLike {
  readonly senderFrame: { readonly url: string } | null
}

/**
 * The IPC sender check: a frame whose current document is one of the app's origins. `senderFrame` is null
 * once the frame navigated away or was destroyed, and such a message is refused.
 */
export function createSenderCheck(trustedOrigins: readonly string[]): (event: SenderEventLike) => boolean {
  return (event) => isTrustedUrl(event.senderFrame?.url, trustedOrigins)
}

export type NavigationDecision = { allow: true } | { allow: false; reason: string }

/** `will-navigate`: the window only ever shows the app; anything else is refused, not opened elsewhere. */
export function decideNavigation(url: string, trustedOrigins: readonly string[]): NavigationDecision {
  return isTrustedUrl(url, trustedOrigins)
    ? { allow: true }
    : { allow: false, reason: `navigation away from the app is not allowed (to ${truncate(url)})` }
}

/** Keeps log lines short when a page hands us a huge URL. */
export function truncate(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`
}
