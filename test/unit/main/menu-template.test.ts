import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { mainText } from '../../../src/main/i18n/main-messages'
import { createTemplate as createTemplateIn, type MenuOptions } from '../../../src/main/menu-template'

function options(overrides: Partial<MenuOptions> = {}): MenuOptions {
  return { platform: 'linux', isDevelopment: false, onNewRoom: vi.fn(), onShowAbout: vi.fn(), ...overrides }
}
const createTemplate = (menuOptions: MenuOptions) => createTemplateIn(menuOptions, mainText('en'))

const labels = (template: MenuItemConstructorOptions[]) => template.map((menu) => menu.label)
const submenu = (template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] => {
  const menu = template.find((item) => item.label === label)
  if (!menu || !Array.isArray(menu.submenu)) throw new Error(`no ${label} menu`)
  return menu.submenu as MenuItemConstructorOptions[]
}
const roles = (items: MenuItemConstructorOptions[]) => items.map((item) => item.role ?? item.label ?? item.type)
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.()

describe('createTemplate', () => {
  it('has File, Edit, View, Window and Help on Windows and Linux, with no app menu', () => {
    expect(labels(createTemplate(options({ platform: 'win32' })))).toEqual(['&File', '&Edit', '&View', '&Window', '&Help'])
    expect(labels(createTemplate(options({ platform: 'linux' })))).toEqual(['&File', '&Edit', '&View', '&Window', '&Help'])
  })

  it('starts with the app menu on macOS and keeps About there', () => {
    const template = createTemplate(options({ platform: 'darwin' }))
    expect(labels(template)).toEqual(['Tonghwa', '&File', '&Edit', '&View', '&Window'])
    expect(roles(submenu(template, 'Tonghwa'))).toEqual(['About Tonghwa', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit'])
  })

  it('offers New Room and Quit in File on Windows and Linux', () => {
    expect(roles(submenu(createTemplate(options()), '&File'))).toEqual(['New Room', 'separator', 'quit'])
  })

  it('offers New Room and Close Window in File on macOS, where the app menu quits', () => {
    const file = submenu(createTemplate(options({ platform: 'darwin' })), '&File')
    expect(roles(file)).toEqual(['New Room', 'separator', 'close'])
    expect(file[2]?.label).toBe('Close Window')
  })

  it('calls onNewRoom from File › New Room, on Ctrl/Cmd+N', () => {
    const onNewRoom = vi.fn()
    const newRoom = submenu(createTemplate(options({ onNewRoom })), '&File')[0]
    expect(newRoom?.accelerator).toBe('CmdOrCtrl+N')
    click(newRoom)
    expect(onNewRoom).toHaveBeenCalledOnce()
  })

  it('calls onShowAbout from Help › About on Windows and Linux and from the app menu on macOS', () => {
    const onShowAbout = vi.fn()
    click(submenu(createTemplate(options({ onShowAbout })), '&Help')[0])
    click(submenu(createTemplate(options({ onShowAbout, platform: 'darwin' })), 'Tonghwa')[0])
    expect(onShowAbout).toHaveBeenCalledTimes(2)
  })

  it('has the standard edit roles', () => {
    expect(roles(submenu(createTemplate(options()), '&Edit'))).toEqual([
      'undo', 'redo', 'separator', 'cut', 'copy', 'paste', 'pasteAndMatchStyle', 'delete', 'separator', 'selectAll',
    ])
  })

  it('leaves reload and developer tools out of View in production', () => {
    expect(roles(submenu(createTemplate(options({ isDevelopment: false })), '&View'))).toEqual([
      'resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen',
    ])
  })

  it('adds reload and developer tools to View in development', () => {
    expect(roles(submenu(createTemplate(options({ isDevelopment: true })), '&View'))).toEqual([
      'reload', 'forceReload', 'toggleDevTools', 'separator', 'resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen',
    ])
  })

  it('gives the macOS Window menu the window role and the usual items', () => {
    const template = createTemplate(options({ platform: 'darwin' }))
    expect(template.find((menu) => menu.label === '&Window')?.role).toBe('window')
    expect(roles(submenu(template, '&Window'))).toEqual(['minimize', 'zoom', 'separator', 'front'])
    expect(roles(submenu(createTemplate(options()), '&Window'))).toEqual(['minimize', 'close'])
  })

  it('places a Devices menu between View and Window when one is given', () => {
    const devicesMenu: MenuItemConstructorOptions = { label: '&Devices', submenu: [] }
    expect(labels(createTemplate(options({ devicesMenu })))).toEqual(['&File', '&Edit', '&View', '&Devices', '&Window', '&Help'])
  })
})

/** Every item, submenus flattened, as [role or type, label, accelerator]. */
function shape(items: MenuItemConstructorOptions[]): unknown[] {
  return items.flatMap((item) => [
    [item.role ?? item.type ?? 'item', item.accelerator ?? null],
    ...(Array.isArray(item.submenu) ? shape(item.submenu as MenuItemConstructorOptions[]) : []),
  ])
}
function allLabels(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.type === 'separator' ? [] : [item.label ?? '']),
    ...(Array.isArray(item.submenu) ? allLabels(item.submenu as MenuItemConstructorOptions[]) : []),
  ])
}
const PLATFORMS: NodeJS.Platform[] = ['darwin', 'win32', 'linux']

describe('createTemplate in Korean', () => {
  it('has the same items, roles and accelerators as the English menu on every platform, in development too', () => {
    for (const platform of PLATFORMS) {
      for (const isDevelopment of [false, true]) {
        const en = createTemplateIn(options({ platform, isDevelopment }), mainText('en'))
        const ko = createTemplateIn(options({ platform, isDevelopment }), mainText('ko'))
        expect(shape(ko)).toEqual(shape(en))
      }
    }
  })

  it('names the menus in Korean, keeping the Latin access key: 파일(&F)', () => {
    expect(labels(createTemplateIn(options(), mainText('ko')))).toEqual(['파일(&F)', '편집(&E)', '보기(&V)', '창(&W)', '도움말(&H)'])
    expect(labels(createTemplateIn(options({ platform: 'darwin' }), mainText('ko')))).toEqual(['통화', '파일(&F)', '편집(&E)', '보기(&V)', '창(&W)'])
  })

  it('gives every item a label, leaving no English word in the Korean menu', () => {
    for (const platform of PLATFORMS) {
      const ko = allLabels(createTemplateIn(options({ platform, isDevelopment: true }), mainText('ko')))
      expect(ko.length).toBeGreaterThan(15)
      for (const label of ko) expect({ label, latin: /[A-Za-z]/.test(label.replace(/\(&[A-Z]\)$/, '')) }).toEqual({ label, latin: false })
    }
  })

  it('labels the role items of the English menu too, since Electron would only ever show them in English', () => {
    const en = createTemplateIn(options({ isDevelopment: true }), mainText('en'))
    expect(submenu(en, '&Edit').map((item) => item.label)).toEqual([
      'Undo', 'Redo', undefined, 'Cut', 'Copy', 'Paste', 'Paste and Match Style', 'Delete', undefined, 'Select All',
    ])
  })

  it('calls the same callbacks from the Korean New Room and About', () => {
    const onNewRoom = vi.fn()
    const onShowAbout = vi.fn()
    const ko = createTemplateIn(options({ onNewRoom, onShowAbout }), mainText('ko'))
    const newRoom = submenu(ko, '파일(&F)')[0]
    expect(newRoom?.label).toBe('새 방')
    click(newRoom)
    click(submenu(ko, '도움말(&H)')[0])
    expect([onNewRoom.mock.calls.length, onShowAbout.mock.calls.length]).toEqual([1, 1])
  })
})
