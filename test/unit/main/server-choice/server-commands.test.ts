import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSenderCheck, trustedAppOrigins } from '../../../../src/main/app-origin'
import { registerCommandHandlers, type CommandImplementations } from '../../../../src/main/ipc-handlers'
import { noServerCommands, serverCommands } from '../../../../src/main/server-choice/server-commands'
import { ServerChoiceService } from '../../../../src/main/server-choice/server-choice-service'
import { SettingsStore } from '../../../../src/main/settings-store'
import { commandArgs } from '../../../../src/shared/ipc-contract'
import type { ServerTestResult } from '../../../../src/shared/server-choice'
import { FakeIpcMain, fromApp, fromStranger } from '../fake-ipc-main'

const SERVER = 'wss://signal.example.org/signal'
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tonghwa-server-commands-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** The server domain behind the real IPC gates; every other channel is a stub. */
async function setup(domain: 'real' | 'none') {
  const settings = await SettingsStore.open({ userDataDir: dir, log: () => {} })
  const choice = new ServerChoiceService({ argv: [], env: {}, settings, packaged: { kind: 'none' }, log: () => {} })
  const tested: string[] = []
  const test = async (address: string): Promise<ServerTestResult> => {
    tested.push(address)
    return { ok: false, problem: { code: 'SERVER_TEST_NO_ANSWER', reason: 'refused' } }
  }
  const server = domain === 'real' ? serverCommands({ choice, test }) : noServerCommands()
  const ipc = new FakeIpcMain()
  const commands = Object.fromEntries(Object.keys(commandArgs).map((channel) => [channel, () => undefined]))
  registerCommandHandlers({ ipc, isTrustedSender: createSenderCheck(trustedAppOrigins()), commands: { ...commands, ...server } as CommandImplementations })
  return { ipc, settings, tested }
}

describe('the server domain over IPC', () => {
  it('reports, saves and tests through main, with the address written canonically', async () => {
    const { ipc, settings, tested } = await setup('real')
    expect(await ipc.invoke('server:get-choice', fromApp)).toMatchObject({ setting: { kind: 'automatic' }, choice: { kind: 'automatic', source: 'default' } })
    expect(await ipc.invoke('server:set-choice', fromApp, { kind: 'server', url: 'wss://Signal.Example.org/signal' })).toMatchObject({ choice: { kind: 'server', url: SERVER, source: 'setting' } })
    expect(settings.serverSetting()).toEqual({ kind: 'server', url: SERVER })
    expect(await ipc.invoke('server:get-invite-server', fromApp)).toBe(SERVER)
    await ipc.invoke('server:test', fromApp, 'wss://other.example.org/signal')
    expect(tested).toEqual(['wss://other.example.org/signal'])
  })

  it('refuses a page of another origin and a ws:// server on another machine, saving nothing', async () => {
    const { ipc, settings } = await setup('real')
    await expect(ipc.invoke('server:set-choice', fromStranger, { kind: 'server', url: SERVER })).rejects.toThrow(/^IPC_ERR_UNTRUSTED_SENDER: /)
    await expect(ipc.invoke('server:set-choice', fromApp, { kind: 'server', url: 'ws://198.51.100.7/signal' })).rejects.toThrow(/^IPC_ERR_BAD_ARGS: /)
    expect(settings.serverSetting()).toBeUndefined()
  })

  it('has no server setting in a window without one: none reported, none changed, nothing tested', async () => {
    const { ipc } = await setup('none')
    expect(await ipc.invoke('server:get-choice', fromApp)).toBeNull()
    expect(await ipc.invoke('server:get-invite-server', fromApp)).toBeNull()
    await expect(ipc.invoke('server:set-choice', fromApp, { kind: 'automatic' })).rejects.toThrow(/^SERVER_CHOICE_ERR_UNAVAILABLE: /)
    await expect(ipc.invoke('server:test', fromApp, SERVER)).rejects.toThrow(/^SERVER_CHOICE_ERR_UNAVAILABLE: /)
  })
})
