import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'

/**
 * `npm run lint:electron` as CI runs it: the real script and the real Electronegativity, over small apps
 * written here, so that the gate is seen to close and not only to open.
 */
const run = promisify(execFile)
const dirs: string[] = []

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

/** `exceptions` is given the fixture's path as the script prints it (from the repository root). */
async function lint(mainJs: string, exceptions: (file: string) => unknown): Promise<{ code: number; output: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tonghwa-electronegativity-'))
  dirs.push(dir)
  await writeFile(join(dir, 'main.js'), mainJs)
  const file = relative('.', join(dir, 'main.js')).split('\\').join('/')
  await writeFile(join(dir, 'exceptions.json'), JSON.stringify(exceptions(file)))
  try {
    const { stdout } = await run(process.execPath, ['scripts/electronegativity.mjs', '--input', dir, '--exceptions', join(dir, 'exceptions.json')])
    return { code: 0, output: stdout, file }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, output: failed.stdout + failed.stderr, file }
  }
}

const insecureWindow = `const { BrowserWindow } = require('electron')
const window = new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false, nodeIntegration: true } })
window.webContents.on('will-navigate', (event) => event.preventDefault())
`
const none = () => ({ disabledChecks: [], findings: [] })
const reason = 'a fixture: this window exists to be flagged by the linter'

describe('scripts/electronegativity.mjs', () => {
  it('fails on a finding of medium severity or above, and names it, without reaching the network', async () => {
    const result = await lint(insecureWindow, none)
    expect(result.code).toBe(1)
    expect(result.output).toMatch(/offline: \d+ network request\(s\) refused/)
    expect(result.output).toContain(`FAIL CONTEXT_ISOLATION_JS_CHECK (HIGH, FIRM) ${result.file}:2`)
    expect(result.output).toMatch(/^electronegativity: [1-9]\d* finding\(s\) of medium severity or above/m)
  })

  it('passes a finding excused with a reason, and only that one', async () => {
    const checks = ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']
    const result = await lint(insecureWindow, (file) => ({ disabledChecks: [], findings: checks.map((check) => ({ check, file, match: 'new BrowserWindow(', reason })) }))
    expect(result.output).toContain(`excused (see`)
    expect(result.output).not.toMatch(/FAIL (CONTEXT_ISOLATION|SANDBOX)_JS_CHECK/)
    // The window's other finding is not covered by those exceptions.
    expect(result.output).toContain(`FAIL AUXCLICK_JS_CHECK (MEDIUM, FIRM) ${result.file}:2`)
    expect(result.code).toBe(1)
  })

  it('fails on an exception that no longer matches anything', async () => {
    const result = await lint(insecureWindow, (file) => ({ disabledChecks: [], findings: [{ check: 'OPEN_EXTERNAL_JS_CHECK', file, match: 'shell.openExternal(', reason }] }))
    expect(result.code).toBe(1)
    expect(result.output).toContain(`FAIL stale exception`)
  })

  it('refuses an exception without a written reason', async () => {
    const result = await lint(insecureWindow, () => ({ disabledChecks: [{ check: 'AvailableSecurityFixesGlobalCheck', reason: 'offline' }], findings: [] }))
    expect(result.code).toBe(1)
    expect(result.output).toContain('every exception needs a written reason')
  })

  it("passes the app's own sources with the reviewed exceptions", async () => {
    const { stdout } = await run(process.execPath, ['scripts/electronegativity.mjs'])
    expect(stdout).toMatch(/^electronegativity: 0 finding\(s\) of medium severity or above/m)
  })
})
