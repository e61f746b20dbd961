import { describe, expect, it } from 'vitest'
import { resolveServerChoice, type ServerChoiceInputs } from '../../../../src/main/server-choice/resolve-server-choice'
import type { PackagedServer } from '../../../../src/main/server-choice/packaged-server'
import { ServerUrlError } from '../../../../src/main/server-url'

const argv = (...extra: string[]) => ['/usr/bin/tonghwa', '/app/out/main/index.js', ...extra]
const SWITCH = 'wss://switch.example.org/signal'
const ENV = 'wss://env.example.org/signal'
const SETTING = 'wss://setting.example.org/signal'
const PACKAGED = 'wss://packaged.example.org/signal'

const packaged: PackagedServer = { kind: 'server', url: PACKAGED, path: '/opt/Tonghwa/resources/server.json' }
const none: PackagedServer = { kind: 'none' }

function inputs(sources: { switch?: boolean; env?: boolean; setting?: ServerChoiceInputs['setting']; packaged?: PackagedServer }): ServerChoiceInputs {
  return {
    argv: sources.switch ? argv(`--server-url=${SWITCH}`) : argv(),
    env: sources.env ? { TONGHWA_SERVER_URL: ENV } : {},
    setting: sources.setting,
    packaged: sources.packaged ?? none,
  }
}

describe('which server the app uses: --server-url > TONGHWA_SERVER_URL > the setting > the packaged default > automatic', () => {
  it.each([
    ['everything set: the switch', { switch: true, env: true, setting: { kind: 'server' as const, url: SETTING }, packaged }, { kind: 'server', url: SWITCH, source: '--server-url' }],
    ['the switch beats "Automatic" chosen in Settings', { switch: true, setting: { kind: 'automatic' as const } }, { kind: 'server', url: SWITCH, source: '--server-url' }],
    ['no switch: the environment', { env: true, setting: { kind: 'server' as const, url: SETTING }, packaged }, { kind: 'server', url: ENV, source: 'TONGHWA_SERVER_URL' }],
    ['neither: the setting', { setting: { kind: 'server' as const, url: SETTING }, packaged }, { kind: 'server', url: SETTING, source: 'setting' }],
    ['"Automatic" chosen in Settings beats the packaged default', { setting: { kind: 'automatic' as const }, packaged }, { kind: 'automatic', source: 'setting' }],
    ['never chosen: the packaged default', { packaged }, { kind: 'server', url: PACKAGED, source: 'packaged' }],
    ['nothing at all: automatic', {}, { kind: 'automatic', source: 'default' }],
  ])('%s', (_, sources, choice) => {
    expect(resolveServerChoice(inputs(sources))).toEqual({ choice, problems: [] })
  })

  it('still stops the start for a bad --server-url, naming it, rather than fall back to the setting', () => {
    expect(() => resolveServerChoice({ ...inputs({ setting: { kind: 'server', url: SETTING } }), argv: argv('--server-url=http://x') })).toThrow(ServerUrlError)
  })

  it('reports a setting it cannot use (ws:// to another machine, edited by hand) and goes on with the packaged default', () => {
    const resolved = resolveServerChoice(inputs({ setting: { kind: 'server', url: 'ws://203.0.113.7/signal' }, packaged }))
    expect(resolved.choice).toEqual({ kind: 'server', url: PACKAGED, source: 'packaged' })
    expect(resolved.problems).toEqual([{ code: 'SERVER_CHOICE_ERR_BAD_SETTING', reason: expect.stringContaining('insecure') }])
  })

  it('reports a packaged file it cannot use, and is automatic', () => {
    const bad: PackagedServer = { kind: 'invalid', path: '/opt/Tonghwa/resources/server.json', reason: 'it is not UTF-8 JSON' }
    expect(resolveServerChoice(inputs({ packaged: bad }))).toEqual({
      choice: { kind: 'automatic', source: 'default' },
      problems: [{ code: 'SERVER_CHOICE_ERR_BAD_PACKAGED', path: bad.path, reason: 'it is not UTF-8 JSON' }],
    })
  })

  it('writes the setting canonically', () => {
    expect(resolveServerChoice(inputs({ setting: { kind: 'server', url: 'WSS://Setting.Example.org/signal' } })).choice).toMatchObject({ url: SETTING })
  })
})
