import { describe, expect, it, vi } from 'vitest'
import { createPrivacySettingsOpener, PRIVACY_SETTINGS_URLS, privacySettingsUrl } from '../../../src/main/privacy-settings'

describe('privacySettingsUrl', () => {
  it.each([
    ['darwin', 'camera', 'x-apple.systempreferences:com.apple.preference.security?Privacy_Camera'],
    ['darwin', 'microphone', 'x-apple.systempreferences:com.apple.preference.security?Privacy_Microphone'],
    ['win32', 'camera', 'ms-settings:privacy-webcam'],
    ['win32', 'microphone', 'ms-settings:privacy-microphone'],
  ] as const)('on %s, the %s pane is %s', (platform, kind, url) => {
    expect(privacySettingsUrl(platform, kind)).toBe(url)
  })

  it('has no pane on Linux', () => {
    expect(privacySettingsUrl('linux', 'camera')).toBeNull()
    expect(privacySettingsUrl('freebsd', 'microphone')).toBeNull()
  })
})

describe('createPrivacySettingsOpener', () => {
  it('hands exactly the constant URL to openExternal and resolves true', async () => {
    const openExternal = vi.fn(async () => {})
    const open = createPrivacySettingsOpener({ platform: 'darwin', openExternal })
    expect(await open('camera')).toBe(true)
    expect(await open('microphone')).toBe(true)
    expect(openExternal.mock.calls).toEqual([[PRIVACY_SETTINGS_URLS.darwin.camera], [PRIVACY_SETTINGS_URLS.darwin.microphone]])
  })

  it('only ever opens one of the known panes', async () => {
    const openExternal = vi.fn(async (_url: string) => {})
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const open = createPrivacySettingsOpener({ platform, openExternal })
      await open('camera')
      await open('microphone')
    }
    const known = Object.values(PRIVACY_SETTINGS_URLS).flatMap((urls) => Object.values(urls))
    expect(openExternal.mock.calls.map(([url]) => url)).toEqual(known)
  })

  it('resolves false on Linux without calling openExternal', async () => {
    const openExternal = vi.fn(async () => {})
    expect(await createPrivacySettingsOpener({ platform: 'linux', openExternal })('camera')).toBe(false)
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('resolves false, and logs, when the OS refuses to open the pane', async () => {
    const log = vi.fn()
    const open = createPrivacySettingsOpener({ platform: 'win32', openExternal: () => Promise.reject(new Error('no handler')), log })
    expect(await open('camera')).toBe(false)
    expect(log).toHaveBeenCalledWith('[privacy-settings] could not open ms-settings:privacy-webcam: no handler')
  })
})
