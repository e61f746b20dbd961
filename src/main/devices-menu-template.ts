/**
 * The Devices menu as data: Camera, Microphone and Speaker submenus built from what the focused window
 * reported. Pure, so radio state, default entries and empty lists are unit-tested; `menu.ts` builds the real
 * menu and `devices-menu-controller.ts` decides which report it shows. Type-only Electron import.
 */
import type { MenuItemConstructorOptions } from 'electron'
import { SYSTEM_DEFAULT_DEVICE_ID, type DeviceKind, type DeviceReport, type DeviceSummary } from '../shared/devices'
import { LOCALES } from '../shared/language'
import { MAIN_MESSAGES, type MainMessages } from './i18n/main-messages'

/**
 * Chromium's own audio entries: `default` follows the OS default device, `communications` (Windows) the OS
 * default communications device. Each duplicates a real device listed under its own id, so the menu offers
 * "System default" once and lists only real devices after it.
 */
export const CHROMIUM_PSEUDO_AUDIO_DEVICE_IDS: readonly string[] = [SYSTEM_DEFAULT_DEVICE_ID, 'communications']

interface Section {
  kind: DeviceKind
  list: (report: DeviceReport) => DeviceSummary[]
  hasSystemDefault: boolean
}

const SECTIONS: readonly Section[] = [
  { kind: 'camera', list: (report) => report.cameras, hasSystemDefault: false },
  { kind: 'microphone', list: (report) => report.microphones, hasSystemDefault: true },
  { kind: 'speaker', list: (report) => report.speakers, hasSystemDefault: true },
]

/** The menu-item id of a device entry, so a test (or a later accessibility hook) can find it. */
export function deviceMenuItemId(kind: DeviceKind, deviceId: string): string {
  return `devices:${kind}:${deviceId}`
}

/** The devices of `kind` as the menu (and the window's picker) lists them: real devices, each id once. */
export function listedDevices(kind: DeviceKind, devices: readonly DeviceSummary[]): DeviceSummary[] {
  const seen = new Set<string>()
  return devices.filter((device) => {
    if (kind !== 'camera' && CHROMIUM_PSEUDO_AUDIO_DEVICE_IDS.includes(device.deviceId)) return false
    if (seen.has(device.deviceId)) return false
    seen.add(device.deviceId)
    return true
  })
}

/** The Devices menu in the language of `text` (`mainText(locale)`). */
export function createDevicesMenuTemplate(
  report: DeviceReport | null,
  onChoose: (kind: DeviceKind, deviceId: string) => void,
  text: MainMessages,
): MenuItemConstructorOptions {
  return {
    label: text.devices.menu,
    submenu: SECTIONS.map((section) => ({ label: text.devices.section[section.kind], submenu: sectionItems(section, report, onChoose, text) })),
  }
}

/**
 * "System default", naming the device behind it when Chromium does: its entry is labelled "Default - <device>"
 * on macOS and Windows. A label the window already wrote as "System default (<device>)", in either language,
 * names the same device, so the menu says it in its own language and still agrees with the picker.
 */
export function systemDefaultLabel(devices: readonly DeviceSummary[], text: MainMessages): string {
  const label = devices.find((device) => device.deviceId === SYSTEM_DEFAULT_DEVICE_ID)?.label.trim() ?? ''
  const behind = /^default\s+-\s+(.+)$/i.exec(label)?.[1] ?? deviceInSystemDefaultLabel(label)
  return behind ? text.devices.systemDefaultNamed(behind) : text.devices.systemDefault
}

/** `Headset` from `System default (Headset)` or `시스템 기본값 (Headset)`; null for anything else. */
function deviceInSystemDefaultLabel(label: string): string | null {
  for (const locale of LOCALES) {
    const prefix = `${MAIN_MESSAGES[locale].devices.systemDefault} (`
    if (label.startsWith(prefix) && label.endsWith(')') && label.length > prefix.length + 1) return label.slice(prefix.length, -1)
  }
  return null
}

function sectionItems(
  section: Section,
  report: DeviceReport | null,
  onChoose: (kind: DeviceKind, deviceId: string) => void,
  text: MainMessages,
): MenuItemConstructorOptions[] {
  if (report === null) return [{ label: text.devices.noReport, enabled: false }]
  const reported = section.list(report)
  if (reported.length === 0) return [{ label: text.devices.noneFound[section.kind], enabled: false }]

  let unnamed = 0
  const entries: DeviceSummary[] = [
    ...(section.hasSystemDefault ? [{ deviceId: SYSTEM_DEFAULT_DEVICE_ID, label: systemDefaultLabel(reported, text) }] : []),
    ...listedDevices(section.kind, reported).map(({ deviceId, label }) => ({
      deviceId,
      // Numbered among the unnamed ones, as the window's picker numbers them.
      label: label.trim() === '' ? text.devices.unnamed[section.kind](++unnamed) : label.trim(),
    })),
  ]
  const active = report.active[section.kind]
  const enabled = section.kind !== 'speaker' || report.canChooseSpeaker
  // Electron checks the first radio item of a group in which none is checked (`Menu#_menuWillShow`), which
  // would claim a device is in use when none of these is. With no active entry, plain check items instead.
  const type = entries.some((entry) => entry.deviceId === active) ? 'radio' : 'checkbox'
  // One contiguous run of items, no separator: a separator would split the radio group in two.
  return entries.map((entry) => ({
    id: deviceMenuItemId(section.kind, entry.deviceId),
    // `&` marks a mnemonic in Electron labels; a device called "B&O Play" must keep its ampersand.
    label: entry.label.replaceAll('&', '&&'),
    type,
    checked: entry.deviceId === active,
    enabled,
    click: () => onChoose(section.kind, entry.deviceId),
  }))
}
