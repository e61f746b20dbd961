/**
 * Installs the application menu and rebuilds it when the Devices menu changes. Thin: the templates are built
 * and tested in `menu-template.ts` and `devices-menu-template.ts`.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron'
import { createTemplate, type MenuOptions } from './menu-template'

export interface ApplicationMenu {
  /** Rebuilds the whole menu around a new Devices menu (Electron menus cannot be edited in place). */
  setDevicesMenu(devicesMenu: MenuItemConstructorOptions): void
}

export function installMenu(options: MenuOptions): ApplicationMenu {
  let current = options
  const apply = () => Menu.setApplicationMenu(Menu.buildFromTemplate(createTemplate(current)))
  apply()
  return {
    setDevicesMenu(devicesMenu) {
      current = { ...current, devicesMenu }
      apply()
    },
  }
}
