/**
 * Settings → Server as the settings screen shows it: **Automatic (this network)** or **A server** with its address,
 * **Test**, and what the app uses now. Main keeps the choice (settings.json) and says when a switch or the
 * environment decides instead, which locks the choice here. Web mode has no such setting: `available` is false.
 */
import type { TonghwaBridge } from '../../../shared/ipc-contract'
import { parseServerAddress, type ServerAddressProblem } from '../../../shared/server-address'
import { choiceOverridesSetting, type ServerChoiceStatus, type ServerTestResult } from '../../../shared/server-choice'
import { serverText } from '../i18n/messages/server'
import { describeChoice, describeChoiceProblem, describeServerTest, type TestWords } from '../server/server-words'

export type ServerSettingsBridge = Pick<TonghwaBridge, 'getServerChoice' | 'setServerChoice' | 'testServer'>
export type ServerMode = 'automatic' | 'server'

export interface ServerSettingsStateOptions {
  bridge: ServerSettingsBridge
  onError?: (error: unknown) => void
}

export class ServerSettingsState {
  readonly #bridge: ServerSettingsBridge
  readonly #onError: (error: unknown) => void
  #status = $state.raw<ServerChoiceStatus | null>(null)
  #mode = $state<ServerMode>('automatic')
  #address = $state('')
  #addressProblem = $state<ServerAddressProblem | null>(null)
  #testing = $state(false)
  #result = $state.raw<ServerTestResult | null>(null)
  #saved = $state(false)
  /** Bumped by every edit and test, so an answer for an older address is dropped. */
  #generation = 0

  constructor(options: ServerSettingsStateOptions) {
    this.#bridge = options.bridge
    this.#onError = options.onError ?? ((error) => console.warn('[server]', error))
  }

  /** False where there is no server setting (web mode): the screen hides the section. */
  get available(): boolean {
    return this.#status !== null
  }
  get mode(): ServerMode {
    return this.#mode
  }
  get address(): string {
    return this.#address
  }
  /** `--server-url` or `TONGHWA_SERVER_URL` when one of them decides, else null. */
  get lockedBy(): string | null {
    const choice = this.#status?.choice
    return choice && choiceOverridesSetting(choice) ? choice.source : null
  }
  get testing(): boolean {
    return this.#testing
  }
  get saved(): boolean {
    return this.#saved
  }
  /** "Now: signal.example.org, chosen here." */
  get now(): string | null {
    return this.#status ? describeChoice(this.#status.choice) : null
  }
  get problems(): string[] {
    return (this.#status?.problems ?? []).map(describeChoiceProblem)
  }
  /** Why the typed address cannot be used, after Test or Use was pressed. */
  get addressError(): string | null {
    return this.#addressProblem === null ? null : serverText().addressProblem[this.#addressProblem]
  }
  /** What the last Test found, in words. */
  get result(): TestWords | null {
    return this.#result === null ? null : describeServerTest(this.#result)
  }

  async load(): Promise<void> {
    try {
      const status = await this.#bridge.getServerChoice()
      this.#status = status
      if (status === null) return
      this.#mode = status.setting.kind
      this.#address = status.setting.kind === 'server' ? status.setting.url : ''
    } catch (error) {
      this.#onError(error)
    }
  }

  /** "Automatic (this network)": saved at once. "A server": waits for an address and **Use this server**. */
  async chooseMode(mode: ServerMode): Promise<void> {
    if (this.lockedBy !== null) return
    this.#mode = mode
    this.#saved = false
    if (mode === 'automatic') await this.#save({ kind: 'automatic' })
  }

  setAddress(text: string): void {
    this.#address = text
    this.#addressProblem = null
    this.#result = null
    this.#saved = false
    this.#generation += 1
  }

  async test(): Promise<void> {
    const address = this.#checkedAddress()
    if (address === null) return
    const generation = ++this.#generation
    this.#testing = true
    this.#result = null
    try {
      const result = await this.#bridge.testServer(address)
      if (generation === this.#generation) this.#result = result
    } catch (error) {
      this.#onError(error)
    } finally {
      if (generation === this.#generation) this.#testing = false
    }
  }

  /** **Use this server**: saved, and main moves to it (a call in progress stays on its server until it ends). */
  async useServer(): Promise<void> {
    const address = this.#checkedAddress()
    if (address === null || this.lockedBy !== null) return
    await this.#save({ kind: 'server', url: address })
  }

  async #save(setting: { kind: 'automatic' } | { kind: 'server'; url: string }): Promise<void> {
    try {
      this.#status = await this.#bridge.setServerChoice(setting)
      this.#saved = true
      if (setting.kind === 'server') this.#address = setting.url
    } catch (error) {
      this.#onError(error)
      await this.load()
    }
  }

  #checkedAddress(): string | null {
    const parsed = parseServerAddress(this.#address)
    this.#addressProblem = parsed.ok ? null : parsed.problem
    return parsed.ok ? parsed.url : null
  }
}
