import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { createTemplate, type MenuOptions } from '../../../src/main/menu-template'

function options(overrides: Partial<MenuOptions> = {}): MenuOptions {
  return { platform: 'linux', isDevelopment: false, appName: 'Tonghwa', onNewRoom: vi.fn(), onShowAbout: vi.fn(), ...overrides }
}

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
