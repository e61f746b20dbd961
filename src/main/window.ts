/**
 * Creates the main window. Thin: the options are in `window-options.ts`; what keeps the window on the app
 * (no pop-ups, no navigation to another origin, no `<webview>`) is `web-contents-guard.ts`, which `index.ts`
 * installs on every web contents as Electron creates it, this window's included.
 */
import { app, BrowserWindow } from 'electron'
import { createMainWindowOptions } from './window-options'

export interface MainWindowOptions {
  preloadPath: string
  /** `app://tonghwa/index.html`, or the dev server's URL in development. */
  entryUrl: string
  log?: (message: string) => void
}

export function createMainWindow({ preloadPath, entryUrl, log = console.warn }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(createMainWindowOptions(preloadPath, { isPackaged: app.isPackaged }))
  window.once('ready-to-show', () => window.show())
  window.loadURL(entryUrl).catch((error: unknown) => log(`[window] could not load ${entryUrl}: ${String(error)}`))
  return window
}
