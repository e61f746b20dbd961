import * as fs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { JsonFileStore, type JsonParseResult, type JsonStoreFileHandle, type JsonStoreFs } from '../../../src/main/json-file-store'

interface Counter {
  count: number
}

function parseCounter(raw: unknown): JsonParseResult<Counter> {
  const count = (raw as { count?: unknown } | null)?.count
  return typeof count === 'number' ? { ok: true, value: { count } } : { ok: false, reason: 'count is not a number' }
}

let dir: string
let file: string
const NOW = new Date('2025-03-04T05:06:07.089Z')

beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'tonghwa-store-'))
  file = join(dir, 'counter.json')
})

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

function store(overrides: { fs?: JsonStoreFs; path?: string } = {}): JsonFileStore<Counter> {
  let n = 0
  return new JsonFileStore<Counter>({
    path: overrides.path ?? file,
    parse: parseCounter,
    fallback: () => ({ count: 0 }),
    now: () => NOW,
    uniqueSuffix: () => `t${++n}`,
    sleep: async () => {},
    ...(overrides.fs ? { fs: overrides.fs } : {}),
  })
}

/** The real file system, with any operation replaceable, and a log of what ran. */
function instrumentedFs(overrides: Partial<JsonStoreFs> = {}, wrapHandle: (path: string, handle: JsonStoreFileHandle) => JsonStoreFileHandle = (_, h) => h) {
  const calls: string[] = []
  const short = (path: string) => path.replace(`${dir}`, '<dir>')
  const wrapped: JsonStoreFs = {
    readFile: (path, encoding) => (calls.push(`readFile ${short(path)}`), (overrides.readFile ?? fs.readFile)(path, encoding)),
    async open(path, flags, mode) {
      calls.push(`open ${short(path)} ${flags}`)
      const handle = await (overrides.open ?? fs.open)(path, flags, mode)
      const logged: JsonStoreFileHandle = {
        writeFile: (data, encoding) => (calls.push(`write ${short(path)}`), handle.writeFile(data, encoding)),
        sync: () => (calls.push(`sync ${short(path)}`), handle.sync()),
        close: () => (calls.push(`close ${short(path)}`), handle.close()),
      }
      return wrapHandle(path, logged)
    },
    rename: (from, to) => (calls.push(`rename ${short(from)} ${short(to)}`), (overrides.rename ?? fs.rename)(from, to)),
    unlink: (path) => (calls.push(`unlink ${short(path)}`), (overrides.unlink ?? fs.unlink)(path)),
    readdir: (path) => (overrides.readdir ?? fs.readdir)(path),
    mkdir: (path, options) => (overrides.mkdir ?? fs.mkdir)(path, options),
  }
  return { fs: wrapped, calls }
}

const never = () => new Promise<never>(() => {})
const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code })
const listDir = async () => (await fs.readdir(dir)).sort()

describe('JsonFileStore', () => {
  it('loads the fallback when there is no file, and creates nothing', async () => {
    expect(await store().load()).toEqual({ value: { count: 0 } })
    expect(await listDir()).toEqual([])
  })

  it('saves and loads back what it saved, as readable JSON', async () => {
    await store().save({ count: 3 })
    expect(await store().load()).toEqual({ value: { count: 3 } })
    expect(await fs.readFile(file, 'utf8')).toBe('{\n  "count": 3\n}\n')
    expect(await listDir()).toEqual(['counter.json'])
  })

  it('creates a missing directory on the first save', async () => {
    const nested = join(dir, 'a', 'b', 'counter.json')
    await store({ path: nested }).save({ count: 1 })
    expect(JSON.parse(await fs.readFile(nested, 'utf8'))).toEqual({ count: 1 })
  })

  it('writes a temp file in the same directory, fsyncs it, renames it over the target, then fsyncs the directory', async () => {
    const { fs: spy, calls } = instrumentedFs()
    await store({ fs: spy }).save({ count: 1 })
    expect(calls).toEqual([
      'open <dir>/counter.json.t1.tmp wx',
      'write <dir>/counter.json.t1.tmp',
      'sync <dir>/counter.json.t1.tmp',
      'close <dir>/counter.json.t1.tmp',
      'rename <dir>/counter.json.t1.tmp <dir>/counter.json',
      'open <dir> r',
      'sync <dir>',
      'close <dir>',
    ])
  })

  it.skipIf(process.platform === 'win32')('writes the file readable by its owner only', async () => {
    await store().save({ count: 1 })
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600)
  })

  it('still saves where the directory cannot be opened for fsync (Windows)', async () => {
    const { fs: spy } = instrumentedFs({ open: (path, flags) => (path === dir ? Promise.reject(errno('EISDIR')) : fs.open(path, flags)) })
    await store({ fs: spy }).save({ count: 2 })
    expect(await store().load()).toEqual({ value: { count: 2 } })
  })

  it('moves a file that is not JSON aside as a timestamped backup, byte for byte, and says so', async () => {
    await fs.writeFile(file, '{"count": 3,,')
    const result = await store().load()
    const backupPath = join(dir, 'counter.json.corrupt-2025-03-04T05-06-07-089Z')
    expect(result).toEqual({ value: { count: 0 }, recovered: { backupPath, reason: expect.stringMatching(/^not valid JSON \(/) } })
    expect(await fs.readFile(backupPath, 'utf8')).toBe('{"count": 3,,')
    expect(await listDir()).toEqual(['counter.json.corrupt-2025-03-04T05-06-07-089Z'])
  })

  it('moves aside a file the validator refuses, with the validator reason', async () => {
    await fs.writeFile(file, '{"count":"three"}')
    const result = await store().load()
    expect(result.recovered?.reason).toBe('count is not a number')
    expect(result.value).toEqual({ count: 0 })
    expect(await fs.readFile(result.recovered!.backupPath, 'utf8')).toBe('{"count":"three"}')
  })

  it('treats an empty file as corrupt too, and never overwrites the backup with the next save', async () => {
    await fs.writeFile(file, '')
    const s = store()
    const result = await s.load()
    expect(result.recovered?.reason).toBe('the file is empty')
    await s.save({ count: 5 })
    expect(await listDir()).toEqual(['counter.json', 'counter.json.corrupt-2025-03-04T05-06-07-089Z'])
  })

  it('refuses with STORE_ERR_BACKUP, and leaves the file alone, when a bad file cannot be moved aside', async () => {
    await fs.writeFile(file, 'garbage')
    const { fs: spy } = instrumentedFs({ rename: () => Promise.reject(errno('EACCES')) })
    await expect(store({ fs: spy }).load()).rejects.toMatchObject({ code: 'STORE_ERR_BACKUP' })
    expect(await fs.readFile(file, 'utf8')).toBe('garbage')
  })

  it('refuses with STORE_ERR_READ when the file exists but cannot be read', async () => {
    await fs.writeFile(file, '{"count":1}')
    const { fs: spy } = instrumentedFs({ readFile: () => Promise.reject(errno('EACCES')) })
    await expect(store({ fs: spy }).load()).rejects.toMatchObject({ code: 'STORE_ERR_READ', message: expect.stringContaining('EACCES') })
    expect(await fs.readFile(file, 'utf8')).toBe('{"count":1}')
  })

  it('survives a crash between writing the temp file and renaming it: the old file loads, the temp file is cleaned up', async () => {
    await store().save({ count: 1 })
    // The process dies inside rename: the promise never settles and no cleanup code ever runs.
    const { fs: crashing } = instrumentedFs({ rename: never })
    void store({ fs: crashing }).save({ count: 2 })
    await expect.poll(listDir).toEqual(['counter.json', 'counter.json.t1.tmp'])
    expect(JSON.parse(await fs.readFile(join(dir, 'counter.json.t1.tmp'), 'utf8'))).toEqual({ count: 2 })

    // Next start: a new store on the same file.
    expect(await store().load()).toEqual({ value: { count: 1 } })
    expect(await listDir()).toEqual(['counter.json'])
  })

  it('survives a crash halfway through writing the temp file', async () => {
    await store().save({ count: 1 })
    const { fs: crashing } = instrumentedFs({}, (_path, handle) => ({
      ...handle,
      writeFile: async (data, encoding) => {
        await handle.writeFile(data.slice(0, 5), encoding)
        return never()
      },
    }))
    void store({ fs: crashing }).save({ count: 2 })
    await expect.poll(async () => (await listDir()).length).toBe(2)
    expect(await store().load()).toEqual({ value: { count: 1 } })
    expect(await listDir()).toEqual(['counter.json'])
  })

  it('rejects a failed save with STORE_ERR_WRITE, keeps the old file, removes its temp file, and keeps saving afterwards', async () => {
    await store().save({ count: 1 })
    let failNext = true
    const { fs: flaky } = instrumentedFs({
      rename: (from, to) => {
        if (!failNext) return fs.rename(from, to)
        failNext = false
        return Promise.reject(errno('ENOSPC'))
      },
    })
    const s = store({ fs: flaky })
    await expect(s.save({ count: 2 })).rejects.toMatchObject({ code: 'STORE_ERR_WRITE', message: expect.stringContaining('ENOSPC') })
    expect(await listDir()).toEqual(['counter.json'])
    expect(await store().load()).toEqual({ value: { count: 1 } })
    await s.save({ count: 3 })
    expect(await store().load()).toEqual({ value: { count: 3 } })
  })

  it('retries a rename that Windows refuses for a moment (EPERM), and gives up on other errors at once', async () => {
    let refusals = 2
    const { fs: busy, calls } = instrumentedFs({
      rename: (from, to) => (refusals-- > 0 ? Promise.reject(errno('EPERM')) : fs.rename(from, to)),
    })
    await store({ fs: busy }).save({ count: 4 })
    expect(calls.filter((call) => call.startsWith('rename'))).toHaveLength(3)
    expect(await store().load()).toEqual({ value: { count: 4 } })

    const { fs: broken, calls: brokenCalls } = instrumentedFs({ rename: () => Promise.reject(errno('EXDEV')) })
    await expect(store({ fs: broken }).save({ count: 5 })).rejects.toMatchObject({ code: 'STORE_ERR_WRITE' })
    expect(brokenCalls.filter((call) => call.startsWith('rename'))).toHaveLength(1)
  })

  it('runs two quick saves one after the other, never interleaved, and the last one wins', async () => {
    // Writes take a while, so that without the queue the second save would start while the first is writing.
    const { fs: slow, calls } = instrumentedFs({}, (_path, handle) => ({
      ...handle,
      writeFile: async (data, encoding) => {
        await new Promise((resolve) => setTimeout(resolve, 20))
        return handle.writeFile(data, encoding)
      },
    }))
    const s = store({ fs: slow })
    await Promise.all([s.save({ count: 1 }), s.save({ count: 2 })])
    const firstRename = calls.indexOf('rename <dir>/counter.json.t1.tmp <dir>/counter.json')
    const secondOpen = calls.indexOf('open <dir>/counter.json.t2.tmp wx')
    expect(firstRename).toBeGreaterThan(-1)
    expect(secondOpen).toBeGreaterThan(firstRename)
    expect(await store().load()).toEqual({ value: { count: 2 } })
  })

  it('writes the value as it was when save was called', async () => {
    const s = store()
    const value = { count: 1 }
    const saved = s.save(value)
    value.count = 99
    await saved
    expect(await store().load()).toEqual({ value: { count: 1 } })
  })

  it('queues a load behind pending saves', async () => {
    const s = store()
    void s.save({ count: 7 })
    expect(await s.load()).toEqual({ value: { count: 7 } })
  })

  it('cleans up only its own temp files', async () => {
    await fs.writeFile(join(dir, 'counter.json.abc123.tmp'), '{')
    await fs.writeFile(join(dir, 'other.json.abc123.tmp'), '{')
    await fs.writeFile(join(dir, 'counter.json.corrupt-2020-01-01T00-00-00-000Z'), '{')
    await store().load()
    expect(await listDir()).toEqual(['counter.json.corrupt-2020-01-01T00-00-00-000Z', 'other.json.abc123.tmp'])
  })

  it('idle() resolves after queued work even when it failed', async () => {
    const { fs: broken } = instrumentedFs({ open: () => Promise.reject(errno('EROFS')) })
    const s = store({ fs: broken })
    const saved = s.save({ count: 1 }).catch((error: unknown) => error)
    await s.idle()
    expect(await saved).toMatchObject({ code: 'STORE_ERR_WRITE' })
  })
})
