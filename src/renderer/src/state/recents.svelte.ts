/**
 * Recent calls as the home screen lists them: main (or the page, in web mode) records them; this mirrors the
 * list and words each row, with the names from contacts and times relative to a clock that ticks each minute,
 * and groups calls in a row with the same person or room.
 */
import type { Contact, RecentEntry } from '../../../shared/contacts'
import type { TonghwaBridge, Unsubscribe } from '../../../shared/ipc-contract'
import { groupRecents, type RecentGroup } from '../phone/recent-groups'
import { describeRecent, type RecentRow } from '../phone/recent-words'

export type RecentsBridge = Pick<TonghwaBridge, 'listRecents' | 'clearRecents' | 'onRecentsChanged'>

export interface RecentsStateOptions {
  bridge: RecentsBridge
  contacts: () => readonly Contact[]
  /** Default `Date.now`. */
  now?: () => number
  /** Runs `tick` every `ms` until the returned function is called. Default `setInterval`. */
  every?: (tick: () => void, ms: number) => () => void
  onError?: (error: unknown) => void
}

const TICK_MS = 30_000

export class RecentsState {
  readonly #options: RecentsStateOptions
  readonly #now: () => number
  #list = $state.raw<readonly RecentEntry[]>([])
  #clock = $state(0)
  readonly #rows = $derived.by(() => {
    const contacts = this.#options.contacts()
    return this.#list.map((entry) => describeRecent(entry, contacts, this.#clock))
  })
  readonly #groups = $derived(groupRecents(this.#rows))
  #unsubscribe: Unsubscribe | null = null
  #stopTicking: (() => void) | null = null

  constructor(options: RecentsStateOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
    this.#clock = this.#now()
  }

  get list(): readonly RecentEntry[] {
    return this.#list
  }
  /** Newest first, in words. */
  get rows(): readonly RecentRow[] {
    return this.#rows
  }
  /** The rows, with calls in a row with the same person or room as one group. */
  get groups(): readonly RecentGroup[] {
    return this.#groups
  }

  async start(): Promise<void> {
    if (this.#unsubscribe) return
    this.#unsubscribe = this.#options.bridge.onRecentsChanged((list) => {
      this.#list = list
      this.#clock = this.#now()
    })
    const every = this.#options.every ?? defaultEvery
    this.#stopTicking = every(() => {
      this.#clock = this.#now()
    }, TICK_MS)
    try {
      this.#list = await this.#options.bridge.listRecents()
    } catch (error) {
      this.#options.onError?.(error)
    }
  }

  async clear(): Promise<void> {
    try {
      await this.#options.bridge.clearRecents()
    } catch (error) {
      this.#options.onError?.(error)
    }
  }

  dispose(): void {
    this.#unsubscribe?.()
    this.#unsubscribe = null
    this.#stopTicking?.()
    this.#stopTicking = null
  }
}

function defaultEvery(tick: () => void, ms: number): () => void {
  const id = setInterval(tick, ms)
  return () => clearInterval(id)
}
