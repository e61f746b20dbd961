import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmod, cp, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort } from '../../support/free-port'
import { storedZip } from '../../support/stored-zip'

/**
 * The README's first command, `npm start`, as a new user runs it: the real script, Electron's real installer,
 * electron-vite's real build and launch. Only the Electron executable is a stand-in (ELECTRON_EXEC_PATH, which
 * electron-vite honours) that records how it was launched, and the download goes to servers on this machine.
 */
const repo = resolve('.')
const dirs: string[] = []
const servers: Server[] = []

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((done) => server.close(done))
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `tonghwa-${name}-`))
  dirs.push(dir)
  return dir
}

/** A copy of the `electron` package as npm installs it: no binary, no path.txt, whatever this checkout has. */
async function electronPackageWithoutBinary(): Promise<string> {
  const dir = join(await tempDir('electron-package'), 'electron')
  await cp(join(repo, 'node_modules/electron'), dir, {
    recursive: true,
    filter: (source) => !/[\\/]electron[\\/](dist|path\.txt)$/.test(source),
  })
  return dir
}

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function run(command: string, args: string[], options: { cwd?: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd ?? repo, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      fail(new Error(`${command} ${args.join(' ')} did not finish:\n${stdout}\n${stderr}`))
    }, options.timeoutMs ?? 30_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      done({ code, stdout, stderr })
    })
  })
}

/** The environment a person's shell has: none of the variables that point Electron somewhere on purpose. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const name of Object.keys(env)) {
    if (/^(ELECTRON_|npm_config_electron|NPM_CONFIG_ELECTRON|electron_)/.test(name)) delete env[name]
  }
  return { ...env, ELECTRON_GET_NO_PROGRESS: '1', ...extra }
}

/** Environment for a start whose `electron` package is `packageDir`, downloading from `mirror`. */
async function downloadEnv(packageDir: string, mirror: string, extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  return cleanEnv({
    TONGHWA_ELECTRON_PACKAGE_DIR: packageDir,
    // The copy lives outside node_modules; its installer finds @electron/get through NODE_PATH.
    NODE_PATH: join(repo, 'node_modules'),
    ELECTRON_MIRROR: mirror,
    electron_config_cache: await tempDir('electron-cache'),
    ...extra,
  })
}

/** Runs `node scripts/start.mjs preview` (what `npm start` runs) with Electron's package replaced by a copy without binary. */
async function startWithoutBinary(mirror: string): Promise<Run> {
  const env = await downloadEnv(await electronPackageWithoutBinary(), mirror)
  return run(process.execPath, ['scripts/start.mjs', 'preview'], { env })
}

/** An Electron stand-in: records its arguments, its working folder and the main entry it would load, then exits 0. */
function standInSource(record: string): string {
  return `#!${process.execPath}
const { readFileSync, writeFileSync } = require('node:fs')
const { resolve } = require('node:path')
const main = JSON.parse(readFileSync(resolve(process.argv[2], 'package.json'), 'utf8')).main
writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd(), main: resolve(process.argv[2], main) }))
`
}

interface Launch {
  args: string[]
  cwd: string
  main: string
}

async function localMirror(answer: (url: string) => { status: number; body: string | Buffer }): Promise<{ base: string; requested: string[] }> {
  const requested: string[] = []
  const server = createServer((request, response) => {
    requested.push(request.url ?? '')
    const { status, body } = answer(request.url ?? '')
    response.writeHead(status, { 'content-length': Buffer.byteLength(body) })
    response.end(body)
  })
  servers.push(server)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('no port')
  return { base: `http://127.0.0.1:${address.port}/`, requested }
}

function expectPlainFailure(result: Run): void {
  const output = result.stdout + result.stderr
  expect(result.code).toBe(1)
  expect(output).toContain('First run: downloading Electron 45.')
  expect(output).toContain('Tonghwa could not download Electron')
  expect(output).toContain('What to do:')
  expect(output).not.toContain('Electron uninstall')
  // No stack trace: not one "    at fn (file:line)" line.
  expect(output).not.toMatch(/^\s+at .+:\d+/m)
  // The plain message is the last thing the person reads.
  expect(result.stderr.trim().split('\n').at(-1)).toBe('More in the README, "First run".')
}

describe('npm start on a machine without the Electron binary', () => {
  it('says nothing answered, what to do, and exits 1 when the download server cannot be reached', async () => {
    const port = await freePort()
    const result = await startWithoutBinary(`http://127.0.0.1:${port}/`)
    expectPlainFailure(result)
    expect(result.stderr).toContain(`Nothing answered at 127.0.0.1:${port}`)
    expect(result.stderr).toContain(`You are using the mirror http://127.0.0.1:${port}/ (ELECTRON_MIRROR)`)
  })

  it('says the name did not resolve when the download host has no address', async () => {
    const result = await startWithoutBinary('http://tonghwa-no-such-host.invalid/')
    expectPlainFailure(result)
    expect(result.stderr).toContain('The name tonghwa-no-such-host.invalid did not resolve')
  })

  it('says the mirror lacks this version when it answers 404, having asked it for the right file', async () => {
    const mirror = await localMirror(() => ({ status: 404, body: 'Not Found' }))
    const result = await startWithoutBinary(mirror.base)
    expectPlainFailure(result)
    expect(mirror.requested).toEqual([`/v45.4.1/electron-v45.4.1-${process.platform}-${process.arch}.zip`])
    expect(result.stderr).toContain('does not have Electron 45.4.1')
  })

  it("refuses a download that does not match Electron's published checksum", async () => {
    const mirror = await localMirror(() => ({ status: 200, body: Buffer.from('not really a zip file') }))
    const result = await startWithoutBinary(mirror.base)
    expectPlainFailure(result)
    expect(result.stderr).toContain("did not match Electron's published checksum")
  })
})

describe('npm start with Electron present', () => {
  it('builds the app and launches Electron with the built main entry, passing the app its arguments', async () => {
    const project = await isolatedProject()
    const record = join(project, 'launched.json')
    const standIn = join(project, 'electron-stand-in.cjs')
    await writeFile(standIn, standInSource(record))
    await chmod(standIn, 0o755)
    const startedAt = Date.now()
    const result = await run('npm', ['start', '--', '--', '--server-url=ws://127.0.0.1:1/signal'], {
      cwd: project,
      env: cleanEnv({ ELECTRON_EXEC_PATH: standIn }),
      timeoutMs: 150_000,
    })
    expect(result.code, result.stdout + result.stderr).toBe(0)
    expect(result.stdout + result.stderr).not.toContain('downloading Electron')
    const launched = JSON.parse(await readFile(record, 'utf8')) as Launch
    expect(launched.cwd).toBe(project)
    expect(launched.args).toEqual(['.', '--server-url=ws://127.0.0.1:1/signal'])
    expect(launched.main).toBe(join(project, 'out/main/index.js'))
    for (const built of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      expect((await stat(join(project, built))).mtimeMs, built).toBeGreaterThan(startedAt)
    }
  }, 180_000)

  it("downloads Electron once through Electron's own installer and launches it; the next start skips the download", async () => {
    const project = await isolatedProject()
    const record = join(project, 'launched.json')
    const zipName = `electron-v45.4.1-${process.platform}-${process.arch}.zip`
    const zip = storedZip([{ name: 'electron', data: Buffer.from(standInSource(record)), mode: 0o755 }])
    const mirror = await localMirror((url) => {
      if (url === `/v45.4.1/${zipName}`) return { status: 200, body: zip }
      // Remote checksums, so the installer checks the stand-in's zip against the mirror's list, as it would a mirror's.
      if (url === '/v45.4.1/SHASUMS256.txt') return { status: 200, body: `${createHash('sha256').update(zip).digest('hex')} *${zipName}\n` }
      return { status: 404, body: 'Not Found' }
    })
    const packageDir = await electronPackageWithoutBinary()
    const env = await downloadEnv(packageDir, mirror.base, { electron_use_remote_checksums: '1' })

    const first = await run('npm', ['start'], { cwd: project, env, timeoutMs: 150_000 })
    expect(first.code, first.stdout + first.stderr).toBe(0)
    expect(first.stdout).toContain('First run: downloading Electron 45.4.1')
    expect(first.stdout).toContain('Electron 45.4.1 is ready')
    expect(await readFile(join(packageDir, 'path.txt'), 'utf8')).toBe('electron')
    expect((JSON.parse(await readFile(record, 'utf8')) as Launch).main).toBe(join(project, 'out/main/index.js'))

    await rm(record)
    const requestsBefore = mirror.requested.length
    const second = await run('npm', ['start'], { cwd: project, env, timeoutMs: 150_000 })
    expect(second.code, second.stdout + second.stderr).toBe(0)
    expect(second.stdout).not.toContain('downloading')
    expect(mirror.requested.length).toBe(requestsBefore)
    expect((JSON.parse(await readFile(record, 'utf8')) as Launch).args).toEqual(['.'])
  }, 300_000)
})

/** The project's sources and configs in a folder of their own, so this build never touches the out/ other tests read. */
async function isolatedProject(): Promise<string> {
  const project = await tempDir('start')
  for (const entry of ['src', 'scripts', 'package.json', 'electron.vite.config.ts', 'svelte.config.js', 'tsconfig.json', 'tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.e2e.json']) {
    await cp(join(repo, entry), join(project, entry), { recursive: true })
  }
  await symlink(join(repo, 'node_modules'), join(project, 'node_modules'), 'dir')
  await mkdir(join(project, 'out'))
  return project
}
