/**
 * Getting the person's attention for a call that rings here while they look elsewhere. The window rings by
 * itself (ring sound, incoming-call screen); when no window of the app is focused, the app also shows a
 * native notification ("Minji is calling"; clicking it brings the window forward) and asks the OS for
 * attention (the taskbar button flashes, the dock icon bounces). With no window open at all (macOS keeps
 * running without one) it opens one. All of it stops when the call is answered, declined or cancelled.
 *
 * The notification is critical and never closes by itself, so a flood of rings must not pile them up: there is
 * at most one per caller (a new ring from the same caller replaces it), and at most `MAX_NOTIFICATIONS` at once
 * (the oldest goes for a newer one). The server already keeps a callee to one ringing call per caller and slows
 * callers who are declined or ignored (docs/security.md, "Ringing as a weapon"); this is the app's own bound.
 *
 * The decision is the pure `whenToAlert`; the OS side is an `AttentionHost` (attention-electron.ts in the
 * app, a recorder in the end-to-end harness). No Electron import: tested in Node.
 */
import type { CallId } from '../shared/calls'
import { DEFAULT_LOCALE, type Locale } from '../shared/language'
import type { IncomingCall } from '../shared/phone'
import { formatRoomCode, type RoomCode } from '../shared/room-code'
import { mainText, type MainMessages } from './i18n/main-messages'

/** `none`: a focused window is ringing, that is enough. `notify`: notification and OS attention. `open-window`: the same, after opening a window. */
export type AlertDecision = 'none' | 'notify' | 'open-window'

export interface WindowsState {
  /** How many app windows exist (shown, hidden or minimized). */
  count: number
  /** Whether one of them has the keyboard focus. */
  focused: boolean
}

export function whenToAlert(windows: WindowsState): AlertDecision {
  if (windows.count === 0) return 'open-window'
  return windows.focused ? 'none' : 'notify'
}

/** What the OS can do; each method is best effort and must not throw. */
export interface AttentionHost {
  windows(): WindowsState
  openWindow(): void
  /** Brings a window forward (restoring it if minimized): what clicking the notification does. */
  showWindow(): void
  showNotification(notification: { title: string; body: string; onClick: () => void }): { close(): void }
  /** Flashes the taskbar button / bounces the dock icon until `stop()`. */
  requestAttention(): { stop(): void }
}

/** What was decided for one ringing call: the end-to-end harness exposes these as `alerts()`. */
export interface AlertRecord {
  callId: CallId
  decision: AlertDecision
  /** The notification's title, when one was shown. */
  title: string | null
}

/** `Minji is calling` (`Minji 님의 전화`), or the caller's code in display form when they are not a contact. */
export function incomingCallTitle(call: Pick<IncomingCall, 'from' | 'contactName'>, text: MainMessages = mainText(DEFAULT_LOCALE)): string {
  return text.attention.incomingCallTitle(call.contactName ?? formatRoomCode(call.from))
}

/** Only the last few decisions are kept: enough for a test or a bug report, never a growing list. */
const MAX_RECORDS = 50
/** Notifications shown at once, one per caller: a person answers one call at a time, the window shows the rest. */
export const MAX_NOTIFICATIONS = 3

export class AttentionController {
  readonly #host: AttentionHost
  readonly #locale: () => Locale
  /** The notification of each caller, oldest first: one per caller, never one per ring. */
  readonly #notifications = new Map<RoomCode, { callId: CallId; notification: { close(): void } }>()
  #attention: { stop(): void } | null = null
  #records: AlertRecord[] = []

  /** `locale`: the language of the notification, read when a call rings (the language setting, resolved). */
  constructor(host: AttentionHost, locale: () => Locale = () => DEFAULT_LOCALE) {
    this.#host = host
    this.#locale = locale
  }

  /** A call started ringing here. */
  ring(call: IncomingCall): void {
    const decision = whenToAlert(this.#host.windows())
    let title: string | null = null
    if (decision === 'open-window') this.#host.openWindow()
    if (decision !== 'none' && this.#notifications.get(call.from)?.callId !== call.callId) {
      const text = mainText(this.#locale())
      title = incomingCallTitle(call, text)
      // Replaced, not stacked: the caller's earlier notification goes before the new one shows.
      this.#close(call.from)
      const notification = this.#host.showNotification({ title, body: text.attention.incomingCallBody, onClick: () => this.#host.showWindow() })
      this.#notifications.set(call.from, { callId: call.callId, notification })
      if (this.#notifications.size > MAX_NOTIFICATIONS) this.#close(this.#notifications.keys().next().value as RoomCode)
      this.#attention ??= this.#host.requestAttention()
    }
    this.#records = [...this.#records, { callId: call.callId, decision, title }].slice(-MAX_RECORDS)
  }

  /** The call was answered, declined or cancelled: its notification goes, and the OS attention with the last one. */
  stop(callId: CallId): void {
    for (const [caller, shown] of this.#notifications) if (shown.callId === callId) this.#close(caller)
    if (this.#notifications.size === 0) this.focused()
  }

  /** A window was focused: the person is here, so the taskbar or dock can stop asking (the window still rings). */
  focused(): void {
    this.#attention?.stop()
    this.#attention = null
  }

  /** The app quits: nothing it showed may outlive it. */
  stopAll(): void {
    for (const caller of [...this.#notifications.keys()]) this.#close(caller)
    this.focused()
  }

  records(): AlertRecord[] {
    return [...this.#records]
  }

  /** How many notifications are showing now. */
  get showing(): number {
    return this.#notifications.size
  }

  #close(caller: RoomCode): void {
    this.#notifications.get(caller)?.notification.close()
    this.#notifications.delete(caller)
  }
}
