/**
 * The application menu as data: `createTemplate(options, text)` is pure, so which items exist on which platform
 * and in which mode is unit-tested. Clicks are callbacks in `options`; `menu.ts` builds the real menu.
 * Type-only Electron import.
 */
import type { MenuItemConstructorOptions } from 'electron'
import type { MainMessages } from './i18n/main-messages'

export interface MenuOptions {
  platform: NodeJS.Platform
  /** Reload and developer tools are shown only in development. */
  isDevelopment: boolean
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

/**
 * The menu in the language of `text` (`mainText(locale)`). Role items keep their role, which brings the
 * behaviour and the accelerator, and get their label from `text`: Electron's own role labels are English.
 */
export function createTemplate(options: MenuOptions, text: MainMessages): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin'
  const menu = text.menu
  const aboutItem: MenuItemConstructorOptions = { label: menu.about, click: () => options.onShowAbout() }

  const template: MenuItemConstructorOptions[] = []
  if (isMac) {
    template.push({
      label: text.appName,
      submenu: [
        aboutItem,
        { type: 'separator' },
        { role: 'services', label: menu.services },
        { type: 'separator' },
        { role: 'hide', label: menu.hide },
        { role: 'hideOthers', label: menu.hideOthers },
        { role: 'unhide', label: menu.showAll },
        { type: 'separator' },
        { role: 'quit', label: menu.quitApp },
      ],
    })
  }

  template.push(
    {
      label: menu.file,
      submenu: [
        { label: menu.newRoom, accelerator: 'CmdOrCtrl+N', click: () => options.onNewRoom() },
        { type: 'separator' },
        // macOS keeps the app running without windows: File closes the window, the app menu quits.
        isMac ? { role: 'close', label: menu.closeWindow } : { role: 'quit', label: menu.quit },
      ],
    },
    {
      label: menu.edit,
      submenu: [
        { role: 'undo', label: menu.undo },
        { role: 'redo', label: menu.redo },
        { type: 'separator' },
        { role: 'cut', label: menu.cut },
        { role: 'copy', label: menu.copy },
        { role: 'paste', label: menu.paste },
        { role: 'pasteAndMatchStyle', label: menu.pasteAndMatchStyle },
        { role: 'delete', label: menu.delete },
        { type: 'separator' },
        { role: 'selectAll', label: menu.selectAll },
      ],
    },
    {
      label: menu.view,
      submenu: [
        ...(options.isDevelopment
          ? ([
              { role: 'reload', label: menu.reload },
              { role: 'forceReload', label: menu.forceReload },
              { role: 'toggleDevTools', label: menu.toggleDevTools },
              { type: 'separator' },
            ] satisfies MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom', label: menu.actualSize },
        { role: 'zoomIn', label: menu.zoomIn },
        { role: 'zoomOut', label: menu.zoomOut },
        { type: 'separator' },
        { role: 'togglefullscreen', label: menu.toggleFullScreen },
      ],
    },
  )

  // ── Devices goes here (between View and Window), see `MenuOptions.devicesMenu`. ──
  if (options.devicesMenu) template.push(options.devicesMenu)

  template.push({
    label: menu.window,
    // On macOS the `window` role adds the list of open windows.
    ...(isMac ? { role: 'window' as const } : {}),
    submenu: isMac
      ? [{ role: 'minimize', label: menu.minimize }, { role: 'zoom', label: menu.zoom }, { type: 'separator' }, { role: 'front', label: menu.bringAllToFront }]
      : [{ role: 'minimize', label: menu.minimize }, { role: 'close', label: menu.close }],
  })
  // On macOS About lives in the app menu, which leaves Help empty; elsewhere Help is where people look.
  if (!isMac) template.push({ label: menu.help, role: 'help', submenu: [aboutItem] })
  return template
}
