/**
 * The call's quality as the call screen shows it: once a second, while the call is connected, the
 * connection's `getStats()` is read and turned into figures (`call/call-stats.ts`) and a good / fair / poor
 * level (`call/quality-thresholds.ts`), and, when the network is the problem, on whose side
 * (`call/network-health.ts`). Polling stops when the call is not connected and on hang-up, so an idle app reads
 * no stats at all. The timer is given, so tests drive it by hand.
 */
import { readQuality, snapshotOf, type QualityFigures, type StatsSnapshot } from '../call/call-stats'
import { assessNetwork, NETWORK_THRESHOLDS, readNetworkSample, type NetworkNotice, type NetworkSample } from '../call/network-health'
import { classifyQuality, type QualityLevel } from '../call/quality-thresholds'
import type { StatsReportLike } from '../call/rtc-types'

/** Starts calling `tick` every `ms`; returns what stops it. */
export type RepeatEvery = (ms: number, tick: () => void) => () => void

export interface CallQualityOptions {
  /** The connection's statistics now, or null when there is no connection. */
  getStats: () => Promise<StatsReportLike> | null
  /** Default: `setInterval`. */
  every?: RepeatEvery
  /** Default 1000 ms. */
  intervalMs?: number
  onError?: (error: unknown) => void
  /** Whether the call runs with Low data (video held down on purpose: not reported as a slow connection). */
  lowData?: () => boolean
}

export const QUALITY_INTERVAL_MS = 1000

export class CallQualityState {
  readonly #getStats: () => Promise<StatsReportLike> | null
  readonly #every: RepeatEvery
  readonly #intervalMs: number
  readonly #onError: (error: unknown) => void
  readonly #lowData: () => boolean
  #figures = $state.raw<QualityFigures | null>(null)
  #notice = $state.raw<NetworkNotice | null>(null)
  /** The last readings for `assessNetwork`, oldest first. */
  #samples: NetworkSample[] = []
  #isOpen = $state(false)
  #stopTimer: (() => void) | null = null
  #previous: StatsSnapshot | null = null
  /** Bumped on every stop, so a `getStats()` still in flight from before is dropped. */
  #run = 0
  #reading = false

  readonly #level = $derived.by((): QualityLevel | null => {
    const figures = this.#figures
    if (!figures) return null
    const losses = [figures.lossInPercent, figures.lossOutPercent].filter((value) => value !== null)
    return classifyQuality({ lossPercent: losses.length > 0 ? Math.max(...losses) : null, roundTripMs: figures.roundTripMs })
  })

  constructor(options: CallQualityOptions) {
    this.#getStats = options.getStats
    this.#every =
      options.every ??
      ((ms, tick) => {
        const timer = setInterval(tick, ms)
        return () => clearInterval(timer)
      })
    this.#intervalMs = options.intervalMs ?? QUALITY_INTERVAL_MS
    this.#onError = options.onError ?? ((error) => console.warn('[quality]', error))
    this.#lowData = options.lowData ?? (() => false)
  }

  /** The latest figures, or null before the first reading. */
  get figures(): QualityFigures | null {
    return this.#figures
  }
  /** Good, fair or poor, or null while nothing is measured yet. */
  get level(): QualityLevel | null {
    return this.#level
  }
  /** When the network is the problem: whose side, or null while it is not. */
  get notice(): NetworkNotice | null {
    return this.#notice
  }
  get polling(): boolean {
    return this.#stopTimer !== null
  }
  get isOpen(): boolean {
    return this.#isOpen
  }

  toggle(): void {
    this.#isOpen = !this.#isOpen
  }
  open(): void {
    this.#isOpen = true
  }
  close(): void {
    this.#isOpen = false
  }

  /** Polls while `connected`, and stops (keeping the last figures on screen) when it is not. */
  follow(connected: boolean): void {
    if (connected) this.#start()
    else this.#stop()
  }

  /** The call is over: no polling, no figures, panel closed. */
  reset(): void {
    this.#stop()
    this.#figures = null
    this.#notice = null
    this.#isOpen = false
  }

  #start(): void {
    if (this.#stopTimer) return
    this.#previous = null
    this.#stopTimer = this.#every(this.#intervalMs, () => void this.#read())
    void this.#read()
  }

  #stop(): void {
    this.#stopTimer?.()
    this.#stopTimer = null
    this.#previous = null
    // A notice about a connection that is not measured any more would only go stale.
    this.#samples = []
    this.#notice = null
    this.#run += 1
  }

  async #read(): Promise<void> {
    // A slow getStats() is not stacked up behind itself.
    if (this.#reading) return
    const run = this.#run
    const pending = this.#getStats()
    if (!pending) return
    this.#reading = true
    try {
      const snapshot = snapshotOf(await pending)
      if (run !== this.#run) return
      const figures = readQuality(this.#previous, snapshot)
      this.#figures = figures
      if (this.#previous !== null) {
        this.#samples = [...this.#samples, readNetworkSample(figures, this.#previous, snapshot)].slice(-NETWORK_THRESHOLDS.windowSamples)
        this.#notice = assessNetwork(this.#samples, this.#notice, { lowData: this.#lowData() })
      }
      this.#previous = snapshot
    } catch (error) {
      if (run === this.#run) this.#onError(error)
    } finally {
      this.#reading = false
    }
  }
}
