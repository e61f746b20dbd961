import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import {
  createDevicesMenuTemplate as createDevicesMenuTemplateIn,
  deviceMenuItemId,
  listedDevices,
  systemDefaultLabel as systemDefaultLabelIn,
} from '../../../src/main/devices-menu-template'
import { mainText } from '../../../src/main/i18n/main-messages'
import { createTemplate } from '../../../src/main/menu-template'
import type { DeviceKind, DeviceReport, DeviceSummary } from '../../../src/shared/devices'

const EN = mainText('en')
const KO = mainText('ko')
const NO_REPORT_LABEL = EN.devices.noReport
const SYSTEM_DEFAULT_LABEL = EN.devices.systemDefault
const createDevicesMenuTemplate = (shown: DeviceReport | null, onChoose: (kind: DeviceKind, deviceId: string) => void) =>
  createDevicesMenuTemplateIn(shown, onChoose, EN)
const systemDefaultLabel = (devices: readonly DeviceSummary[]) => systemDefaultLabelIn(devices, EN)

function report(overrides: Partial<DeviceReport> = {}): DeviceReport {
  return {
    cameras: [
      { deviceId: 'cam-a', label: 'FaceTime HD Camera' },
      { deviceId: 'cam-b', label: 'Logitech C920' },
    ],
    microphones: [
      // Chromium lists the OS default again under its own id, as "Default - <name>".
      { deviceId: 'default', label: 'Default - MacBook Pro Microphone' },
      { deviceId: 'mic-a', label: 'MacBook Pro Microphone' },
      { deviceId: 'mic-b', label: 'Logitech C920' },
    ],
    speakers: [
      { deviceId: 'default', label: 'Default - Speakers (Realtek)' },
      { deviceId: 'communications', label: 'Communications - Headset (Jabra)' },
      { deviceId: 'spk-a', label: 'Speakers (Realtek)' },
      { deviceId: 'spk-b', label: 'Headset (Jabra)' },
    ],
    active: { camera: 'cam-b', microphone: 'default', speaker: 'spk-b' },
    canChooseSpeaker: true,
    ...overrides,
  }
}

const noop = () => {}
const submenuOf = (item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] => {
  if (!item || !Array.isArray(item.submenu)) throw new Error(`${item?.label ?? 'item'} has no submenu`)
  return item.submenu as MenuItemConstructorOptions[]
}
function section(menu: MenuItemConstructorOptions, title: 'Camera' | 'Microphone' | 'Speaker'): MenuItemConstructorOptions[] {
  return submenuOf(submenuOf(menu).find((item) => item.label === title))
}
const summary = (items: MenuItemConstructorOptions[]) => items.map((item) => [item.label, item.type ?? 'normal', item.checked ?? false, item.enabled ?? true])
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.()

describe('createDevicesMenuTemplate', () => {
  it('is a Devices menu with Camera, Microphone and Speaker submenus, in that order', () => {
    const menu = createDevicesMenuTemplate(report(), noop)
    expect(menu.label).toBe('&Devices')
    expect(submenuOf(menu).map((item) => item.label)).toEqual(['Camera', 'Microphone', 'Speaker'])
  })

  it('lists every camera as a radio item and checks exactly the active one', () => {
    expect(summary(section(createDevicesMenuTemplate(report(), noop), 'Camera'))).toEqual([
      ['FaceTime HD Camera', 'radio', false, true],
      ['Logitech C920', 'radio', true, true],
    ])
  })

  it('puts System default first for the microphone, naming the device behind it, and checks it when the default is in use', () => {
    expect(summary(section(createDevicesMenuTemplate(report(), noop), 'Microphone'))).toEqual([
      ['System default (MacBook Pro Microphone)', 'radio', true, true],
      ['MacBook Pro Microphone', 'radio', false, true],
      ['Logitech C920', 'radio', false, true],
    ])
  })

  it("lists Chromium's default and communications pseudo-devices only as System default", () => {
    const speakers = section(createDevicesMenuTemplate(report(), noop), 'Speaker')
    expect(speakers.map((item) => item.label)).toEqual(['System default (Speakers (Realtek))', 'Speakers (Realtek)', 'Headset (Jabra)'])
    expect(speakers.map((item) => item.checked)).toEqual([false, false, true])
  })

  it('checks a specific microphone, and not System default, when that microphone is chosen', () => {
    const microphones = section(createDevicesMenuTemplate(report({ active: { camera: 'cam-a', microphone: 'mic-b', speaker: 'default' } }), noop), 'Microphone')
    expect(microphones.filter((item) => item.checked).map((item) => item.label)).toEqual(['Logitech C920'])
  })

  it('has no separators inside a submenu, which would split the radio group in two', () => {
    const menu = createDevicesMenuTemplate(report(), noop)
    for (const title of ['Camera', 'Microphone', 'Speaker'] as const) {
      expect(section(menu, title).some((item) => item.type === 'separator'), title).toBe(false)
    }
  })

  it('uses check items, all unchecked, when none of the entries is active (Electron would tick the first radio)', () => {
    const menu = createDevicesMenuTemplate(report({ active: { camera: null, microphone: 'unplugged-mic', speaker: 'spk-a' } }), noop)
    expect(summary(section(menu, 'Camera'))).toEqual([
      ['FaceTime HD Camera', 'checkbox', false, true],
      ['Logitech C920', 'checkbox', false, true],
    ])
    expect(section(menu, 'Microphone').every((item) => item.type === 'checkbox' && item.checked === false)).toBe(true)
    expect(section(menu, 'Speaker').every((item) => item.type === 'radio')).toBe(true)
  })

  it('shows one disabled "No … found" item for each empty list', () => {
    const menu = createDevicesMenuTemplate(report({ cameras: [], microphones: [], speakers: [], active: { camera: null, microphone: null, speaker: null } }), noop)
    expect(summary(section(menu, 'Camera'))).toEqual([['No camera found', 'normal', false, false]])
    expect(summary(section(menu, 'Microphone'))).toEqual([['No microphone found', 'normal', false, false]])
    expect(summary(section(menu, 'Speaker'))).toEqual([['No speaker found', 'normal', false, false]])
  })

  it('says no window has reported yet, in disabled items, before the first report', () => {
    const menu = createDevicesMenuTemplate(null, noop)
    for (const title of ['Camera', 'Microphone', 'Speaker'] as const) {
      expect(summary(section(menu, title))).toEqual([[NO_REPORT_LABEL, 'normal', false, false]])
    }
  })

  it('disables every speaker entry where the page cannot choose an audio output, still showing the active one', () => {
    const menu = createDevicesMenuTemplate(report({ canChooseSpeaker: false, active: { camera: 'cam-a', microphone: 'default', speaker: 'default' } }), noop)
    expect(summary(section(menu, 'Speaker'))).toEqual([
      ['System default (Speakers (Realtek))', 'radio', true, false],
      ['Speakers (Realtek)', 'radio', false, false],
      ['Headset (Jabra)', 'radio', false, false],
    ])
    expect(section(menu, 'Microphone').every((item) => item.enabled)).toBe(true)
  })

  it('names devices without a label by kind, numbered among the unnamed ones: Camera 1, Microphone 2', () => {
    const menu = createDevicesMenuTemplate(
      report({
        cameras: [{ deviceId: 'cam-a', label: '' }, { deviceId: 'cam-b', label: '   ' }],
        microphones: [
          { deviceId: 'default', label: '' },
          { deviceId: 'mic-a', label: '' },
          { deviceId: 'mic-b', label: 'USB Mic' },
          { deviceId: 'mic-c', label: '' },
        ],
        speakers: [{ deviceId: 'spk-a', label: '' }],
      }),
      noop,
    )
    expect(section(menu, 'Camera').map((item) => item.label)).toEqual(['Camera 1', 'Camera 2'])
    expect(section(menu, 'Microphone').map((item) => item.label)).toEqual([SYSTEM_DEFAULT_LABEL, 'Microphone 1', 'USB Mic', 'Microphone 2'])
    expect(section(menu, 'Speaker').map((item) => item.label)).toEqual([SYSTEM_DEFAULT_LABEL, 'Speaker 1'])
  })

  it('offers System default even where the list has no default entry of its own', () => {
    const menu = createDevicesMenuTemplate(report({ microphones: [{ deviceId: 'mic-a', label: 'USB Mic' }] }), noop)
    expect(section(menu, 'Microphone').map((item) => item.label)).toEqual([SYSTEM_DEFAULT_LABEL, 'USB Mic'])
  })

  it('doubles an ampersand in a device label so Electron shows it instead of making it a mnemonic', () => {
    const menu = createDevicesMenuTemplate(report({ speakers: [{ deviceId: 'spk-a', label: 'B&O Play' }] }), noop)
    expect(section(menu, 'Speaker')[1]?.label).toBe('B&&O Play')
  })

  it('calls onChoose with the kind and the device id of the clicked item', () => {
    const onChoose = vi.fn()
    const menu = createDevicesMenuTemplate(report(), onChoose)
    click(section(menu, 'Camera')[0])
    click(section(menu, 'Microphone')[0])
    click(section(menu, 'Microphone')[2])
    click(section(menu, 'Speaker')[1])
    expect(onChoose.mock.calls).toEqual([
      ['camera', 'cam-a'],
      ['microphone', 'default'],
      ['microphone', 'mic-b'],
      ['speaker', 'spk-a'],
    ])
  })

  it('gives each device item an id made of its kind and device id', () => {
    const menu = createDevicesMenuTemplate(report(), noop)
    expect(section(menu, 'Microphone').map((item) => item.id)).toEqual([
      deviceMenuItemId('microphone', 'default'),
      deviceMenuItemId('microphone', 'mic-a'),
      deviceMenuItemId('microphone', 'mic-b'),
    ])
  })

  it('plugs into the application menu between View and Window', () => {
    const template = createTemplate(
      {
        platform: 'darwin',
        isDevelopment: false,
        onNewRoom: noop,
        onShowAbout: noop,
        devicesMenu: createDevicesMenuTemplate(report(), noop),
      },
      EN,
    )
    expect(template.map((menu) => menu.label)).toEqual(['Tonghwa', '&File', '&Edit', '&View', '&Devices', '&Window'])
  })
})

describe('listedDevices', () => {
  it('drops pseudo-devices from audio lists only, and repeated ids everywhere', () => {
    const devices = [
      { deviceId: 'default', label: 'Default - X' },
      { deviceId: 'x', label: 'X' },
      { deviceId: 'x', label: 'X again' },
    ]
    expect(listedDevices('microphone', devices)).toEqual([{ deviceId: 'x', label: 'X' }])
    expect(listedDevices('camera', devices)).toEqual([devices[0], devices[1]])
  })
})

describe('systemDefaultLabel', () => {
  it.each([
    ['Default - MacBook Pro Microphone', 'System default (MacBook Pro Microphone)'],
    ['default - Headset', 'System default (Headset)'],
    ['System default (Headset)', 'System default (Headset)'],
    ['Fake Default Audio Input', 'System default'],
    ['', 'System default'],
  ])('labels a default entry called %j as %j', (label, expected) => {
    expect(systemDefaultLabel([{ deviceId: 'default', label }])).toBe(expected)
  })

  it('is plain System default when there is no default entry', () => {
    expect(systemDefaultLabel([{ deviceId: 'x', label: 'Default - X' }])).toBe('System default')
  })
})

describe('the Devices menu in Korean', () => {
  const shape = (menu: MenuItemConstructorOptions): unknown =>
    submenuOf(menu).map((section) => submenuOf(section).map((item) => [item.id ?? null, item.type ?? 'normal', item.checked ?? false, item.enabled ?? true]))
  const labelsOf = (menu: MenuItemConstructorOptions): string[] => [
    menu.label ?? '',
    ...submenuOf(menu).flatMap((section) => [section.label ?? '', ...submenuOf(section).map((item) => item.label ?? '')]),
  ]
  const unnamed = report({
    cameras: [{ deviceId: 'cam-a', label: '' }],
    microphones: [{ deviceId: 'default', label: '' }, { deviceId: 'mic-a', label: '' }],
    speakers: [],
    active: { camera: 'cam-a', microphone: 'default', speaker: null },
  })

  it('has the same items, ids, checks and enabled states as the English one', () => {
    for (const shown of [report(), unnamed, null]) {
      expect(shape(createDevicesMenuTemplateIn(shown, noop, KO))).toEqual(shape(createDevicesMenuTemplateIn(shown, noop, EN)))
    }
  })

  it('says everything of its own in Korean: titles, System default, unnamed devices, empty lists, no report yet', () => {
    expect(labelsOf(createDevicesMenuTemplateIn(unnamed, noop, KO))).toEqual([
      '장치(&D)', '카메라', '카메라 1', '마이크', '시스템 기본값', '마이크 1', '스피커', '스피커를 찾지 못했어요',
    ])
    const before = labelsOf(createDevicesMenuTemplateIn(null, noop, KO))
    expect(before.filter((label) => /[A-Za-z]/.test(label.replace(/\(&[A-Z]\)$/, '')))).toEqual([])
    expect(before).toContain(KO.devices.noReport)
  })

  it('names the device behind System default in Korean, also when the window already wrote it in English', () => {
    expect(systemDefaultLabelIn([{ deviceId: 'default', label: 'Default - Headset' }], KO)).toBe('시스템 기본값 (Headset)')
    expect(systemDefaultLabelIn([{ deviceId: 'default', label: 'System default (Headset)' }], KO)).toBe('시스템 기본값 (Headset)')
    expect(systemDefaultLabelIn([{ deviceId: 'default', label: '시스템 기본값 (Headset)' }], EN)).toBe('System default (Headset)')
  })

  it('keeps device names as the system gives them', () => {
    const mic = section(createDevicesMenuTemplateIn(report(), noop, EN), 'Microphone').map((item) => item.label)
    const koMenu = createDevicesMenuTemplateIn(report(), noop, KO)
    const koMic = submenuOf(submenuOf(koMenu).find((item) => item.label === '마이크')).map((item) => item.label)
    expect(koMic.slice(1)).toEqual(mic.slice(1))
  })
})
