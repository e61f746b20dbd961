/**
 * A file that holds one list, `{ "version": 1, "<key>": [...] }`, such as `<userData>/contacts.json`, on
 * `JsonFileStore` (atomic writes, a bad file moved aside, never emptied in place). Every entry is checked on
 * load; one bad entry makes the whole file unusable, because guessing which parts of a damaged file are still
 * right could quietly lose or change what the person saved. What happened is returned as an `AppNotice`
 * that names the file and the backup, so the window can tell the person.
 * No Electron import: tested in Node.
 */
import type { NoticeList, StructuredNotice } from '../shared/phone'
import { JsonFileStore, type JsonParseResult, type JsonStoreFs } from './json-file-store'

export const LIST_FILE_VERSION = 1

export const ListFileNoticeCode = {
  /** The file was unusable and was moved aside; the app goes on with an empty list. */
  Recovered: 'STORE_NOTICE_RECOVERED',
  /** The file could not be read or moved aside: the app goes on without it and does not write to it. */
  Unreadable: 'STORE_NOTICE_UNREADABLE',
  /** A change could not be written; it lasts until the app quits. */
  NotSaved: 'STORE_NOTICE_NOT_SAVED',
} as const

export interface ListFileOptions<T> {
  path: string
  /** The property that holds the list, e.g. `contacts`. */
  key: string
  /** Which of the person's lists this is, for notices (the window words them). */
  list: NoticeList
  isItem: (value: unknown) => value is T
  /** A further check of the whole list (duplicates, size): the reason it is unusable, or null. */
  checkList?: (items: readonly T[]) => string | null
  /** Told when a save failed (the change then lasts until the app quits). */
  onSaveError?: (notice: StructuredNotice) => void
  fs?: JsonStoreFs
  now?: () => Date
  /** Default `console.warn`. */
  log?: (message: string) => void
}

/** The file's JSON: the version and the list under its key. */
type ListDocument = { version: typeof LIST_FILE_VERSION } & Record<string, unknown>

export interface ListFile<T> {
  readonly path: string
  /** What was loaded: the saved list, or an empty one when there was none or it was unusable. */
  readonly items: T[]
  /** Set when the person must be told what happened to the file at start. */
  readonly notice: StructuredNotice | null
  /** Replaces the file with `items`. Never rejects: a failure goes to `onSaveError`. */
  save(items: readonly T[]): Promise<void>
  /** Resolves when every queued write is done. */
  flush(): Promise<void>
}

/** Loads the file. Never rejects: disk trouble becomes a notice and a list that is kept in memory only. */
export async function openListFile<T>(options: ListFileOptions<T>): Promise<ListFile<T>> {
  const { path, key, list: which, isItem, checkList } = options
  const parse = (raw: unknown): JsonParseResult<ListDocument> => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'not a JSON object' }
    const record = raw as Record<string, unknown>
    if (record.version !== LIST_FILE_VERSION) {
      return { ok: false, reason: typeof record.version === 'number' ? `unknown version ${record.version}` : 'no version field' }
    }
    const list = record[key]
    if (!Array.isArray(list)) return { ok: false, reason: `no ${key} list` }
    const bad = list.findIndex((item) => !isItem(item))
    if (bad !== -1) return { ok: false, reason: `entry ${bad + 1} of ${list.length} is malformed` }
    const problem = checkList?.(list as T[]) ?? null
    return problem === null ? { ok: true, value: { version: LIST_FILE_VERSION, [key]: list } } : { ok: false, reason: problem }
  }
  const store = new JsonFileStore<ListDocument>({
    path,
    parse,
    fallback: () => ({ version: LIST_FILE_VERSION, [key]: [] }),
    ...(options.fs ? { fs: options.fs } : {}),
    ...(options.now ? { now: options.now } : {}),
  })

  const log = options.log ?? console.warn
  let items: T[] = []
  let notice: StructuredNotice | null = null
  let writable = true
  try {
    const loaded = await store.load()
    items = loaded.value[key] as T[]
    if (loaded.recovered) {
      // The reason ("entry 3 of 5 is malformed") is for whoever reads the log; the person is told what it means.
      log(`[store] ${path} could not be used (${loaded.recovered.reason}); it was kept as ${loaded.recovered.backupPath}`)
      notice = { code: ListFileNoticeCode.Recovered, list: which, path, backupPath: loaded.recovered.backupPath }
    }
  } catch (error) {
    writable = false
    log(`[store] ${path} could not be read: ${errorMessage(error)}`)
    notice = { code: ListFileNoticeCode.Unreadable, list: which, path, error: errorMessage(error) }
  }

  return {
    path,
    items,
    notice,
    async save(next) {
      if (!writable) return
      try {
        await store.save({ version: LIST_FILE_VERSION, [key]: next })
      } catch (error) {
        log(`[store] ${path} could not be saved: ${errorMessage(error)}`)
        options.onSaveError?.({ code: ListFileNoticeCode.NotSaved, list: which, path, error: errorMessage(error) })
      }
    },
    flush: () => store.idle(),
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
