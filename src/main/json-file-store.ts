/**
 * One JSON file on disk, read through a validator and written so that a crash never costs what was there:
 * the new text goes to a temp file in the same directory, is fsynced, then renamed over the target (atomic
 * on every platform we ship), and the directory is fsynced where the OS allows it so the rename itself
 * survives a power cut. A file that is not JSON or fails the validator is renamed aside as a timestamped
 * backup, never overwritten, and `load()` says so. Loads and saves run one at a time, in call order.
 *
 * Generic: settings use it now, contacts and recents next. The file system is injected, so tests can fail
 * any step (a crash between write and rename). No Electron import: tested in Node.
 */
import * as nodeFs from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { CodedError } from '../shared/coded-error'

/** The file operations the store uses; `node:fs/promises` is one. */
export interface JsonStoreFs {
  readFile(path: string, encoding: 'utf8'): Promise<string>
  open(path: string, flags: string, mode?: number): Promise<JsonStoreFileHandle>
  rename(from: string, to: string): Promise<void>
  unlink(path: string): Promise<void>
  readdir(path: string): Promise<string[]>
  mkdir(path: string, options: { recursive: true }): Promise<unknown>
}

export interface JsonStoreFileHandle {
  writeFile(data: string, encoding: 'utf8'): Promise<void>
  sync(): Promise<void>
  close(): Promise<void>
}

export type JsonParseResult<T> = { ok: true; value: T } | { ok: false; reason: string }

export interface JsonLoadResult<T> {
  value: T
  /** Present when the file was unreadable as `T`: it now lives at `backupPath`, and `value` is the fallback. */
  recovered?: { backupPath: string; reason: string }
}

export const JsonStoreErrorCode = {
  /** The file exists but could not be read (permissions, I/O). Nothing was changed on disk. */
  Read: 'STORE_ERR_READ',
  /** A bad file could not be moved aside; it was left in place and nothing was loaded from it. */
  Backup: 'STORE_ERR_BACKUP',
  /** A save failed; the previous file is still intact. */
  Write: 'STORE_ERR_WRITE',
} as const
export type JsonStoreErrorCode = (typeof JsonStoreErrorCode)[keyof typeof JsonStoreErrorCode]

export class JsonStoreError extends CodedError<JsonStoreErrorCode> {
  override name = 'JsonStoreError'
}

export interface JsonFileStoreOptions<T> {
  /** The file, e.g. `<userData>/settings.json`. Its directory is created on the first save if missing. */
  path: string
  /** Turns parsed JSON into `T`, or says why it cannot. Runs on every load. */
  parse: (raw: unknown) => JsonParseResult<T>
  /** What `load()` returns when there is no file, or the file was bad and has been moved aside. */
  fallback: () => T
  /** Default `node:fs/promises`. */
  fs?: JsonStoreFs
  /** Clock for backup names. Default `() => new Date()`. */
  now?: () => Date
  /** Makes temp file names unique; letters, digits, `-` and `_` only. Default random. */
  uniqueSuffix?: () => string
  /** Waits between rename retries. Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>
}

/**
 * Windows refuses to replace a file that another process (an indexer, a virus scanner) has open for a moment,
 * with EPERM/EACCES/EBUSY. Those clear up on their own; the same few retries write-file-atomic makes.
 */
const RENAME_RETRY_CODES = new Set(['EPERM', 'EACCES', 'EBUSY'])
const RENAME_RETRY_DELAYS_MS = [10, 30, 90, 270]
/** rw------- */
const FILE_MODE = 0o600

export class JsonFileStore<T> {
  readonly path: string
  readonly #dir: string
  readonly #name: string
  readonly #parse: (raw: unknown) => JsonParseResult<T>
  readonly #fallback: () => T
  readonly #fs: JsonStoreFs
  readonly #now: () => Date
  readonly #uniqueSuffix: () => string
  readonly #sleep: (ms: number) => Promise<void>
  #queue: Promise<unknown> = Promise.resolve()

  constructor(options: JsonFileStoreOptions<T>) {
    this.path = options.path
    this.#dir = dirname(options.path)
    this.#name = basename(options.path)
    this.#parse = options.parse
    this.#fallback = options.fallback
    this.#fs = options.fs ?? nodeFs
    this.#now = options.now ?? (() => new Date())
    this.#uniqueSuffix = options.uniqueSuffix ?? (() => Math.random().toString(36).slice(2, 10))
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
  }

  /**
   * Reads the file. Missing: the fallback. Not JSON or refused by `parse`: moved aside and reported in
   * `recovered`, with the fallback as the value. Temp files a crash left behind are removed first.
   * Rejects with `STORE_ERR_READ` or `STORE_ERR_BACKUP` when the disk itself is the problem.
   */
  load(): Promise<JsonLoadResult<T>> {
    return this.#enqueue(() => this.#load())
  }

  /** Replaces the file with `value`, durably. Rejects with `STORE_ERR_WRITE`; the old file is then untouched. */
  save(value: T): Promise<void> {
    // Serialized now, so a caller that mutates `value` afterwards does not change what is written.
    const text = `${JSON.stringify(value, null, 2)}\n`
    return this.#enqueue(() => this.#write(text))
  }

  /** Resolves once every load and save queued so far has finished (whether or not it succeeded). */
  async idle(): Promise<void> {
    await this.#queue.catch(() => undefined)
  }

  /** The temp files of this store: `<name>.<suffix>.tmp` next to it. */
  isTempFileName(fileName: string): boolean {
    const suffix = fileName.startsWith(`${this.#name}.`) && fileName.endsWith('.tmp') ? fileName.slice(this.#name.length + 1, -4) : ''
    return /^[\w-]+$/.test(suffix)
  }

  #enqueue<R>(task: () => Promise<R>): Promise<R> {
    const run = this.#queue.then(task, task)
    this.#queue = run.catch(() => undefined)
    return run
  }

  async #load(): Promise<JsonLoadResult<T>> {
    await this.#removeTempFiles()
    let text: string
    try {
      text = await this.#fs.readFile(this.path, 'utf8')
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { value: this.#fallback() }
      throw new JsonStoreError(JsonStoreErrorCode.Read, `could not read ${this.path}: ${errorMessage(error)}`, { cause: error })
    }
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch (error) {
      return this.#moveAside(text.trim() === '' ? 'the file is empty' : `not valid JSON (${errorMessage(error)})`)
    }
    const parsed = this.#parse(raw)
    return parsed.ok ? { value: parsed.value } : this.#moveAside(parsed.reason)
  }

  async #moveAside(reason: string): Promise<JsonLoadResult<T>> {
    // Colons are not allowed in Windows file names, so not a plain ISO string.
    const stamp = this.#now().toISOString().replace(/[:.]/g, '-')
    const backupPath = join(this.#dir, `${this.#name}.corrupt-${stamp}`)
    try {
      await this.#fs.rename(this.path, backupPath)
    } catch (error) {
      throw new JsonStoreError(JsonStoreErrorCode.Backup, `${this.path} is unusable (${reason}) and could not be moved aside: ${errorMessage(error)}`, {
        cause: error,
      })
    }
    return { value: this.#fallback(), recovered: { backupPath, reason } }
  }

  async #write(text: string): Promise<void> {
    const tempPath = join(this.#dir, `${this.#name}.${this.#uniqueSuffix()}.tmp`)
    try {
      await this.#fs.mkdir(this.#dir, { recursive: true })
      // `wx`: never write through a file (or a planted link) that already has this name. Owner-only: the files
      // hold a personal secret and who the person calls (POSIX; Windows ignores the mode).
      const handle = await this.#fs.open(tempPath, 'wx', FILE_MODE)
      try {
        await handle.writeFile(text, 'utf8')
        await handle.sync()
      } finally {
        await handle.close()
      }
      await this.#renameWithRetries(tempPath, this.path)
    } catch (error) {
      await this.#fs.unlink(tempPath).catch(() => undefined)
      throw new JsonStoreError(JsonStoreErrorCode.Write, `could not save ${this.path}: ${errorMessage(error)}`, { cause: error })
    }
    await this.#syncDirectory()
  }

  async #renameWithRetries(from: string, to: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#fs.rename(from, to)
      } catch (error) {
        const delay = RENAME_RETRY_DELAYS_MS[attempt]
        if (delay === undefined || !RENAME_RETRY_CODES.has(errorCode(error) ?? '')) throw error
        await this.#sleep(delay)
      }
    }
  }

  /**
   * Makes the rename durable. Best effort by design: Windows cannot open a directory this way (EISDIR/EPERM),
   * and the data itself is already safe on disk in either the old or the new file.
   */
  async #syncDirectory(): Promise<void> {
    let handle: JsonStoreFileHandle | undefined
    try {
      handle = await this.#fs.open(this.#dir, 'r')
      await handle.sync()
    } catch {
      // not supported here
    } finally {
      await handle?.close().catch(() => undefined)
    }
  }

  /** Temp files are only ever left by a crash mid-save; the target file is intact, so they are just removed. */
  async #removeTempFiles(): Promise<void> {
    let names: string[]
    try {
      names = await this.#fs.readdir(this.#dir)
    } catch {
      return
    }
    await Promise.all(names.filter((name) => this.isTempFileName(name)).map((name) => this.#fs.unlink(join(this.#dir, name)).catch(() => undefined)))
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
