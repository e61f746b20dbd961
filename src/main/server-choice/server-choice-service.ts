/**
 * The server the app uses, for as long as it runs: resolved once at start (resolve-server-choice.ts), changed
 * when the person picks another in Settings → Server, and announced to whoever must follow the change through
 * `onServerChoiceChange`, without a restart:
 * - the phone re-registers its personal code at the new place (it unregisters from the old one first);
 * - each window whose page is not in a room moves its signaling link there (`WindowSignaling.rehome()`);
 * - a window in a call stays on the server the call started on until the call ends: the media is peer to peer
 *   and needs signaling only to renegotiate, so moving it mid-call would drop a call that works. Its next room
 *   goes to the new place.
 * No Electron import: tested in Node.
 */
import { CodedError } from '../../shared/coded-error'
import { parseServerAddress, type ServerSetting } from '../../shared/server-address'
import { choiceOverridesSetting, type ServerChoice, type ServerChoiceStatus } from '../../shared/server-choice'
import { plainTextProblem } from '../server-trust/transport-policy'
import type { StoredServerSetting } from '../settings-store'
import { readPackagedServer, type PackagedServer, type PackagedServerFs } from './packaged-server'
import { resolveServerChoice, shownSetting, type ResolvedServerChoice } from './resolve-server-choice'

export const ServerChoiceErrorCode = {
  /** `--server-url` or `TONGHWA_SERVER_URL` decides the server: the setting cannot be changed from the window. */
  Locked: 'SERVER_CHOICE_ERR_LOCKED',
  /** The address is not one the app can use (`ws://` to another machine, not a WebSocket URL…). */
  BadAddress: 'SERVER_CHOICE_ERR_BAD_ADDRESS',
  /** This window has no server setting (server-commands.ts `noServerCommands`). */
  Unavailable: 'SERVER_CHOICE_ERR_UNAVAILABLE',
} as const
export type ServerChoiceErrorCode = (typeof ServerChoiceErrorCode)[keyof typeof ServerChoiceErrorCode]

export class ServerChoiceError extends CodedError<ServerChoiceErrorCode> {
  override name = 'ServerChoiceError'
}

/** Where the setting is kept: `SettingsStore` in the app. */
export interface ServerSettingStore {
  serverSetting(): StoredServerSetting | undefined
  saveServerSetting(setting: StoredServerSetting): Promise<void>
}

/** Called after the server the app uses changed, with the new choice and the one before; `choose` awaits it. */
export type ServerChoiceListener = (choice: ServerChoice, previous: ServerChoice) => void | Promise<void>

export interface ServerChoiceServiceOptions {
  /** `process.argv`. */
  argv: readonly string[]
  /** `process.env`. */
  env: Readonly<Record<string, string | undefined>>
  settings: ServerSettingStore
  packaged: PackagedServer
  /** Default `console.warn`. */
  log?: (message: string) => void
}

export class ServerChoiceService {
  readonly #options: Required<ServerChoiceServiceOptions>
  readonly #listeners = new Set<ServerChoiceListener>()
  #resolved: ResolvedServerChoice

  /** Throws `ServerUrlError` for an unusable `--server-url` or `TONGHWA_SERVER_URL`, as the app always has. */
  constructor(options: ServerChoiceServiceOptions) {
    this.#options = { log: console.warn, ...options }
    this.#resolved = this.#resolve()
    for (const problem of this.#resolved.problems) this.#options.log(`[server] ${problem.code}: ${problem.reason}${'path' in problem ? ` (${problem.path})` : ''}`)
  }

  /** What the app uses now. */
  get choice(): ServerChoice {
    return this.#resolved.choice
  }

  /** What Settings → Server shows. */
  status(): ServerChoiceStatus {
    const packaged = this.#options.packaged
    return {
      setting: shownSetting(this.#options.settings.serverSetting()),
      choice: { ...this.#resolved.choice },
      packagedUrl: packaged.kind === 'server' ? packaged.url : null,
      problems: this.#resolved.problems.map((problem) => ({ ...problem })),
    }
  }

  /**
   * The server an invitation names: the one the app uses, when it is a server others can reach; null in automatic
   * mode (the other app finds the room on the network).
   */
  inviteServer(): string | null {
    const choice = this.#resolved.choice
    return choice.kind === 'server' ? choice.url : null
  }

  /**
   * Saves the person's choice and, when that changes the server the app uses, tells every listener before it
   * resolves. Rejects with `SERVER_CHOICE_ERR_LOCKED` while a switch or the environment decides, and with
   * `SERVER_CHOICE_ERR_BAD_ADDRESS` for an address the app must not use.
   */
  async choose(setting: ServerSetting): Promise<ServerChoiceStatus> {
    if (choiceOverridesSetting(this.#resolved.choice)) {
      throw new ServerChoiceError(ServerChoiceErrorCode.Locked, `the server is set by ${this.#resolved.choice.source}; the setting cannot change it`)
    }
    const stored = checkChoice(setting)
    await this.#options.settings.saveServerSetting(stored)
    const previous = this.#resolved.choice
    this.#resolved = this.#resolve()
    if (!sameChoice(previous, this.#resolved.choice)) {
      const choice = this.#resolved.choice
      // Awaited: when `choose` resolves, the phone is registered at the new place and idle windows wait there.
      await Promise.all(
        [...this.#listeners].map(async (listener) => {
          try {
            await listener(choice, previous)
          } catch (error) {
            this.#options.log(`[server] a listener failed to follow the change: ${error instanceof Error ? error.message : String(error)}`)
          }
        }),
      )
    }
    return this.status()
  }

  /** Called after every change of the server the app uses (not for a save that changes nothing); returns the unsubscribe. */
  onServerChoiceChange(listener: ServerChoiceListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #resolve(): ResolvedServerChoice {
    const { argv, env, settings, packaged } = this.#options
    return resolveServerChoice({ argv, env, setting: settings.serverSetting(), packaged })
  }
}

export interface OpenServerChoiceOptions extends Omit<ServerChoiceServiceOptions, 'packaged'> {
  /** `process.resourcesPath` in a packaged app (`app.isPackaged`); null in development. */
  resourcesDir: string | null
  fs?: PackagedServerFs
}

/** Reads the packaged default and resolves the choice; throws `ServerUrlError` like the constructor. */
export async function openServerChoice({ resourcesDir, fs, ...options }: OpenServerChoiceOptions): Promise<ServerChoiceService> {
  const packaged = await readPackagedServer(resourcesDir, fs)
  return new ServerChoiceService({ ...options, packaged })
}

function checkChoice(setting: ServerSetting): StoredServerSetting {
  if (setting.kind === 'automatic') return { kind: 'automatic' }
  const address = parseServerAddress(setting.url)
  if (!address.ok) throw new ServerChoiceError(ServerChoiceErrorCode.BadAddress, `the address cannot be used (${address.problem})`)
  const insecure = plainTextProblem(address.url)
  if (insecure !== null) throw new ServerChoiceError(ServerChoiceErrorCode.BadAddress, insecure)
  return { kind: 'server', url: address.url }
}

function sameChoice(a: ServerChoice, b: ServerChoice): boolean {
  return a.kind === b.kind && (a.kind === 'automatic' || (b.kind === 'server' && a.url === b.url))
}
