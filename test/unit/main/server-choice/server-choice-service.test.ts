import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openServerChoice, ServerChoiceService } from '../../../../src/main/server-choice/server-choice-service'
import { SettingsStore } from '../../../../src/main/settings-store'
import type { ServerChoice } from '../../../../src/shared/server-choice'

const argv = ['/usr/bin/tonghwa', '.']
const SERVER = 'wss://signal.example.org/signal'
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tonghwa-server-choice-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function open(options: { env?: Record<string, string>; packaged?: string } = {}) {
  const settings = await SettingsStore.open({ userDataDir: dir, log: () => {} })
  if (options.packaged !== undefined) await writeFile(join(dir, 'server.json'), options.packaged)
  const service = await openServerChoice({ argv, env: options.env ?? {}, settings, resourcesDir: dir, log: () => {} })
  const changes: Array<[ServerChoice, ServerChoice]> = []
  service.onServerChoiceChange((choice, previous) => void changes.push([choice, previous]))
  return { settings, service, changes }
}

describe('ServerChoiceService', () => {
  it('saves the choice in settings.json, and it holds at the next start', async () => {
    const { settings, service } = await open()
    await service.choose({ kind: 'server', url: SERVER })
    await settings.flush()
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')).server).toEqual({ kind: 'server', url: SERVER })
    const again = await open()
    expect(again.service.choice).toEqual({ kind: 'server', url: SERVER, source: 'setting' })
  })

  it('tells onServerChoiceChange listeners, with the choice before, when the server the app uses changes', async () => {
    const { service, changes } = await open()
    await service.choose({ kind: 'server', url: SERVER })
    await service.choose({ kind: 'automatic' })
    expect(changes).toEqual([
      [{ kind: 'server', url: SERVER, source: 'setting' }, { kind: 'automatic', source: 'default' }],
      [{ kind: 'automatic', source: 'setting' }, { kind: 'server', url: SERVER, source: 'setting' }],
    ])
  })

  it('does not announce a save that changes nothing (the same server again, or Automatic when already automatic)', async () => {
    const { service, changes } = await open()
    await service.choose({ kind: 'automatic' })
    await service.choose({ kind: 'server', url: SERVER })
    await service.choose({ kind: 'server', url: 'wss://SIGNAL.example.org/signal' })
    expect(changes).toHaveLength(1)
  })

  it('refuses to change anything while TONGHWA_SERVER_URL decides, and says so in the status', async () => {
    const { service, changes } = await open({ env: { TONGHWA_SERVER_URL: 'wss://env.example.org/signal' } })
    expect(service.status().choice).toEqual({ kind: 'server', url: 'wss://env.example.org/signal', source: 'TONGHWA_SERVER_URL' })
    await expect(service.choose({ kind: 'server', url: SERVER })).rejects.toThrow(/^SERVER_CHOICE_ERR_LOCKED: the server is set by TONGHWA_SERVER_URL/)
    expect(changes).toEqual([])
  })

  it('refuses ws:// to another machine with SERVER_CHOICE_ERR_BAD_ADDRESS and keeps the old choice', async () => {
    const { service, settings } = await open()
    await expect(service.choose({ kind: 'server', url: 'ws://198.51.100.4/signal' })).rejects.toThrow(/^SERVER_CHOICE_ERR_BAD_ADDRESS: /)
    expect(settings.serverSetting()).toBeUndefined()
  })

  it('shows the packaged default, and a packaged file it cannot use as a problem', async () => {
    const shipped = await open({ packaged: `{"version":1,"server":"${SERVER}"}` })
    expect(shipped.service.status()).toEqual({ setting: { kind: 'automatic' }, choice: { kind: 'server', url: SERVER, source: 'packaged' }, packagedUrl: SERVER, problems: [] })
    const broken = await open({ packaged: '{"version":1,"server":"ws://x"}' })
    expect(broken.service.status().problems).toEqual([{ code: 'SERVER_CHOICE_ERR_BAD_PACKAGED', path: join(dir, 'server.json'), reason: expect.any(String) }])
  })

  it('names the server it uses in invitations, and none in automatic mode', async () => {
    const { service } = await open()
    expect(service.inviteServer()).toBeNull()
    await service.choose({ kind: 'server', url: SERVER })
    expect(service.inviteServer()).toBe(SERVER)
  })

  it('keeps announcing to the other listeners when one throws', async () => {
    const settings = await SettingsStore.open({ userDataDir: dir, log: () => {} })
    const logged: string[] = []
    const service = new ServerChoiceService({ argv, env: {}, settings, packaged: { kind: 'none' }, log: (line) => logged.push(line) })
    const seen: string[] = []
    service.onServerChoiceChange(() => {
      throw new Error('phone gone')
    })
    service.onServerChoiceChange((choice) => void seen.push(choice.kind))
    await service.choose({ kind: 'server', url: SERVER })
    expect(seen).toEqual(['server'])
    expect(logged).toEqual([expect.stringContaining('phone gone')])
  })
})

describe('settings.json server field', () => {
  it('keeps a hand-edited address it cannot use, so the rest of the file (and the personal secret) is kept', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ version: 1, devices: {}, server: { kind: 'server', url: 'ws://203.0.113.1/signal' } }))
    const { settings, service } = await open()
    expect(settings.recovered).toBeNull()
    expect(service.status()).toMatchObject({ setting: { kind: 'automatic' }, choice: { kind: 'automatic', source: 'default' }, problems: [{ code: 'SERVER_CHOICE_ERR_BAD_SETTING' }] })
  })

  it('sets a file with a malformed server field aside, as it does any malformed field', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ version: 1, devices: {}, server: { kind: 'lan', url: 1 } }))
    const settings = await SettingsStore.open({ userDataDir: dir, log: () => {} })
    expect(settings.recovered?.reason).toMatch(/server is not/)
  })
})
