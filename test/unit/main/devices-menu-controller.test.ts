import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { DevicesMenuController } from '../../../src/main/devices-menu-controller'
import { mainText } from '../../../src/main/i18n/main-messages'
import type { EmitBridgeEvent } from '../../../src/main/ipc-handlers'
import type { DeviceReport } from '../../../src/shared/devices'
import type { BridgeEvents } from '../../../src/shared/ipc-contract'

const NO_REPORT_LABEL = mainText('en').devices.noReport

function report(camera: string, cameras = ['cam-a', 'cam-b']): DeviceReport {
  return {
    cameras: cameras.map((deviceId) => ({ deviceId, label: `Camera ${deviceId}` })),
    microphones: [{ deviceId: 'mic-a', label: 'Mic A' }],
    speakers: [],
    active: { camera, microphone: 'default', speaker: null },
    canChooseSpeaker: true,
  }
}

/** A window as the controller sees it: an emit that records what was sent. */
function fakeWindow() {
  const sent: Array<{ channel: keyof BridgeEvents; payload: unknown }> = []
  const emit: EmitBridgeEvent = (channel, payload) => void sent.push({ channel, payload })
  return { emit, sent }
}

function setup() {
  const installed: MenuItemConstructorOptions[] = []
  const controller = new DevicesMenuController({ onChange: (menu) => void installed.push(menu) })
  return { controller, installed }
}

const submenu = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[]
const cameraItems = (menu: MenuItemConstructorOptions | undefined) => submenu(submenu(menu).find((item) => item.label === 'Camera'))
const checkedCamera = (menu: MenuItemConstructorOptions | undefined) => cameraItems(menu).find((item) => item.checked)?.label
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.()

describe('DevicesMenuController', () => {
  it('starts with the menu that says no window has reported yet, without installing anything', () => {
    const { controller, installed } = setup()
    expect(cameraItems(controller.template()).map((item) => item.label)).toEqual([NO_REPORT_LABEL])
    expect(installed).toEqual([])
  })

  it('rebuilds the menu on a report from the focused window', () => {
    const { controller, installed } = setup()
    controller.attach(1, fakeWindow().emit)
    controller.report(1, report('cam-b'))
    expect(installed).toHaveLength(1)
    expect(checkedCamera(installed[0])).toBe('Camera cam-b')
    expect(controller.template()).toBe(installed[0])
  })

  it('does not rebuild for a report identical to the one shown (a menu being open would close)', () => {
    const { controller, installed } = setup()
    controller.attach(1, fakeWindow().emit)
    controller.report(1, report('cam-b'))
    controller.report(1, report('cam-b'))
    expect(installed).toHaveLength(1)
    controller.report(1, report('cam-a'))
    expect(installed).toHaveLength(2)
  })

  it('ignores for the menu a report from a window that is not the focused one, and shows it when that window gets focus', () => {
    const { controller, installed } = setup()
    controller.attach(1, fakeWindow().emit)
    controller.attach(2, fakeWindow().emit)
    controller.focus(1)
    controller.report(1, report('cam-a'))
    controller.report(2, report('cam-b'))
    expect(installed.map(checkedCamera)).toEqual(['Camera cam-a'])
    controller.focus(2)
    expect(installed.map(checkedCamera)).toEqual(['Camera cam-a', 'Camera cam-b'])
  })

  it('shows the report of another window while the focused one has not reported yet', () => {
    const { controller } = setup()
    controller.attach(1, fakeWindow().emit)
    controller.report(1, report('cam-a'))
    controller.attach(2, fakeWindow().emit)
    expect(controller.shownReport()?.active.camera).toBe('cam-a')
    controller.report(2, report('cam-b'))
    expect(controller.shownReport()?.active.camera).toBe('cam-b')
  })

  it('sends a click to the most recently focused window only', () => {
    const { controller } = setup()
    const first = fakeWindow()
    const second = fakeWindow()
    controller.attach(1, first.emit)
    controller.attach(2, second.emit)
    controller.report(2, report('cam-a'))
    click(cameraItems(controller.template())[1])
    expect(second.sent).toEqual([{ channel: 'devices:chosen-from-menu', payload: { kind: 'camera', deviceId: 'cam-b' } }])
    controller.focus(1)
    click(cameraItems(controller.template())[0])
    expect(first.sent).toEqual([{ channel: 'devices:chosen-from-menu', payload: { kind: 'camera', deviceId: 'cam-a' } }])
    expect(second.sent).toHaveLength(1)
  })

  it('falls back to the remaining window when the shown one closes, and to the empty menu when none is left', () => {
    const { controller, installed } = setup()
    const first = fakeWindow()
    controller.attach(1, first.emit)
    controller.report(1, report('cam-a'))
    controller.attach(2, fakeWindow().emit)
    controller.report(2, report('cam-b'))
    controller.detach(2)
    expect(checkedCamera(installed.at(-1))).toBe('Camera cam-a')
    click(cameraItems(controller.template())[1])
    expect(first.sent).toHaveLength(1)
    controller.detach(1)
    expect(cameraItems(installed.at(-1)).map((item) => item.label)).toEqual([NO_REPORT_LABEL])
  })

  it('ignores reports, focus and clicks for windows it does not know', () => {
    const { controller, installed } = setup()
    controller.report(7, report('cam-a'))
    controller.focus(7)
    controller.detach(7)
    controller.choose('camera', 'cam-a')
    expect(installed).toEqual([])
  })

  it('starts in the language it is given', () => {
    const installed: MenuItemConstructorOptions[] = []
    const controller = new DevicesMenuController({ onChange: (menu) => void installed.push(menu), locale: 'ko' })
    expect(controller.template().label).toBe('장치(&D)')
    expect(installed).toEqual([])
  })

  it('rebuilds the menu it shows in another language, once, keeping the report and the checked device', () => {
    const { controller, installed } = setup()
    const window = fakeWindow()
    controller.attach(1, window.emit)
    controller.report(1, report('cam-b'))
    controller.setLocale('ko')
    expect(installed).toHaveLength(2)
    const menu = installed.at(-1)
    expect(menu?.label).toBe('장치(&D)')
    const camera = submenu(submenu(menu).find((item) => item.label === '카메라'))
    expect(camera.find((item) => item.checked)?.label).toBe('Camera cam-b')
    controller.setLocale('ko')
    expect(installed).toHaveLength(2)
    click(camera[0])
    expect(window.sent).toEqual([{ channel: 'devices:chosen-from-menu', payload: { kind: 'camera', deviceId: 'cam-a' } }])
  })
})
