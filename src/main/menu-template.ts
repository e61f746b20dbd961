/**
 * The application menu as data: `createTemplate(options)` is pure, so which items exist on which platform
 * and in which mode is unit-tested. Clicks are callbacks in `options`; `menu.ts` builds the real menu.
 * Type-only Electron import.
 */
import type { MenuItemConstructorOptions } from 'electron'

export interface MenuOptions {
  platform: NodeJS.Platform
  /** Reload and developer tools are shown only in development. */
  isDevelopment: boolean
  appName: string
  /** File › New Room: a fresh window with its own signaling connection. */
  onNewRoom: () => void
  /** App menu (macOS) or Help › About. */
  onShowAbout: () => void
  /**
   * The Devices menu (camera, microphone, speaker), placed between View and Window when given; built by
   * `createDevicesMenuTemplate` from the focused window's report (see `devices-menu-controller.ts`).
   */
  devicesMenu?: MenuItemConstructorOptions
}

export function createTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin'
  const aboutItem: MenuItemConstructorOptions = { label: `About ${options.appName}`, click: () => options.onShowAbout() }

  const template: MenuItemConstructorOptions[] = []
  if (isMac) {
    template.push({
      label: options.appName,
      submenu: [
        aboutItem,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    })
  }

  template.push(
    {
      label: '&File',
      submenu: [
        { label: 'New Room', accelerator: 'CmdOrCtrl+N', click: () => options.onNewRoom() },
        { type: 'separator' },
        // macOS keeps the app running without windows: File closes the window, the app menu quits.
        isMac ? { role: 'close', label: 'Close Window' } : { role: 'quit', label: 'Quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'pasteAndMatchStyle' },
        { role: 'delete' },
        { type: 'separator' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        ...(options.isDevelopment
          ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] satisfies MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
  )

  // ── Devices goes here (between View and Window), see `MenuOptions.devicesMenu`. ──
  if (options.devicesMenu) template.push(options.devicesMenu)

  template.push({
    label: '&Window',
    // On macOS the `window` role adds the list of open windows.
    ...(isMac ? { role: 'window' as const } : {}),
    submenu: isMac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  })
  // On macOS About lives in the app menu, which leaves Help empty; elsewhere Help is where people look.
  if (!isMac) template.push({ label: '&Help', role: 'help', submenu: [aboutItem] })
  return template
}
