/**
 * How a well-behaved call in another room fares while a test attacks the server: test/support/relay-probe.mjs,
 * in a process of its own (so the test's own load is not counted as the server's latency), joins a room as
 * Alice and Bob and relays a signal every 25 ms; `stop()` reports every signal's latency.
 *
 *   const probe = await startRelayProbe(server.url)
 *   // … the attack, on and off by turns (alternating-flood.ts: windows or turns) …
 *   const { quiet, flood } = windows.split(await probe.stop())
 *   console.info(describeRelay('slowloris', quiet, flood))
 *   expect(flood.p99).toBeLessThanOrEqual(p99Bound(quiet))
 *
 * The probe is killed if the test ends without stopping it.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { setPriority } from 'node:os'
import { fileURLToPath } from 'node:url'
import { generateRoomCode } from '../../src/shared/room-code'

export interface RelayReport {
  sent: number
  received: number
  /** Every signal arrived in the order it was sent. */
  inOrder: boolean
  /** Per signal, in ms (whole milliseconds), in the order sent. */
  latencies: number[]
  /** When each signal was sent, in ms since the epoch (`performance.timeOrigin + performance.now()`), as the probe reports it. */
  sentAt?: number[]
  p50: number
  p99: number
  max: number
}

/**
 * Latencies on loopback are a fraction of a millisecond and the probe reports whole ones, so a quiet p99 is 1 or
 * 2 ms, and twice that is within one scheduler slice: on a shared two-core machine the probe, the server and the
 * test each wait a few ms for a core now and then (Linux CFS hands out slices of 3 to 12 ms), whatever the server
 * does. 10 ms is above that noise and still far below anything a person would notice in call setup (a signal
 * taking 20 ms instead of 1 changes nothing), so the flood bound is twice the quiet p99 or twice this, whichever
 * is larger.
 */
export const RELAY_P99_FLOOR_MS = 10

/** The most a flood's p99 may be: twice the quiet figure, or twice the floor. */
export function p99Bound(quiet: RelayReport, floorMs = RELAY_P99_FLOOR_MS): number {
  return 2 * Math.max(quiet.p99, floorMs)
}

/** One line for the test's output: both figures and the bound. */
export function describeRelay(label: string, quiet: RelayReport, loaded: RelayReport): string {
  return `relay during ${label}: quiet p50 ${quiet.p50} ms p99 ${quiet.p99} ms (${quiet.sent} signals); flood p50 ${loaded.p50} ms p99 ${loaded.p99} ms max ${loaded.max} ms (${loaded.sent} signals); bound ${p99Bound(quiet)} ms`
}

/** The `q` quantile (0 to 1) of `values`, by the nearest-rank method. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
}

export interface RelayProbe {
  /** The probe process is still running (it exits if the server refuses it). */
  readonly running: boolean
  /** Stops sending, waits for what was sent, and reports (called again: the same report). */
  stop(): Promise<RelayReport>
  /** Lets it relay for `ms`, then stops it. */
  stopAfter(ms: number): Promise<RelayReport>
}

export interface RelayProbeOptions {
  /**
   * Scheduling priority of the probe process (`nice`, -20 to 19), e.g. the same as the server's when the test
   * raises it above the attacker's. Default: the test's own. Needs privileges to go below 0; without them it is
   * left as it is.
   */
  priority?: number
  /**
   * Real-time scheduling for the probe where the test may (`tryRealtime`), e.g. the same as the server's; then
   * `priority` applies only where it may not. Default: false.
   */
  realtime?: boolean
}

/** Starts a call in a fresh room of the server at `url` (a `ws://…/signal` URL); resolves once it relays. */
export async function startRelayProbe(url: string, options: RelayProbeOptions = {}): Promise<RelayProbe> {
  const script = fileURLToPath(new URL('./relay-probe.mjs', import.meta.url))
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [script, url, generateRoomCode()], { stdio: 'pipe' })
  if (child.pid !== undefined && !(options.realtime === true && tryRealtime(child.pid)) && options.priority !== undefined) trySetPriority(child.pid, options.priority)
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const kill = () => child.kill('SIGKILL')
  process.once('exit', kill)
  const running = () => child.exitCode === null && child.signalCode === null

  async function line(matches: (parsed: Record<string, unknown>) => boolean, timeoutMs: number): Promise<Record<string, unknown>> {
    const deadline = performance.now() + timeoutMs
    for (;;) {
      for (const text of output.split('\n')) {
        if (!text.startsWith('{') || !text.endsWith('}')) continue
        const parsed = JSON.parse(text) as Record<string, unknown>
        if (matches(parsed)) return parsed
      }
      if (performance.now() > deadline || !running()) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    kill()
    throw new Error(`the relay probe did not report in time (exit code ${String(child.exitCode)}):\n${output}`)
  }

  // Generous: with other test files running, starting a process can take a while on two cores.
  await line((parsed) => parsed.ready === true, 30_000)
  // A probe that has exited cannot be told to stop; `line` then says why it did.
  child.stdin.on('error', () => {})
  let report: Promise<RelayReport> | undefined
  const stop = (): Promise<RelayReport> =>
    (report ??= (async () => {
      child.stdin.write('stop\n')
      const raw = (await line((parsed) => typeof parsed.sent === 'number', 20_000)) as unknown as Omit<RelayReport, 'p50' | 'p99' | 'max'>
      process.off('exit', kill)
      return { ...raw, p50: percentile(raw.latencies, 0.5), p99: percentile(raw.latencies, 0.99), max: Math.max(...raw.latencies) }
    })())
  return {
    get running() {
      return running()
    },
    stop,
    async stopAfter(ms) {
      await new Promise((resolve) => setTimeout(resolve, ms))
      return stop()
    },
  }
}

/**
 * Sets a process's `nice`; true if it could (going below 0 needs privileges). On Linux `nice` belongs to each
 * thread, and a Node process has started its helper threads (garbage collection, the libuv pool) by the time it
 * can be given a pid: each of them is set too, or the process would wait on helpers left at the old priority.
 */
export function trySetPriority(pid: number, priority: number): boolean {
  try {
    setPriority(pid, priority)
  } catch {
    return false
  }
  let threads: string[] = []
  try {
    threads = readdirSync(`/proc/${pid}/task`)
  } catch {
    // Not Linux: there the whole process has one priority.
  }
  for (const thread of threads) {
    try {
      setPriority(Number(thread), priority)
    } catch {
      // The thread has ended meanwhile.
    }
  }
  return true
}

/**
 * Puts every thread of a process in the real-time class (round-robin, the lowest real-time priority); true if it
 * could. `nice` is not enough on a machine busy with other people's work: Linux groups each session's processes
 * (autogroup) and shares the cores fairly between the groups before `nice` counts, so at a load of 20 a 5 ms timer
 * fires up to 400 ms late at `nice -20` as at 0, and at most 3 ms late in the real-time class (measured on the
 * shared two-core machine). Needs root or CAP_SYS_NICE and `chrt` (util-linux); the kernel still leaves ordinary
 * processes 5 % of every core (`sched_rt_runtime_us`), so a server that spins does not take the machine.
 */
export function tryRealtime(pid: number): boolean {
  try {
    execFileSync('chrt', ['--all-tasks', '--rr', '--pid', '1', String(pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
