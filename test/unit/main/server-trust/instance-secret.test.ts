import { chmod, lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { INSTANCE_SECRET_FILE, loadInstanceSecret } from '../../../../src/main/server-trust/instance-secret'

let dir: string
let logged: string[]
const load = () => loadInstanceSecret(dir, { platform: 'linux', log: (message) => logged.push(message) })

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tonghwa-instance-secret-'))
  logged = []
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe.runIf(process.platform !== 'win32')('loadInstanceSecret', () => {
  it('makes 32 random bytes, in a file only this user can read, and gives the same secret back next time', async () => {
    const secret = await load()
    expect(secret).toMatch(/^[0-9a-f]{64}$/)
    const stats = await lstat(join(dir, INSTANCE_SECRET_FILE))
    expect(stats.mode & 0o777).toBe(0o600)
    expect(await readFile(join(dir, INSTANCE_SECRET_FILE), 'utf8')).toBe(`${secret}\n`)
    expect(await load()).toBe(secret)
    expect(logged).toEqual([])
  })

  it('replaces a secret that others could have read, and one that is not a secret', async () => {
    const first = await load()
    await chmod(join(dir, INSTANCE_SECRET_FILE), 0o644)
    const second = await load()
    expect(second).not.toBe(first)
    expect((await lstat(join(dir, INSTANCE_SECRET_FILE))).mode & 0o777).toBe(0o600)
    await writeFile(join(dir, INSTANCE_SECRET_FILE), 'password\n', { mode: 0o600 })
    expect(await load()).toMatch(/^[0-9a-f]{64}$/)
  })

  it('does not follow a link planted where the secret goes', async () => {
    const elsewhere = join(dir, 'elsewhere')
    await writeFile(elsewhere, `${'a'.repeat(64)}\n`, { mode: 0o600 })
    await symlink(elsewhere, join(dir, INSTANCE_SECRET_FILE))
    const secret = await load()
    expect(secret).not.toBe('a'.repeat(64))
    expect((await lstat(join(dir, INSTANCE_SECRET_FILE))).isSymbolicLink()).toBe(false)
    expect(await readFile(elsewhere, 'utf8')).toBe(`${'a'.repeat(64)}\n`)
  })

  it('keeps a secret in memory only, and says so, when the file cannot be written', async () => {
    await mkdir(join(dir, INSTANCE_SECRET_FILE))
    await writeFile(join(dir, INSTANCE_SECRET_FILE, 'x'), '')
    const secret = await load()
    expect(secret).toMatch(/^[0-9a-f]{64}$/)
    expect(await load()).not.toBe(secret)
    expect(logged[0]).toMatch(/^\[server-trust\] could not keep .*embedded-server\.key/)
  })
})
