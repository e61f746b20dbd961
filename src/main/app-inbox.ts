/**
 * What the app hands its windows outside any command: `tonghwa://` links (`app:open-link`) and notices
 * (`app:notice`). Either can arrive before any window can listen (the link the app was started with, a
 * damaged contacts file found at start), so both wait here until a window's page asks with
 * `app:take-pending`: from then on that window is listening and gets them as events.
 *
 * A link goes to one window (the one focused last), a notice to every listening window. Both queues are
 * bounded: a page that fires links at the OS while the app starts must not grow memory without end.
 * No Electron import: tested in Node.
 */
import type { DeepLink, StructuredNotice } from '../shared/phone'
import { parseDeepLink } from './deep-link'
import type { EmitBridgeEvent } from './ipc-handlers'

/** Links kept for a window that is not listening yet (the newest win: the last one clicked). */
export const MAX_PENDING_LINKS = 4
export const MAX_PENDING_NOTICES = 16
/** Notices remembered for `raised()` (diagnostics and tests). */
const MAX_RAISED_NOTICES = 50

export const DeepLinkNoticeCode = {
  /** A `tonghwa://` link was opened that is not one the app understands. */
  Invalid: 'DEEP_LINK_ERR_INVALID',
} as const

interface WindowSlot {
  emit: EmitBridgeEvent
  listening: boolean
}

export interface AppInboxOptions {
  /** Default `console.warn`. */
  log?: (message: string) => void
}

export class AppInbox {
  readonly #windows = new Map<number, WindowSlot>()
  /** Window ids, the one focused last at the end. */
  #focusOrder: number[] = []
  #links: DeepLink[] = []
  #notices: StructuredNotice[] = []
  #raised: StructuredNotice[] = []
  readonly #log: (message: string) => void

  constructor(options: AppInboxOptions = {}) {
    this.#log = options.log ?? console.warn
  }

  attach(windowId: number, emit: EmitBridgeEvent): void {
    this.#windows.set(windowId, { emit, listening: false })
    this.focus(windowId)
  }

  detach(windowId: number): void {
    this.#windows.delete(windowId)
    this.#focusOrder = this.#focusOrder.filter((id) => id !== windowId)
  }

  focus(windowId: number): void {
    if (!this.#windows.has(windowId)) return
    this.#focusOrder = [...this.#focusOrder.filter((id) => id !== windowId), windowId]
  }

  /** `app:take-pending`: what waited, and this window listens from now on. */
  take(windowId: number): { links: DeepLink[]; notices: StructuredNotice[] } {
    const slot = this.#windows.get(windowId)
    if (slot) slot.listening = true
    // Links are for one window: the first to ask gets them. Notices are for the person: also the first.
    const pending = { links: this.#links, notices: this.#notices }
    this.#links = []
    this.#notices = []
    return pending
  }

  /** Parses a link from the OS and hands it to a window, or tells the person it was not understood. */
  openUrl(url: string): void {
    const parsed = parseDeepLink(url)
    if (parsed.ok) {
      this.openLink(parsed.link)
      return
    }
    this.#log(`[deep-link] ignored a link: ${parsed.reason}`)
    this.notify({ code: DeepLinkNoticeCode.Invalid, problem: parsed.problem })
  }

  openLink(link: DeepLink): void {
    const target = [...this.#focusOrder].reverse().find((id) => this.#windows.get(id)?.listening)
    if (target !== undefined) {
      this.#windows.get(target)!.emit('app:open-link', link)
      return
    }
    this.#links = [...this.#links, link].slice(-MAX_PENDING_LINKS)
  }

  /** Hands a notice to every listening window, or keeps it for the first to ask. The window words it. */
  notify(notice: StructuredNotice): void {
    this.#raised = [...this.#raised, notice].slice(-MAX_RAISED_NOTICES)
    const listening = [...this.#windows.values()].filter((slot) => slot.listening)
    if (listening.length > 0) {
      for (const slot of listening) slot.emit('app:notice', notice)
      return
    }
    if (this.#notices.some((queued) => sameNotice(queued, notice))) return
    this.#notices = [...this.#notices, notice].slice(-MAX_PENDING_NOTICES)
  }

  /** Every notice raised this session (the last 50), delivered or still waiting. */
  raised(): StructuredNotice[] {
    return [...this.#raised]
  }

  /** Whether some window's page is listening (else a link waits, and a window may have to be opened). */
  hasListener(): boolean {
    return [...this.#windows.values()].some((slot) => slot.listening)
  }
}

/** The same code with the same values: a notice raised twice before anyone listens is shown once. */
export function sameNotice(a: StructuredNotice, b: StructuredNotice): boolean {
  const keys = Object.keys(a) as Array<keyof StructuredNotice>
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key])
}
