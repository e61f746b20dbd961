/** Installs the application menu. Thin: the template is built and tested in `menu-template.ts`. */
import { Menu } from 'electron'
import { createTemplate, type MenuOptions } from './menu-template'

export function installMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(createTemplate(options)))
}
