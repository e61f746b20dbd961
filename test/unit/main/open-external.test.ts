import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import {
  createGuardedOpenExternal,
  decideExternalUrl,
  EXTERNAL_WEB_HOSTS,
  MAX_EXTERNAL_URL_LENGTH,
  OPEN_EXTERNAL_ERR_NOT_ALLOWED,
  SYSTEM_SETTINGS_URLS,
} from '../../../src/main/open-external'
import { PRIVACY_SETTINGS_URLS } from '../../../src/main/privacy-settings'

describe('decideExternalUrl', () => {
  it.each(['https://tonghwa.app', 'https://tonghwa.app/', 'https://tonghwa.app/help/camera?from=app#mac', 'HTTPS://TONGHWA.APP/help'])('allows %s', (url) => {
    expect(decideExternalUrl(url).allow).toBe(true)
  })

  it('hands on the parsed URL, so the OS gets exactly what was checked', () => {
    expect(decideExternalUrl('HTTPS://TONGHWA.APP/a b')).toEqual({ allow: true, url: 'https://tonghwa.app/a%20b' })
  })

  it.each([
    ['http://tonghwa.app/', 'only https links'],
    ['file:///etc/passwd', 'only https links'],
    ['javascript:alert(1)', 'only https links'],
    ['smb://attacker.example/share', 'only https links'],
    ['ms-msdt:/id PCWDiagnostic', 'only https links'],
    ['x-apple.systempreferences:com.apple.preference.security?Privacy_Location', 'only https links'],
    ['ms-settings:privacy-location', 'only https links'],
    ['https://evil.example/', 'is not an allowed host'],
    ['https://tonghwa.app.evil.example/', 'is not an allowed host'],
    ['https://www.tonghwa.app/', 'is not an allowed host'],
    ['https://evil.example/?https://tonghwa.app/', 'is not an allowed host'],
    ['https://tonghwa.app@evil.example/', 'credentials'],
    ['https://user:pass@tonghwa.app/', 'credentials'],
    ['https://tonghwa.app:8443/', 'only the default https port'],
    ['not a url', 'not a URL'],
    ['', 'not a URL'],
  ])('refuses %s (%s)', (url, reason) => {
    const decision = decideExternalUrl(url)
    expect(decision.allow).toBe(false)
    expect(decision.allow ? '' : decision.reason).toContain(reason)
  })

  it('refuses a URL longer than the limit', () => {
    const url = `https://tonghwa.app/${'a'.repeat(MAX_EXTERNAL_URL_LENGTH)}`
    expect(decideExternalUrl(url)).toEqual({ allow: false, reason: `the URL is longer than ${MAX_EXTERNAL_URL_LENGTH} characters` })
  })

  it('allows exactly the four OS privacy panes the app opens, as written', () => {
    expect([...SYSTEM_SETTINGS_URLS].sort()).toEqual(
      [PRIVACY_SETTINGS_URLS.darwin.camera, PRIVACY_SETTINGS_URLS.darwin.microphone, PRIVACY_SETTINGS_URLS.win32.camera, PRIVACY_SETTINGS_URLS.win32.microphone].sort(),
    )
    for (const url of SYSTEM_SETTINGS_URLS) expect(decideExternalUrl(url)).toEqual({ allow: true, url })
  })

  it('does not allow a variation of a privacy pane URL', () => {
    expect(decideExternalUrl(`${PRIVACY_SETTINGS_URLS.win32.camera} `).allow).toBe(false)
    expect(decideExternalUrl(`${PRIVACY_SETTINGS_URLS.darwin.camera}&x=1`).allow).toBe(false)
    expect(decideExternalUrl(PRIVACY_SETTINGS_URLS.win32.camera.toUpperCase()).allow).toBe(false)
  })

  it("allows only the project's own site, the homepage in package.json", () => {
    const homepage = new URL((JSON.parse(readFileSync('package.json', 'utf8')) as { homepage: string }).homepage)
    expect(EXTERNAL_WEB_HOSTS).toEqual([homepage.hostname])
  })
})

describe('createGuardedOpenExternal', () => {
  it('opens an allowed URL', async () => {
    const open = vi.fn(async () => {})
    await createGuardedOpenExternal(open, () => {})('https://tonghwa.app/help')
    expect(open).toHaveBeenCalledWith('https://tonghwa.app/help')
  })

  it('refuses anything else with OPEN_EXTERNAL_ERR_NOT_ALLOWED, logs it, and never reaches the OS', async () => {
    const open = vi.fn(async () => {})
    const logs: string[] = []
    await expect(createGuardedOpenExternal(open, (line) => logs.push(line))('file:///C:/Windows/System32/calc.exe')).rejects.toThrow(
      new RegExp(`^${OPEN_EXTERNAL_ERR_NOT_ALLOWED}: only https links`),
    )
    expect(open).not.toHaveBeenCalled()
    expect(logs).toEqual(['[open-external] refused file:///C:/Windows/System32/calc.exe: only https links open outside the app, not file:'])
  })

  it('passes the failure of the OS on', async () => {
    const open = vi.fn(async () => {
      throw new Error('no handler')
    })
    await expect(createGuardedOpenExternal(open, () => {})(PRIVACY_SETTINGS_URLS.win32.microphone)).rejects.toThrow('no handler')
  })
})
