/**
 * Quiet and flood in turns, for a fair comparison of a call's relay latency (relay-latency.ts). On a shared
 * machine the load of other processes drifts over seconds, so a quiet figure measured before a flood may have been
 * taken under a different load than the flood itself, and either way round the comparison says more about the
 * machine than about the server. Alternating short windows of quiet and of flood, with one probe running through
 * all of them, gives both figures the same background. The first `settleMs` of every window count for neither, so
 * the tail of a flood (frames still queued) is not taken for quiet.
 *
 * One stall of the machine (another process holding both cores for a few hundred ms) delays a dozen signals in a
 * row, enough to make a p99 on its own, and it lands in a quiet or a flood window by chance. So each side's worst
 * window is left out (`dropWorst`, one by default): the same treatment for both, and what the flood does every
 * time it is on still shows in every other flood window.
 *
 * Two shapes. `AlternatingWindows`, for a flood of messages that stops the moment its sender does: windows of a
 * fixed length, on the clock.
 *
 *   const windows = new AlternatingWindows()
 *   const probe = await startRelayProbe(server.url)
 *   while (!windows.over(16_000)) if (windows.flooding()) await attack(); else await windows.untilFlood()
 *   const { quiet, flood } = windows.split(await probe.stop())
 *   expect(flood.p99).toBeLessThanOrEqual(p99Bound(quiet))
 *
 * `FloodTurns`, for a flood of connections, which is not over when the attacker stops opening them but when the
 * last one is gone (the server timed it out, pushed it out, or the attacker closed it): each flood turn lasts as
 * long as its round takes, which must return only once nothing it opened is left, and each quiet turn as long as
 * the flood turn before it.
 *
 *   const turns = new FloodTurns()
 *   await turns.run(4, async () => { const sockets = await openMany(); await closeAll(sockets) })
 *   const { quiet, flood } = turns.split(await probe.stop())
 */
import { percentile, type RelayReport } from './relay-latency'

/** Milliseconds since the epoch on the clock the relay probe stamps its signals with. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now()
}

/** The window a signal sent at some time counts for: its index (the same for every signal of one window), and its side. */
type WindowOf = (at: number) => { index: number; flooding: boolean } | undefined

export class AlternatingWindows {
  readonly #windowMs: number
  readonly #settleMs: number
  readonly #start: number

  /** Quiet first, then flood, `windowMs` each, from now. */
  constructor(windowMs = 1_000, settleMs = 200, start = epochNow()) {
    if (settleMs >= windowMs) throw new RangeError('settleMs must be shorter than windowMs')
    this.#windowMs = windowMs
    this.#settleMs = settleMs
    this.#start = start
  }

  /** Whether `at` falls in a flood window. */
  flooding(at = epochNow()): boolean {
    return Math.floor((at - this.#start) / this.#windowMs) % 2 === 1
  }

  /** `ms` have passed since the first window began (call it at the end of a flood window to end on a whole pair). */
  over(ms: number, at = epochNow()): boolean {
    return at - this.#start >= ms
  }

  /** Resolves when the next flood window begins (at once inside one). */
  async untilFlood(at = epochNow()): Promise<void> {
    if (this.flooding(at)) return
    const index = Math.floor((at - this.#start) / this.#windowMs)
    const next = this.#start + (index + 1) * this.#windowMs
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - at)))
  }

  /**
   * The signals sent in quiet windows and in flood windows, past each window's first `settleMs`, without the
   * `dropWorst` windows of each side with the highest latency.
   */
  split(report: RelayReport, dropWorst = 1): { quiet: RelayReport; flood: RelayReport } {
    return splitByWindow(report, dropWorst, (at) => {
      const index = Math.floor((at - this.#start) / this.#windowMs)
      if (index < 0 || at - this.#start - index * this.#windowMs < this.#settleMs) return undefined
      return { index, flooding: index % 2 === 1 }
    })
  }
}

export class FloodTurns {
  readonly #settleMs: number
  readonly #minQuietMs: number
  /** Every turn so far, quiet and flood by turns, in ms since the epoch. */
  readonly #turns: { start: number; end: number; flooding: boolean }[] = []

  /** A quiet turn lasts as long as the flood turn before it, and `minQuietMs` at least (the first one: exactly). */
  constructor(minQuietMs = 1_000, settleMs = 200) {
    if (settleMs >= minQuietMs) throw new RangeError('settleMs must be shorter than minQuietMs')
    this.#minQuietMs = minQuietMs
    this.#settleMs = settleMs
  }

  /**
   * `turns` times a quiet turn, then a flood turn that lasts until `round(turn)` resolves (so `round` must wait
   * until nothing it opened is open any more). A round that throws ends the run there.
   */
  async run(turns: number, round: (turn: number) => Promise<void>): Promise<void> {
    for (let turn = 0; turn < turns; turn++) {
      const previous = this.#turns.at(-1)
      const quietMs = Math.max(this.#minQuietMs, previous === undefined ? 0 : previous.end - previous.start)
      const quietStart = epochNow()
      await new Promise((resolve) => setTimeout(resolve, quietMs))
      const floodStart = epochNow()
      this.#turns.push({ start: quietStart, end: floodStart, flooding: false })
      try {
        await round(turn)
      } finally {
        this.#turns.push({ start: floodStart, end: epochNow(), flooding: true })
      }
    }
  }

  /**
   * The signals sent in quiet turns and in flood turns, past each turn's first `settleMs`, without the `dropWorst`
   * turns of each side with the highest latency. Signals sent before the first turn or after the last count for
   * neither.
   */
  split(report: RelayReport, dropWorst = 1): { quiet: RelayReport; flood: RelayReport } {
    return splitByWindow(report, dropWorst, (at) => {
      const index = this.#turns.findIndex((turn) => at >= turn.start + this.#settleMs && at < turn.end)
      return index === -1 ? undefined : { index, flooding: this.#turns[index]!.flooding }
    })
  }
}

function splitByWindow(report: RelayReport, dropWorst: number, windowOf: WindowOf): { quiet: RelayReport; flood: RelayReport } {
  if (report.sentAt === undefined) throw new Error('the relay report has no send times to split by')
  const windows = new Map<number, { flooding: boolean; latencies: number[] }>()
  report.sentAt.forEach((at, i) => {
    const latency = report.latencies[i]
    const window = windowOf(at)
    if (latency === undefined || window === undefined) return
    const entry = windows.get(window.index) ?? { flooding: window.flooding, latencies: [] }
    entry.latencies.push(latency)
    windows.set(window.index, entry)
  })
  const side = (flooding: boolean) => {
    const kept = [...windows.values()].filter((window) => window.flooding === flooding).map((window) => window.latencies)
    kept.sort((a, b) => Math.max(...a) - Math.max(...b))
    return kept.slice(0, Math.max(0, kept.length - dropWorst)).flat()
  }
  return { quiet: summary(report, side(false)), flood: summary(report, side(true)) }
}

function summary(report: RelayReport, latencies: number[]): RelayReport {
  return {
    sent: latencies.length,
    received: latencies.length,
    inOrder: report.inOrder,
    latencies,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: Math.max(...latencies),
  }
}
