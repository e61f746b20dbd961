/**
 * The app's settings file, `<userData>/settings.json`: for now the remembered camera, microphone and speaker.
 * Loaded once at start; every change is written through `JsonFileStore` (atomic, queued). The file carries a
 * version so a later format can be recognised and migrated instead of mistaken for corruption.
 * No Electron import: tested in Node.
 */
import { join } from 'node:path'
import { isDevicePreferences, type DeviceChoice, type DeviceKind, type DevicePreferences } from '../shared/devices'
import { JsonFileStore, type JsonParseResult, type JsonStoreFs } from './json-file-store'
import type { DevicePreferenceStore } from './device-commands'

export const SETTINGS_FILE_NAME = 'settings.json'
export const SETTINGS_VERSION = 1

export interface SettingsFile {
  version: typeof SETTINGS_VERSION
  devices: DevicePreferences
}

export function parseSettings(raw: unknown): JsonParseResult<SettingsFile> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'not a JSON object' }
  const { version, devices } = raw as Record<string, unknown>
  if (typeof version !== 'number') return { ok: false, reason: 'no version field' }
  if (version > SETTINGS_VERSION) return { ok: false, reason: `written by a newer Tonghwa (settings version ${version})` }
  if (version !== SETTINGS_VERSION) return { ok: false, reason: `unknown settings version ${version}` }
  if (!isDevicePreferences(devices)) return { ok: false, reason: 'the device choices are malformed' }
  return { ok: true, value: { version, devices } }
}

export interface OpenSettingsOptions {
  /** `app.getPath('userData')`. */
  userDataDir: string
  /** Default `console.warn`. */
  log?: (message: string) => void
  /** Default `node:fs/promises`. */
  fs?: JsonStoreFs
  now?: () => Date
}

export class SettingsStore implements DevicePreferenceStore {
  readonly path: string
  readonly #file: JsonFileStore<SettingsFile>
  readonly #log: (message: string) => void
  #settings: SettingsFile
  /** False when the file on disk could not be read or moved aside: writing would destroy what is there. */
  readonly #writable: boolean

  private constructor(file: JsonFileStore<SettingsFile>, settings: SettingsFile, writable: boolean, log: (message: string) => void) {
    this.path = file.path
    this.#file = file
    this.#settings = settings
    this.#writable = writable
    this.#log = log
  }

  /**
   * Loads the settings. Never rejects: a corrupt file is moved aside (and logged with its backup path), and a
   * file that cannot be read at all leaves the app on defaults, in memory only, without touching the file.
   */
  static async open({ userDataDir, log = console.warn, fs, now }: OpenSettingsOptions): Promise<SettingsStore> {
    const file = new JsonFileStore<SettingsFile>({
      path: join(userDataDir, SETTINGS_FILE_NAME),
      parse: parseSettings,
      fallback: defaultSettings,
      ...(fs ? { fs } : {}),
      ...(now ? { now } : {}),
    })
    try {
      const { value, recovered } = await file.load()
      if (recovered) {
        log(`[settings] ${file.path} could not be used (${recovered.reason}); it was kept as ${recovered.backupPath} and the defaults apply`)
      }
      return new SettingsStore(file, value, true, log)
    } catch (error) {
      log(`[settings] ${error instanceof Error ? error.message : String(error)}; using defaults and not saving changes this session`)
      return new SettingsStore(file, defaultSettings(), false, log)
    }
  }

  devicePreferences(): DevicePreferences {
    return structuredClone(this.#settings.devices)
  }

  /** Remembers (or, with null, forgets) a choice. Takes effect at once; resolves when it is on disk. */
  async saveDevicePreference(kind: DeviceKind, choice: DeviceChoice | null): Promise<void> {
    const devices = { ...this.#settings.devices }
    if (choice) devices[kind] = { deviceId: choice.deviceId, label: choice.label }
    else delete devices[kind]
    this.#settings = { ...this.#settings, devices }
    if (!this.#writable) return
    try {
      await this.#file.save(this.#settings)
    } catch (error) {
      this.#log(`[settings] ${error instanceof Error ? error.message : String(error)}`)
      throw error
    }
  }

  /** Resolves when every queued write is done: call before quitting. */
  flush(): Promise<void> {
    return this.#file.idle()
  }
}

function defaultSettings(): SettingsFile {
  return { version: SETTINGS_VERSION, devices: {} }
}
