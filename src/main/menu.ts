/**
 * Installs the application menu and rebuilds it when the Devices menu or the language changes. Thin: the
 * templates are built and tested in `menu-template.ts` and `devices-menu-template.ts`.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron'
import type { Locale } from '../shared/language'
import { mainText } from './i18n/main-messages'
import { createTemplate, type MenuOptions } from './menu-template'

export interface ApplicationMenu {
  /** Rebuilds the whole menu around a new Devices menu (Electron menus cannot be edited in place). */
  setDevicesMenu(devicesMenu: MenuItemConstructorOptions): void
  /** Rebuilds the whole menu in another language. */
  setLocale(locale: Locale): void
}

export function installMenu(options: MenuOptions, initialLocale: Locale): ApplicationMenu {
  let current = options
  let locale = initialLocale
  const apply = () => Menu.setApplicationMenu(Menu.buildFromTemplate(createTemplate(current, mainText(locale))))
  apply()
  return {
    setDevicesMenu(devicesMenu) {
      current = { ...current, devicesMenu }
      apply()
    },
    setLocale(next) {
      if (next === locale) return
      locale = next
      apply()
    },
  }
}
