/**
 * Keeps every web contents the app ever creates on the app: installed from `app.on('web-contents-created')`,
 * so it covers the call windows and anything else Chromium makes (a DevTools page, a contents a future change
 * adds), not just the windows this code remembered to guard.
 * - no new windows: `window.open` and `target="_blank"` are refused; an allowed https link goes to the browser;
 * - no navigation away from the app's origins, in the main frame, in subframes, or through a redirect;
 * - no `<webview>` (also off in the window options: this is for any contents created otherwise);
 * - no Web Bluetooth device chosen on the page's behalf (Electron picks the first device unless told not to).
 *
 * Type-only Electron import: tested in Node with a fake contents.
 */
import type { WebContents } from 'electron'
import { decideNavigation, truncate } from './app-origin'
import { decideExternalUrl } from './open-external'

export type GuardedContents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>

export interface WebContentsGuardOptions {
  trustedOrigins: readonly string[]
  /** The allowlisted `shell.openExternal` (`external-links.ts`). */
  openExternal: (url: string) => Promise<void>
  /** Default `console.warn`. */
  log?: (message: string) => void
}

export function guardWebContents(contents: GuardedContents, { trustedOrigins, openExternal, log = console.warn }: WebContentsGuardOptions): void {
  /** A link the app cannot show itself: to the browser if it is on the allowlist, otherwise nowhere. */
  function sendElsewhere(url: string, what: string): void {
    const external = decideExternalUrl(url)
    if (!external.allow) {
      log(`[web-contents] refused ${what} ${truncate(url)}: ${external.reason}`)
      return
    }
    openExternal(external.url).catch((error: unknown) => log(`[web-contents] could not open ${truncate(external.url)}: ${String(error)}`))
  }

  contents.setWindowOpenHandler(({ url }) => {
    sendElsewhere(url, 'a new window for')
    return { action: 'deny' }
  })

  // A link the person followed in the page: the app's own pages load, an allowlisted page opens in the browser.
  contents.on('will-navigate', (event) => {
    if (decideNavigation(event.url, trustedOrigins).allow) return
    event.preventDefault()
    sendElsewhere(event.url, 'navigation to')
  })
  const block = (what: string) => (event: { url: string; preventDefault(): void }) => {
    const decision = decideNavigation(event.url, trustedOrigins)
    if (decision.allow) return
    event.preventDefault()
    log(`[web-contents] refused ${what} ${truncate(event.url)}`)
  }
  // Subframes too (the main frame's navigations are `will-navigate`'s): the app has no frames of its own, so
  // any frame is someone else's, and it never gets to open anything.
  const blockFrame = block('frame navigation to')
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) blockFrame(event)
  })
  // A redirect of an allowed navigation is a navigation too; it is stopped, not followed into the browser.
  contents.on('will-redirect', block('redirect to'))

  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    log('[web-contents] refused to attach a <webview>')
  })

  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault()
    callback('')
  })
}
