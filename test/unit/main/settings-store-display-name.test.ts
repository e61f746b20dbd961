import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseSettings, SETTINGS_FILE_NAME, SettingsStore } from '../../../src/main/settings-store'
import { settingsCommands } from '../../../src/main/settings-commands'

let userDataDir: string
let settingsFile: string

beforeEach(async () => {
  userDataDir = await fs.mkdtemp(join(tmpdir(), 'tonghwa-settings-name-'))
  settingsFile = join(userDataDir, SETTINGS_FILE_NAME)
})

afterEach(async () => {
  await fs.rm(userDataDir, { recursive: true, force: true })
})

const open = () => SettingsStore.open({ userDataDir, log: () => {} })
const readJson = async () => JSON.parse(await fs.readFile(settingsFile, 'utf8')) as Record<string, unknown>

describe('"Your name" in the settings file', () => {
  it('has no name by default, keeps one tidied, and restores it at the next start', async () => {
    const settings = await open()
    expect(settings.callSettings()).toEqual({ lowData: false, displayName: '' })
    expect(await settings.saveDisplayName(' Minji\nKim ')).toBe('Minji Kim')
    expect((await readJson()).displayName).toBe('Minji Kim')
    expect((await open()).callSettings().displayName).toBe('Minji Kim')
  })

  it('removes the field when the name is cleared', async () => {
    const settings = await open()
    await settings.saveDisplayName('Minji')
    await settings.saveDisplayName('')
    expect(await readJson()).not.toHaveProperty('displayName')
    expect(settings.callSettings().displayName).toBe('')
  })

  it('refuses a name too long with its code and keeps the one it had', async () => {
    const settings = await open()
    await settings.saveDisplayName('Minji')
    await expect(settings.saveDisplayName('x'.repeat(41))).rejects.toThrow(/^DISPLAY_NAME_ERR_TOO_LONG/)
    expect(settings.callSettings().displayName).toBe('Minji')
  })

  it('drops a hand-edited name that is not one, and keeps the rest of the file (and its secret) usable', () => {
    expect(parseSettings({ version: 1, devices: {}, displayName: 'x'.repeat(80) })).toEqual({ ok: true, value: { version: 1, devices: {} } })
    expect(parseSettings({ version: 1, devices: {}, displayName: 42 })).toEqual({ ok: true, value: { version: 1, devices: {} } })
    expect(parseSettings({ version: 1, devices: {}, displayName: ' Minji ' })).toEqual({ ok: true, value: { version: 1, devices: {}, displayName: 'Minji' } })
  })

  it('is set through settings:set-display-name', async () => {
    const settings = await open()
    const commands = settingsCommands(settings)
    expect(await commands['settings:set-display-name']('Minji')).toBe('Minji')
    expect(await commands['settings:get-call']()).toEqual({ lowData: false, displayName: 'Minji' })
  })
})
