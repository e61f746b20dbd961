/**
 * Creates the main window. Thin: the options are in `window-options.ts`; what keeps the window on the app
 * (no pop-ups, no navigation to another origin, no `<webview>`) is `web-contents-guard.ts`, which `index.ts`
 * installs on every web contents as Electron creates it, this window's included.
 */
import { app, BrowserWindow, nativeTheme } from 'electron'
import type { ThemePreference } from '../shared/theme'
import { createMainWindowOptions } from './window-options'

export interface MainWindowOptions {
  preloadPath: string
  /** `app://tonghwa/index.html`, or the dev server's URL in development. */
  entryUrl: string
  log?: (message: string) => void
  /** The theme chosen in Settings, so the window opens on that theme's background, not a flash of the other. */
  theme: ThemePreference
}

export function createMainWindow({ preloadPath, entryUrl, theme, log = console.warn }: MainWindowOptions): BrowserWindow {
  // 'system' follows the OS, as the page's `color-scheme: light dark` does; a chosen theme wins over it.
  const dark = theme === 'system' ? nativeTheme.shouldUseDarkColors : theme === 'dark'
  const window = new BrowserWindow(createMainWindowOptions(preloadPath, { isPackaged: app.isPackaged, dark }))
  window.once('ready-to-show', () => window.show())
  window.loadURL(entryUrl).catch((error: unknown) => log(`[window] could not load ${entryUrl}: ${String(error)}`))
  return window
}
