import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseSettings, SETTINGS_FILE_NAME, SettingsStore } from '../../../src/main/settings-store'
import { generatePersonalSecret, type PersonalSecret } from '../../../src/shared/personal-code'

let userDataDir: string
let settingsFile: string
let logs: string[]

beforeEach(async () => {
  userDataDir = await fs.mkdtemp(join(tmpdir(), 'tonghwa-settings-'))
  settingsFile = join(userDataDir, SETTINGS_FILE_NAME)
  logs = []
})

afterEach(async () => {
  await fs.rm(userDataDir, { recursive: true, force: true })
})

const open = (options: Partial<Parameters<typeof SettingsStore.open>[0]> = {}) =>
  SettingsStore.open({ userDataDir, log: (message) => logs.push(message), now: () => new Date('2025-01-02T03:04:05.006Z'), ...options })

const readJson = async () => JSON.parse(await fs.readFile(settingsFile, 'utf8')) as unknown
const camera = { deviceId: 'f0e1d2c3', label: 'Logitech C920' }

describe('SettingsStore', () => {
  it('lives at <userData>/settings.json and starts with no device choices', async () => {
    const settings = await open()
    expect(settings.path).toBe(settingsFile)
    expect(settings.devicePreferences()).toEqual({})
    expect(logs).toEqual([])
  })

  it('saves a choice with its id and label under a version, and restores it at the next start', async () => {
    const settings = await open()
    await settings.saveDevicePreference('camera', camera)
    await settings.saveDevicePreference('microphone', { deviceId: 'default', label: 'System default' })
    expect(await readJson()).toEqual({ version: 1, devices: { camera, microphone: { deviceId: 'default', label: 'System default' } } })
    expect((await open()).devicePreferences()).toEqual({ camera, microphone: { deviceId: 'default', label: 'System default' } })
  })

  it('forgets a choice saved as null (back to the system default)', async () => {
    const settings = await open()
    await settings.saveDevicePreference('speaker', { deviceId: 'spk', label: 'Headset' })
    await settings.saveDevicePreference('speaker', null)
    expect(settings.devicePreferences()).toEqual({})
    expect(await readJson()).toEqual({ version: 1, devices: {} })
  })

  it('answers with the new choice at once, before the write has finished', async () => {
    const settings = await open()
    const saved = settings.saveDevicePreference('camera', camera)
    expect(settings.devicePreferences()).toEqual({ camera })
    await saved
  })

  it('hands out copies: changing one does not change the store', async () => {
    const settings = await open()
    await settings.saveDevicePreference('camera', camera)
    const copy = settings.devicePreferences()
    copy.camera!.label = 'changed'
    expect(settings.devicePreferences().camera?.label).toBe('Logitech C920')
  })

  it('keeps the last of many quick saves', async () => {
    const settings = await open()
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => settings.saveDevicePreference('camera', { deviceId: id, label: id })))
    expect(await readJson()).toEqual({ version: 1, devices: { camera: { deviceId: 'd', label: 'd' } } })
  })

  it('moves a corrupt file aside, logs where it went, and starts from defaults', async () => {
    await fs.writeFile(settingsFile, '{"version":1,"devices":')
    const settings = await open()
    expect(settings.devicePreferences()).toEqual({})
    const backup = join(userDataDir, 'settings.json.corrupt-2025-01-02T03-04-05-006Z')
    expect(await fs.readFile(backup, 'utf8')).toBe('{"version":1,"devices":')
    expect(logs).toEqual([expect.stringMatching(/could not be used \(not valid JSON .*\); it was kept as .*settings\.json\.corrupt-2025-01-02T03-04-05-006Z/)])
  })

  it('does not overwrite a file it cannot read, and keeps choices in memory for the session', async () => {
    await fs.writeFile(settingsFile, JSON.stringify({ version: 1, devices: { camera } }))
    const unreadable = { ...fs, readFile: () => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })) }
    const settings = await open({ fs: unreadable })
    expect(logs).toEqual([expect.stringContaining('STORE_ERR_READ')])
    await settings.saveDevicePreference('camera', { deviceId: 'other', label: 'Other' })
    expect(settings.devicePreferences()).toEqual({ camera: { deviceId: 'other', label: 'Other' } })
    expect(await readJson()).toEqual({ version: 1, devices: { camera } })
  })

  it('has no personal secret at first, keeps the one saved, and restores it at the next start', async () => {
    const settings = await open()
    expect(settings.personalSecret()).toBeNull()
    const secret = generatePersonalSecret()
    await settings.savePersonalSecret(secret)
    expect(await readJson()).toEqual({ version: 1, devices: {}, personalSecret: secret })
    expect((await open()).personalSecret()).toBe(secret)
  })

  it('keeps the old personal secret when the new one could not be written', async () => {
    const first = generatePersonalSecret()
    await (await open()).savePersonalSecret(first)
    const settings = await open({ fs: { ...fs, open: () => Promise.reject(Object.assign(new Error('ENOSPC: no space left'), { code: 'ENOSPC' })) } })
    await expect(settings.savePersonalSecret(generatePersonalSecret())).rejects.toThrow(/^STORE_ERR_WRITE: /)
    expect(settings.personalSecret()).toBe(first)
  })

  it('refuses to save something that is not a personal secret', async () => {
    const settings = await open()
    await expect(settings.savePersonalSecret('hunter2' as PersonalSecret)).rejects.toThrow(TypeError)
  })

  it('follows the system language until one is chosen, and restores the choice at the next start', async () => {
    const settings = await open({ systemLanguages: () => ['ko-KR', 'en-US'] })
    expect(settings.languageSettings()).toEqual({ preference: 'system', systemLanguages: ['ko-KR', 'en-US'] })
    await settings.saveLanguage('en')
    expect(settings.languageSettings().preference).toBe('en')
    expect(await readJson()).toMatchObject({ version: 1, language: 'en' })
    expect((await open()).languageSettings()).toEqual({ preference: 'en', systemLanguages: [] })
  })

  it('speaks the system language until one is chosen, and tells listeners the resolved language on every choice', async () => {
    const settings = await open({ systemLanguages: () => ['ko-KR', 'en-US'] })
    expect(settings.locale()).toBe('ko')
    const heard: string[] = []
    const unsubscribe = settings.onLanguageChange((locale) => heard.push(locale))
    await settings.saveLanguage('en')
    expect(settings.locale()).toBe('en')
    await settings.saveLanguage('system')
    unsubscribe()
    await settings.saveLanguage('en')
    expect(heard).toEqual(['en', 'ko'])
  })

  it('follows the system theme until one is chosen, keeps a choice across starts, and drops the field for "system"', async () => {
    const settings = await open()
    expect(settings.themePreference()).toBe('system')
    await settings.saveTheme('light')
    expect(await readJson()).toMatchObject({ version: 1, theme: 'light' })
    expect((await open()).themePreference()).toBe('light')
    await settings.saveTheme('system')
    expect(await readJson()).not.toHaveProperty('theme')
    expect((await open()).themePreference()).toBe('system')
  })

  it('refuses to save a theme that is not one', async () => {
    const settings = await open()
    await expect(settings.saveTheme('sepia' as never)).rejects.toThrow(TypeError)
    expect(settings.themePreference()).toBe('system')
  })

  it('reads an unknown theme in the file as following the system, keeping the rest of the file', () => {
    expect(parseSettings({ version: 1, devices: {}, theme: 'dark' })).toEqual({ ok: true, value: { version: 1, devices: {}, theme: 'dark' } })
    expect(parseSettings({ version: 1, devices: {}, theme: 'sepia', language: 'ko' })).toEqual({ ok: true, value: { version: 1, devices: {}, language: 'ko' } })
    expect(parseSettings({ version: 1, devices: {}, theme: 7 })).toEqual({ ok: true, value: { version: 1, devices: {} } })
  })

  it('refuses to save a language it does not have', async () => {
    const settings = await open()
    await expect(settings.saveLanguage('fr' as never)).rejects.toThrow(TypeError)
    expect(settings.languageSettings().preference).toBe('system')
  })

  it('reads a hand-edited ring timeout, and says where a damaged file went', async () => {
    await fs.writeFile(settingsFile, JSON.stringify({ version: 1, devices: {}, ringTimeoutMs: 45_000 }))
    const settings = await open()
    expect(settings.ringTimeoutMs()).toBe(45_000)
    expect(settings.recovered).toBeNull()
    await fs.writeFile(settingsFile, 'garbage')
    expect((await open()).recovered).toEqual({ backupPath: join(userDataDir, 'settings.json.corrupt-2025-01-02T03-04-05-006Z'), reason: expect.any(String) })
  })

  it('rejects a save that could not be written, and logs it', async () => {
    const settings = await open({ fs: { ...fs, open: () => Promise.reject(Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' })) } })
    await expect(settings.saveDevicePreference('camera', camera)).rejects.toThrow(/^STORE_ERR_WRITE: .*EROFS/)
    expect(logs).toEqual([expect.stringContaining('STORE_ERR_WRITE')])
  })
})

describe('parseSettings', () => {
  it('accepts the current version with valid choices', () => {
    expect(parseSettings({ version: 1, devices: { camera } })).toEqual({ ok: true, value: { version: 1, devices: { camera } } })
  })

  it('accepts a personal secret and a ring timeout, and a file from before they existed', () => {
    const personalSecret = generatePersonalSecret()
    expect(parseSettings({ version: 1, devices: {}, personalSecret, ringTimeoutMs: 10_000 })).toEqual({
      ok: true,
      value: { version: 1, devices: {}, personalSecret, ringTimeoutMs: 10_000 },
    })
  })

  it('accepts a language choice, and reads a file without one as following the system', () => {
    expect(parseSettings({ version: 1, devices: {}, language: 'ko' })).toEqual({ ok: true, value: { version: 1, devices: {}, language: 'ko' } })
  })

  it('accepts "Always use a relay", and reads a file without it as off', () => {
    expect(parseSettings({ version: 1, devices: {}, relayOnly: true })).toEqual({ ok: true, value: { version: 1, devices: {}, relayOnly: true } })
    expect(parseSettings({ version: 1, devices: {} })).toEqual({ ok: true, value: { version: 1, devices: {} } })
  })

  it('accepts "Low data", and reads a file without it as off', () => {
    expect(parseSettings({ version: 1, devices: {}, lowData: true })).toEqual({ ok: true, value: { version: 1, devices: {}, lowData: true } })
  })

  it.each([
    [[], 'not a JSON object'],
    [null, 'not a JSON object'],
    [{ devices: {} }, 'no version field'],
    [{ version: 2, devices: {} }, 'written by a newer Tonghwa (settings version 2)'],
    [{ version: 0, devices: {} }, 'unknown settings version 0'],
    [{ version: 1, devices: { camera: { deviceId: '', label: 'x' } } }, 'the device choices are malformed'],
    [{ version: 1, devices: { printer: camera } }, 'the device choices are malformed'],
    [{ version: 1 }, 'the device choices are malformed'],
    [{ version: 1, devices: {}, personalSecret: 'hunter2' }, 'the personal secret is malformed'],
    [{ version: 1, devices: {}, personalSecret: null }, 'the personal secret is malformed'],
    [{ version: 1, devices: {}, ringTimeoutMs: '30s' }, 'the ring timeout is not a number'],
    [{ version: 1, devices: {}, relayOnly: 'yes' }, 'relayOnly is not true or false'],
    [{ version: 1, devices: {}, lowData: 'on' }, 'lowData is not true or false'],
    [{ version: 1, devices: {}, language: 'fr' }, 'language is not system, en or ko'],
  ])('refuses %j: %s', (raw, reason) => {
    expect(parseSettings(raw)).toEqual({ ok: false, reason })
  })
})
