/**
 * Whether the call bar shows over the video. It fades once the pointer has rested for `idleMs`, so the
 * picture is whole, and comes back on any pointer movement, focus or key (`activity`). It never fades while
 * something holds it: focus inside the bar or its menu open (`hold`), or whatever `held` says (a panel open).
 */
export interface CallBarVisibilityOptions {
  /** Quiet time before the bar fades. Default: 3000 ms. */
  idleMs?: number
  /** Outside reasons to keep it (a side panel open), read whenever `shown` is. Default: none. */
  held?: () => boolean
  /** Timers, for tests. Default: `setTimeout` / `clearTimeout`. */
  setTimer?: (run: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
}

export type BarHoldReason = 'focus' | 'menu'

export const BAR_IDLE_MS = 3000

export class CallBarVisibility {
  readonly #idleMs: number
  readonly #held: () => boolean
  readonly #setTimer: (run: () => void, ms: number) => unknown
  readonly #clearTimer: (timer: unknown) => void
  #awake = $state(true)
  #holds = $state<readonly BarHoldReason[]>([])
  #timer: unknown = null
  #disposed = false

  constructor(options: CallBarVisibilityOptions = {}) {
    this.#idleMs = options.idleMs ?? BAR_IDLE_MS
    this.#held = options.held ?? (() => false)
    this.#setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms))
    this.#clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>))
    this.#restart()
  }

  get shown(): boolean {
    return this.#awake || this.#holds.length > 0 || this.#held()
  }

  /** The pointer moved, a key was pressed, something took focus: show the bar and start the quiet time again. */
  activity(): void {
    this.#awake = true
    this.#restart()
  }

  /** Keeps the bar (`on`) or lets it fade again after the quiet time (`off`). */
  hold(reason: BarHoldReason, on: boolean): void {
    const has = this.#holds.includes(reason)
    if (on && !has) this.#holds = [...this.#holds, reason]
    if (!on && has) {
      this.#holds = this.#holds.filter((held) => held !== reason)
      this.activity()
    }
  }

  dispose(): void {
    this.#disposed = true
    if (this.#timer !== null) this.#clearTimer(this.#timer)
    this.#timer = null
  }

  #restart(): void {
    if (this.#disposed) return
    if (this.#timer !== null) this.#clearTimer(this.#timer)
    this.#timer = this.#setTimer(() => {
      this.#timer = null
      this.#awake = false
    }, this.#idleMs)
  }
}
