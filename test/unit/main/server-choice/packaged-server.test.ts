import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PACKAGED_SERVER_FILE, readPackagedServer } from '../../../../src/main/server-choice/packaged-server'

const SCRIPT = resolve('scripts/write-packaged-server.mjs')
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tonghwa-packaged-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const write = (text: string) => writeFile(join(dir, PACKAGED_SERVER_FILE), text)

describe('readPackagedServer (resources/server.json)', () => {
  it('reads the server an organisation shipped, canonically', async () => {
    await write('{"version":1,"server":"wss://Signal.Example.org/signal"}')
    expect(await readPackagedServer(dir)).toEqual({ kind: 'server', url: 'wss://signal.example.org/signal', path: join(dir, PACKAGED_SERVER_FILE) })
  })

  it('takes a missing file, or "server": null, as none', async () => {
    expect(await readPackagedServer(dir)).toEqual({ kind: 'none' })
    await write('{"version":1,"server":null}')
    expect(await readPackagedServer(dir)).toEqual({ kind: 'none' })
    expect(await readPackagedServer(null)).toEqual({ kind: 'none' })
  })

  it.each([
    ['not JSON', 'wss://signal.example.org/signal', /not UTF-8 JSON/],
    ['not an object', '["wss://signal.example.org/signal"]', /not a JSON object/],
    ['another version', '{"version":2,"server":"wss://signal.example.org/signal"}', /version is 2/],
    ['no version', '{"server":"wss://signal.example.org/signal"}', /version is undefined/],
    ['a field it does not know', '{"version":1,"server":null,"turn":"x"}', /does not know \(turn\)/],
    ['ws:// even to this machine', '{"version":1,"server":"ws://127.0.0.1:4780/signal"}', /must be a wss:\/\//],
    ['ws:// to another machine', '{"version":1,"server":"ws://signal.example.org/signal"}', /insecure/],
    ['https://', '{"version":1,"server":"https://signal.example.org/"}', /not-websocket/],
    ['a number', '{"version":1,"server":42}', /empty/],
    ['a huge file', `{"version":1,"server":null,"pad":"${'x'.repeat(5_000)}"}`, /larger than/],
  ])('reports a file that is %s, with the reason, never as none', async (_, text, reason) => {
    await write(text)
    const result = await readPackagedServer(dir)
    expect(result).toMatchObject({ kind: 'invalid', path: join(dir, PACKAGED_SERVER_FILE) })
    expect(result.kind === 'invalid' && result.reason).toMatch(reason)
  })

  it('reports a file it cannot read, with the system error code', async () => {
    await write('{"version":1,"server":null}')
    const unreadable = { readFile: async () => Promise.reject(Object.assign(new Error('permission denied'), { code: 'EACCES' })) }
    expect(await readPackagedServer(dir, unreadable)).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('EACCES') })
  })
})

describe('scripts/write-packaged-server.mjs (npm run dist)', () => {
  const run = (env: Record<string, string>, out: string) =>
    promisify(execFile)(process.execPath, [SCRIPT, '--out', out], { env: { PATH: process.env.PATH ?? '', ...env } })

  it('writes TONGHWA_PACKAGED_SERVER_URL into a file the app reads back as that server', async () => {
    const out = join(dir, 'nested', PACKAGED_SERVER_FILE)
    await run({ TONGHWA_PACKAGED_SERVER_URL: 'wss://signal.example.org/signal' }, out)
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual({ version: 1, server: 'wss://signal.example.org/signal' })
    expect(await readPackagedServer(join(dir, 'nested'))).toMatchObject({ kind: 'server', url: 'wss://signal.example.org/signal' })
  })

  it('writes "no server" without the variable, replacing a file an earlier build left', async () => {
    const out = join(dir, PACKAGED_SERVER_FILE)
    await write('{"version":1,"server":"wss://old.example.org/signal"}')
    await run({}, out)
    expect(await readPackagedServer(dir)).toEqual({ kind: 'none' })
  })

  it.each([
    ['ws://', 'ws://signal.example.org/signal', /must be a wss:\/\//],
    ['not a URL', 'signal.example.org', /is not a URL/],
    ['credentials', 'wss://admin:pw@signal.example.org/signal', /user name or password/],
  ])('stops the build for %s, with the reason, and writes nothing', async (_, value, reason) => {
    const out = join(dir, 'never', PACKAGED_SERVER_FILE)
    const failure = await run({ TONGHWA_PACKAGED_SERVER_URL: value }, out).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    )
    expect(failure?.code).toBe(1)
    expect(failure?.stderr).toMatch(reason)
    await expect(readFile(out)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('is run by npm run dist before electron-builder, which packs the file into the resources', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> }
    expect(pkg.scripts.dist).toMatch(/node scripts\/write-packaged-server\.mjs && electron-builder$/)
    const builder = await readFile('electron-builder.yml', 'utf8')
    expect(builder).toMatch(/^extraResources:\n {2}- from: out\/packaged\/server\.json\n {4}to: server\.json$/m)
  })
})
