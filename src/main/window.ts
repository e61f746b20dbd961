/**
 * Creates the main window and keeps it on the app: no pop-ups, no navigation to another origin. Thin: the
 * options are in `window-options.ts`, the navigation rule in `app-origin.ts`.
 */
import { BrowserWindow } from 'electron'
import { decideNavigation, truncate } from './app-origin'
import { createMainWindowOptions } from './window-options'

export interface MainWindowOptions {
  preloadPath: string
  /** `app://tonghwa/index.html`, or the dev server's URL in development. */
  entryUrl: string
  trustedOrigins: readonly string[]
  log?: (message: string) => void
}

export function createMainWindow({ preloadPath, entryUrl, trustedOrigins, log = console.warn }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(createMainWindowOptions(preloadPath))
  window.once('ready-to-show', () => window.show())

  const contents = window.webContents
  contents.setWindowOpenHandler(({ url }) => {
    log(`[window] refused to open a new window for ${truncate(url)}`)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event) => {
    const decision = decideNavigation(event.url, trustedOrigins)
    if (decision.allow) return
    event.preventDefault()
    log(`[window] ${decision.reason}`)
  })
  // Redirects of an allowed navigation are navigations too.
  contents.on('will-redirect', (event) => {
    const decision = decideNavigation(event.url, trustedOrigins)
    if (decision.allow) return
    event.preventDefault()
    log(`[window] ${decision.reason}`)
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())

  window.loadURL(entryUrl).catch((error: unknown) => log(`[window] could not load ${entryUrl}: ${String(error)}`))
  return window
}
