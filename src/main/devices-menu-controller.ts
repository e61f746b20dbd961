/**
 * Which window the Devices menu speaks for. Every window reports its devices (on start and on every
 * `devicechange`); the menu shows the report of the most recently focused window that has reported, and a
 * click goes to the most recently focused window. "Most recently focused" rather than "focused": with the app
 * in the background no window has focus, yet the menu (on macOS, the menu bar) must still mean one of them.
 *
 * Pure: windows are ids plus an `emit`, and the menu is handed to `onChange`. The app installs it with
 * `Menu.setApplicationMenu`; the end-to-end harness keeps it. No Electron import: tested in Node.
 */
import type { MenuItemConstructorOptions } from 'electron'
import type { DeviceKind, DeviceReport } from '../shared/devices'
import { DEFAULT_LOCALE, type Locale } from '../shared/language'
import { createDevicesMenuTemplate } from './devices-menu-template'
import { mainText } from './i18n/main-messages'
import type { EmitBridgeEvent } from './ipc-handlers'

export interface DevicesMenuControllerOptions {
  /** Called with a new Devices menu whenever what it shows changes. */
  onChange: (devicesMenu: MenuItemConstructorOptions) => void
  /** The language the menu is in at first (the resolved language setting). Default English. */
  locale?: Locale
}

interface WindowEntry {
  emit: EmitBridgeEvent
  report: DeviceReport | null
}

export class DevicesMenuController {
  readonly #onChange: (devicesMenu: MenuItemConstructorOptions) => void
  readonly #windows = new Map<number, WindowEntry>()
  /** Window ids, most recently focused first. */
  #focusOrder: number[] = []
  /** The report the current menu was built from, as JSON: an identical report does not rebuild the menu. */
  #shownKey = 'null'
  #locale: Locale
  #template: MenuItemConstructorOptions

  constructor({ onChange, locale = DEFAULT_LOCALE }: DevicesMenuControllerOptions) {
    this.#onChange = onChange
    this.#locale = locale
    this.#template = this.#build(null)
  }

  /** The person chose another language (or the system's changed): the same menu, reworded. */
  setLocale(locale: Locale): void {
    if (locale === this.#locale) return
    this.#locale = locale
    this.#template = this.#build(this.shownReport())
    this.#onChange(this.#template)
  }

  /** The Devices menu as it stands now. */
  template(): MenuItemConstructorOptions {
    return this.#template
  }

  /** A new window, which is also the focused one (windows are shown, and so focused, when they open). */
  attach(windowId: number, emit: EmitBridgeEvent): void {
    this.#windows.set(windowId, { emit, report: null })
    this.#focusOrder = [windowId, ...this.#focusOrder.filter((id) => id !== windowId)]
  }

  detach(windowId: number): void {
    if (!this.#windows.delete(windowId)) return
    this.#focusOrder = this.#focusOrder.filter((id) => id !== windowId)
    this.#refresh()
  }

  focus(windowId: number): void {
    if (!this.#windows.has(windowId)) return
    this.#focusOrder = [windowId, ...this.#focusOrder.filter((id) => id !== windowId)]
    this.#refresh()
  }

  report(windowId: number, report: DeviceReport): void {
    const entry = this.#windows.get(windowId)
    if (!entry) return
    entry.report = report
    this.#refresh()
  }

  /** The report the menu shows: the most recently focused window's that has one. */
  shownReport(): DeviceReport | null {
    for (const id of this.#focusOrder) {
      const report = this.#windows.get(id)?.report
      if (report) return report
    }
    return null
  }

  /** A click in the menu: the choice goes to the most recently focused window, which applies it as its own. */
  choose(kind: DeviceKind, deviceId: string): void {
    const target = this.#focusOrder[0]
    if (target === undefined) return
    this.#windows.get(target)?.emit('devices:chosen-from-menu', { kind, deviceId })
  }

  #refresh(): void {
    const report = this.shownReport()
    const key = JSON.stringify(report)
    // Rebuilding the application menu closes it if it is open; devicechange can fire while it is.
    if (key === this.#shownKey) return
    this.#shownKey = key
    this.#template = this.#build(report)
    this.#onChange(this.#template)
  }

  #build(report: DeviceReport | null): MenuItemConstructorOptions {
    return createDevicesMenuTemplate(report, (kind, deviceId) => this.choose(kind, deviceId), mainText(this.#locale))
  }
}
