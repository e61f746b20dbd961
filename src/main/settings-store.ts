/**
 * The app's settings file, `<userData>/settings.json`: the remembered camera, microphone and speaker, the
 * personal secret this installation is reachable with, the privacy, call and language choices, and the ring timeout
 * (hand-edited only).
 * Loaded once at start; every change is written through `JsonFileStore` (atomic, queued). The file carries a
 * version so a later format can be recognised and migrated instead of mistaken for corruption; fields added
 * since version 1 are optional, so an older file still loads.
 * No Electron import: tested in Node.
 */
import { join } from 'node:path'
import { isDevicePreferences, type DeviceChoice, type DeviceKind, type DevicePreferences } from '../shared/devices'
import { isPersonalSecret, type PersonalSecret } from '../shared/personal-code'
import { JsonFileStore, type JsonParseResult, type JsonStoreFs } from './json-file-store'
import type { DevicePreferenceStore } from './device-commands'
import type { CallSettingsStore, LanguageSettingsStore, PrivacySettingsStore, ThemeSettingsStore } from './settings-commands'
import type { CallSettings, LanguageSettings, PrivacySettings } from '../shared/ipc-contract'
import { isLanguagePreference, resolveLocale, type LanguagePreference, type Locale } from '../shared/language'
import { MAX_DISPLAY_NAME_LENGTH, parseDisplayName } from '../shared/display-name'
import { DEFAULT_THEME_PREFERENCE, isThemePreference, type ThemePreference } from '../shared/theme'

export const SETTINGS_FILE_NAME = 'settings.json'
export const SETTINGS_VERSION = 1

export interface SettingsFile {
  version: typeof SETTINGS_VERSION
  devices: DevicePreferences
  /** This installation's personal secret (personal-code.ts): generated at the first start, replaced on regenerate. */
  personalSecret?: PersonalSecret
  /** How long an outgoing call rings, in ms; clamped to `RING_TIMEOUT` where it is used (ring-timeout.ts). */
  ringTimeoutMs?: number
  /** "Always use a relay" (privacy); absent means off. */
  relayOnly?: boolean
  /** "Low data" (calls under 300 kbit/s); absent means off. */
  lowData?: boolean
  /** "Your name", shown to the people called (display-name.ts); absent means none. */
  displayName?: string
  /** The language the person chose; absent means follow the system. */
  language?: LanguagePreference
  /** The colour theme the person chose; absent means follow the system. */
  theme?: ThemePreference
  /**
   * Settings → Server; absent means never chosen (the packaged default, else automatic). Only its shape is checked
   * here: a hand-edited address the app cannot use is reported by server-choice/resolve-server-choice.ts rather
   * than making the whole file (and with it the personal secret) unusable.
   */
  server?: StoredServerSetting
  /** "Let people on this network reach me" (docs/lan.md); absent means on. */
  lanReachable?: boolean
}

/** `server` as the file holds it. */
export type StoredServerSetting = { kind: 'automatic' } | { kind: 'server'; url: string }

export function parseSettings(raw: unknown): JsonParseResult<SettingsFile> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'not a JSON object' }
  const { version, devices, personalSecret, ringTimeoutMs, relayOnly, lowData, language, server, lanReachable } = raw as Record<string, unknown>
  // Only a nicety: a name edited by hand into something that is not one is dropped, rather than the whole file
  // (and with it the personal secret) set aside.
  const name = parseDisplayName((raw as Record<string, unknown>).displayName)
  const displayName = name.ok && name.name ? name.name : undefined
  // A look, not worth the file: an unknown theme (hand-edited, or from a later version) means "follow the system".
  const storedTheme = (raw as Record<string, unknown>).theme
  const theme = isThemePreference(storedTheme) && storedTheme !== DEFAULT_THEME_PREFERENCE ? storedTheme : undefined
  if (typeof version !== 'number') return { ok: false, reason: 'no version field' }
  if (version > SETTINGS_VERSION) return { ok: false, reason: `written by a newer Tonghwa (settings version ${version})` }
  if (version !== SETTINGS_VERSION) return { ok: false, reason: `unknown settings version ${version}` }
  if (!isDevicePreferences(devices)) return { ok: false, reason: 'the device choices are malformed' }
  if (personalSecret !== undefined && !isPersonalSecret(personalSecret)) return { ok: false, reason: 'the personal secret is malformed' }
  if (ringTimeoutMs !== undefined && !(typeof ringTimeoutMs === 'number' && Number.isFinite(ringTimeoutMs))) {
    return { ok: false, reason: 'the ring timeout is not a number' }
  }
  if (relayOnly !== undefined && typeof relayOnly !== 'boolean') return { ok: false, reason: 'relayOnly is not true or false' }
  if (lowData !== undefined && typeof lowData !== 'boolean') return { ok: false, reason: 'lowData is not true or false' }
  if (language !== undefined && !isLanguagePreference(language)) return { ok: false, reason: 'language is not system, en or ko' }
  if (lanReachable !== undefined && typeof lanReachable !== 'boolean') return { ok: false, reason: 'lanReachable is not true or false' }
  if (server !== undefined && !isStoredServerSetting(server)) return { ok: false, reason: 'server is not { kind: "automatic" } or { kind: "server", url }' }
  return {
    ok: true,
    value: {
      version,
      devices,
      ...(personalSecret !== undefined ? { personalSecret } : {}),
      ...(ringTimeoutMs !== undefined ? { ringTimeoutMs } : {}),
      ...(relayOnly !== undefined ? { relayOnly } : {}),
      ...(lowData !== undefined ? { lowData } : {}),
      ...(displayName !== undefined ? { displayName } : {}),
      ...(language !== undefined ? { language } : {}),
      ...(theme !== undefined ? { theme } : {}),
      ...(server !== undefined ? { server: server as StoredServerSetting } : {}),
      ...(lanReachable !== undefined ? { lanReachable } : {}),
    },
  }
}

export interface OpenSettingsOptions {
  /** `app.getPath('userData')`. */
  userDataDir: string
  /** Default `console.warn`. */
  log?: (message: string) => void
  /** Default `node:fs/promises`. */
  fs?: JsonStoreFs
  now?: () => Date
  /** The OS's preferred languages, most preferred first (`app.getPreferredSystemLanguages()`). Default: none. */
  systemLanguages?: () => readonly string[]
}

export class SettingsStore implements DevicePreferenceStore, PrivacySettingsStore, CallSettingsStore, LanguageSettingsStore, ThemeSettingsStore {
  readonly path: string
  readonly #file: JsonFileStore<SettingsFile>
  readonly #log: (message: string) => void
  readonly #systemLanguages: () => readonly string[]
  readonly #languageListeners = new Set<(locale: Locale) => void>()
  #settings: SettingsFile
  /** False when the file on disk could not be read or moved aside: writing would destroy what is there. */
  readonly #writable: boolean

  /** Set when the file was unusable at start and was moved aside: where it went and why. */
  readonly recovered: { backupPath: string; reason: string } | null

  private constructor(
    file: JsonFileStore<SettingsFile>,
    settings: SettingsFile,
    writable: boolean,
    log: (message: string) => void,
    recovered: { backupPath: string; reason: string } | null = null,
    systemLanguages: () => readonly string[] = () => [],
  ) {
    this.#systemLanguages = systemLanguages
    this.path = file.path
    this.#file = file
    this.#settings = settings
    this.#writable = writable
    this.#log = log
    this.recovered = recovered
  }

  /**
   * Loads the settings. Never rejects: a corrupt file is moved aside (and logged with its backup path), and a
   * file that cannot be read at all leaves the app on defaults, in memory only, without touching the file.
   */
  static async open({ userDataDir, log = console.warn, fs, now, systemLanguages }: OpenSettingsOptions): Promise<SettingsStore> {
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
      return new SettingsStore(file, value, true, log, recovered ?? null, systemLanguages)
    } catch (error) {
      log(`[settings] ${error instanceof Error ? error.message : String(error)}; using defaults and not saving changes this session`)
      return new SettingsStore(file, defaultSettings(), false, log, null, systemLanguages)
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
    await this.#save()
  }

  async #save(): Promise<void> {
    if (!this.#writable) return
    try {
      await this.#file.save(this.#settings)
    } catch (error) {
      this.#log(`[settings] ${error instanceof Error ? error.message : String(error)}`)
      throw error
    }
  }

  /** The saved personal secret, or null before the first one was made. Never log it. */
  personalSecret(): PersonalSecret | null {
    return this.#settings.personalSecret ?? null
  }

  /** Keeps a new personal secret (first start, or the person regenerated their code). */
  /**
   * Keeps a new personal secret (first start, or the person regenerated their code). Unlike a device choice,
   * it is rolled back when it cannot be written: a code that would change again at the next start is worse
   * than keeping the old one.
   */
  async savePersonalSecret(secret: PersonalSecret): Promise<void> {
    if (!isPersonalSecret(secret)) throw new TypeError('not a personal secret')
    const previous = this.#settings
    this.#settings = { ...this.#settings, personalSecret: secret }
    try {
      await this.#save()
    } catch (error) {
      if (this.#settings.personalSecret === secret) this.#settings = { ...this.#settings, personalSecret: previous.personalSecret }
      throw error
    }
  }

  privacySettings(): PrivacySettings {
    return { relayOnly: this.#settings.relayOnly ?? false }
  }

  /** Turns "Always use a relay" on or off. Takes effect at once; resolves when it is on disk. */
  async saveRelayOnly(relayOnly: boolean): Promise<void> {
    this.#settings = { ...this.#settings, relayOnly }
    await this.#save()
  }

  callSettings(): CallSettings {
    return { lowData: this.#settings.lowData ?? false, displayName: this.#settings.displayName ?? '' }
  }

  /** Turns "Low data" on or off. Takes effect from the next call; resolves when it is on disk. */
  async saveLowData(lowData: boolean): Promise<void> {
    this.#settings = { ...this.#settings, lowData }
    await this.#save()
  }

  /** Keeps "Your name" (`''`: none), tidied; resolves with the name as kept, once it is on disk. */
  async saveDisplayName(name: string): Promise<string> {
    const check = parseDisplayName(name)
    if (!check.ok) throw new TypeError(`${check.code}: not a name of at most ${MAX_DISPLAY_NAME_LENGTH} characters`)
    const { displayName: _previous, ...rest } = this.#settings
    this.#settings = check.name ? { ...rest, displayName: check.name } : rest
    await this.#save()
    return check.name
  }

  /** The language chosen in settings, with the system's languages for when it is "follow the system". */
  languageSettings(): LanguageSettings {
    return { preference: this.#settings.language ?? 'system', systemLanguages: [...this.#systemLanguages()] }
  }

  /** Remembers the language choice ('system': follow the OS). Resolves when it is on disk. */
  async saveLanguage(preference: LanguagePreference): Promise<void> {
    if (!isLanguagePreference(preference)) throw new TypeError('not a language preference')
    this.#settings = { ...this.#settings, language: preference }
    // Main's own words (the menus) change at once, like the window's; the file follows.
    for (const listener of this.#languageListeners) listener(this.locale())
    await this.#save()
  }

  /** The language main speaks in now: the choice, or else the system's, or else English. */
  locale(): Locale {
    return resolveLocale(this.#settings.language ?? 'system', this.#systemLanguages())
  }

  /** The colour theme chosen in settings ('system' when none was). */
  themePreference(): ThemePreference {
    return this.#settings.theme ?? DEFAULT_THEME_PREFERENCE
  }

  /** Remembers the colour theme ('system': follow the OS, kept as no field). Resolves when it is on disk. */
  async saveTheme(preference: ThemePreference): Promise<void> {
    if (!isThemePreference(preference)) throw new TypeError('not a theme preference')
    const { theme: _previous, ...rest } = this.#settings
    this.#settings = preference === DEFAULT_THEME_PREFERENCE ? rest : { ...rest, theme: preference }
    await this.#save()
  }

  /** Called with the resolved language after every language choice; returns the unsubscribe. */
  onLanguageChange(listener: (locale: Locale) => void): () => void {
    this.#languageListeners.add(listener)
    return () => this.#languageListeners.delete(listener)
  }

  /** Settings → Server as saved; undefined when the person never chose (server-choice/ decides what that means). */
  serverSetting(): StoredServerSetting | undefined {
    const server = this.#settings.server
    return server === undefined ? undefined : { ...server }
  }

  /** Remembers Settings → Server. Checked by the caller (server-choice/server-choice-service.ts); resolves when on disk. */
  async saveServerSetting(setting: StoredServerSetting): Promise<void> {
    if (!isStoredServerSetting(setting)) throw new TypeError('not a server setting')
    this.#settings = { ...this.#settings, server: setting.kind === 'automatic' ? { kind: 'automatic' } : { kind: 'server', url: setting.url } }
    await this.#save()
  }

  /** Whether other Tonghwa apps on this network may reach this one (on unless switched off). */
  lanReachable(): boolean {
    return this.#settings.lanReachable ?? true
  }

  /** Turns "Let people on this network reach me" on or off; resolves when it is on disk. */
  async saveLanReachable(reachable: boolean): Promise<void> {
    if (typeof reachable !== 'boolean') throw new TypeError('lanReachable must be true or false')
    this.#settings = { ...this.#settings, lanReachable: reachable }
    await this.#save()
  }

  /** The ring timeout from the file, unclamped; undefined when it has none. */
  ringTimeoutMs(): number | undefined {
    return this.#settings.ringTimeoutMs
  }

  /** False when the file could not be read: changes then last only until the app quits. */
  get writable(): boolean {
    return this.#writable
  }

  /** Resolves when every queued write is done: call before quitting. */
  flush(): Promise<void> {
    return this.#file.idle()
  }
}

function isStoredServerSetting(value: unknown): value is StoredServerSetting {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const { kind, url, ...rest } = value as Record<string, unknown>
  if (Object.keys(rest).length > 0) return false
  if (kind === 'automatic') return url === undefined
  return kind === 'server' && typeof url === 'string' && url.length <= 2_048
}

function defaultSettings(): SettingsFile {
  return { version: SETTINGS_VERSION, devices: {} }
}
