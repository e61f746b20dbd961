/**
 * The main window's options. Every security-relevant web preference is spelled out even where it is
 * Electron's default, so a default changing upstream (or a careless edit here) shows up in a test diff.
 * Type-only Electron import: tested in Node.
 */
import type { BrowserWindowConstructorOptions } from 'electron'

/**
 * The UI's background in each theme (`--bg` in src/renderer/src/styles/theme.css; a test keeps them equal), so
 * the window does not flash another colour before the first paint.
 */
export const WINDOW_BACKGROUND_COLORS = { light: '#f4f5f8', dark: '#0e1116' } as const

export interface MainWindowBuild {
  /** `app.isPackaged`: a packaged build has no DevTools at all, not merely no menu item for them. */
  isPackaged: boolean
  /** Whether the page will draw its dark theme (the chosen theme, or the system's when it follows the system). */
  dark: boolean
}

export function createMainWindowOptions(preloadPath: string, { isPackaged, dark }: MainWindowBuild): BrowserWindowConstructorOptions {
  return {
    title: 'Tonghwa',
    width: 1120,
    height: 760,
    minWidth: 640,
    minHeight: 480,
    backgroundColor: WINDOW_BACKGROUND_COLORS[dark ? 'dark' : 'light'],
    // Shown on `ready-to-show`, once there is something to show.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // Middle-click would open a link as a new window; `setWindowOpenHandler` refuses that anyway, and
      // without the event there is nothing to refuse.
      disableBlinkFeatures: 'Auxclick',
      devTools: !isPackaged,
      navigateOnDragDrop: false,
      spellcheck: false,
      // The other person's voice must play the moment their media arrives, whether or not this window has
      // had a click since (a call can be joined from the menu or, later, answered from a notification).
      autoplayPolicy: 'no-user-gesture-required',
    },
  }
}
