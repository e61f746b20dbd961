/**
 * Section 4, bad networks: the same two-person call through the lab (lab-call.ts), Tonghwa against the floor,
 * alternating, under each impairment of alice's link. Per run: a clean warm-up (its last seconds are the
 * "earlier bitrate"), the impairment (audio concealment, video freezes, frame rate and resolution received, and
 * what the call screen said), then the impairment lifted and the time until the video each side receives is back
 * to 90 % of its earlier bitrate. Then Low data on a clean link: what each direction puts on the wire.
 */
import type { BenchConfig } from '../support/config'
import { median } from '../support/stats'
import { CallLab, type CallKind, type Impairment, type LabCall } from './lab-call'
import { concealedShare, framesPerSecond, frozenSeconds, intervalSeconds, videoKbps, wireSendKbps, type MediaReading } from './media-reading'

export interface NetworkCondition {
  id: string
  /** As the table names it. */
  label: string
  impairment: Impairment
}

export const NETWORK_CONDITIONS: readonly NetworkCondition[] = [
  { id: 'cap300', label: '300 kbit/s cap', impairment: { kbit: 300 } },
  { id: 'loss5', label: '5 % loss', impairment: { lossPercent: 5 } },
  { id: 'loss10', label: '10 % loss', impairment: { lossPercent: 10 } },
  { id: 'cap1000loss2', label: '1 Mbit/s cap and 2 % loss', impairment: { kbit: 1000, lossPercent: 2 } },
]

export interface ImpairedRun {
  /** Concealed / received audio samples while impaired, both directions pooled, 0…1. */
  concealed: number
  /** Frozen video time / call time while impaired, both directions, 0…1. */
  frozen: number
  /** Frames decoded per second while impaired, mean of the two directions. */
  fps: number
  /** Median of the received frame height (and width) sampled each second, both directions. */
  height: number
  width: number
  /** The received video bitrate of the warm-up's last seconds, mean of the directions, kbit/s. */
  baselineKbps: number
  /** From the impairment lifting until both directions are back to 90 % of their earlier bitrate; null: not within the limit. */
  recoverySeconds: number | null
  /** What the call screen said at the end of the impairment, Alice's then Bob's (Tonghwa only). */
  notices: Array<string | null>
}

export interface LowDataRun {
  /** Each direction on the wire, Alice → Bob then Bob → Alice, kbit/s. */
  sendKbps: [number, number]
  /** Frames per second received, the lower of the two directions. */
  fps: number
  /** Received frame height, the lower of the two. */
  height: number
}

export interface NetworkResults {
  chromiumVersion: string
  startedAt: string
  minutes: number
  loadAtStart: number
  loadAtEnd: number
  rounds: number
  timing: NetworkTiming
  conditions: Record<string, Record<CallKind, ImpairedRun[]>>
  /** Tonghwa with Low data on Alice's side, and the floor, on a clean link. */
  lowData: Record<'tonghwa' | 'floor', LowDataRun[]>
  /** Set when the fake camera was a `.y4m` file. */
  videoFile?: string
}

export interface NetworkTiming {
  warmUpSeconds: number
  impairedSeconds: number
  recoveryLimitSeconds: number
  lowDataSeconds: number
}

export interface NetworkBenchPaths {
  root: string
  rendererDir: string
  pageDir: string
  videoFile?: string
}

/** The "earlier bitrate" is the mean over this last part of the warm-up. */
const BASELINE_SECONDS = 5
const RECOVERED_SHARE = 0.9

export async function runNetworkBench(config: BenchConfig, paths: NetworkBenchPaths, load: () => number): Promise<NetworkResults> {
  const started = Date.now()
  const loadAtStart = load()
  const timing = config.network
  const lab = await CallLab.open(paths)
  try {
    const conditions: NetworkResults['conditions'] = {}
    for (const condition of NETWORK_CONDITIONS) conditions[condition.id] = { tonghwa: [], floor: [] }
    const lowData: NetworkResults['lowData'] = { tonghwa: [], floor: [] }
    for (let round = 1; round <= timing.rounds; round++) {
      // Alternate who goes first, round by round, so neither side always meets a machine just warmed up.
      const order: CallKind[] = round % 2 === 1 ? ['tonghwa', 'floor'] : ['floor', 'tonghwa']
      for (const condition of NETWORK_CONDITIONS) {
        for (const kind of order) {
          const run = await withCall(lab, kind, false, (call) => impairedRun(lab, call, condition.impairment, timing))
          conditions[condition.id]![kind].push(run)
          progress(
            `${condition.label} ${round}/${timing.rounds} ${kind}: concealed ${pct(run.concealed)}, frozen ${pct(run.frozen)}, ${run.fps.toFixed(1)} fps ${run.width}×${run.height}, back to 90 % of ${run.baselineKbps.toFixed(0)} kbit/s in ${run.recoverySeconds === null ? `> ${timing.recoveryLimitSeconds}` : run.recoverySeconds.toFixed(1)} s${run.notices.some((notice) => notice !== null) ? `, notice ${run.notices.join('/')}` : ''}`,
          )
        }
      }
      for (const kind of order) {
        const run = await withCall(lab, kind, kind === 'tonghwa', (call) => lowDataRun(call, timing))
        lowData[kind].push(run)
        progress(`clean link${kind === 'tonghwa' ? ', Low data' : ''} ${round}/${timing.rounds} ${kind}: ${run.sendKbps.map((kbps) => kbps.toFixed(0)).join(' / ')} kbit/s on the wire, ${run.fps.toFixed(1)} fps, ${run.height}p`)
      }
    }
    return {
      chromiumVersion: lab.chromiumVersion,
      startedAt: new Date(started).toISOString(),
      minutes: (Date.now() - started) / 60_000,
      loadAtStart,
      loadAtEnd: load(),
      rounds: timing.rounds,
      timing: { warmUpSeconds: timing.warmUpSeconds, impairedSeconds: timing.impairedSeconds, recoveryLimitSeconds: timing.recoveryLimitSeconds, lowDataSeconds: timing.lowDataSeconds },
      conditions,
      lowData,
      ...(paths.videoFile ? { videoFile: paths.videoFile } : {}),
    }
  } finally {
    await lab.close()
  }
}

async function withCall<T>(lab: CallLab, kind: CallKind, lowData: boolean, measure: (call: LabCall) => Promise<T>): Promise<T> {
  await lab.clear()
  // A busy machine now and then keeps a call from starting within its deadline: one more try, then it counts.
  const call = await lab.call(kind, { lowData }).catch((error: unknown) => {
    progress(`a ${kind} call did not start (${error instanceof Error ? error.message.slice(0, 120) : String(error)}); trying again`)
    return lab.call(kind, { lowData })
  })
  try {
    return await measure(call)
  } finally {
    await call.hangUp()
    await lab.clear()
  }
}

async function impairedRun(lab: CallLab, call: LabCall, impairment: Impairment, timing: NetworkTiming): Promise<ImpairedRun> {
  await sleep((timing.warmUpSeconds - BASELINE_SECONDS) * 1000)
  const baselineStart = await call.read()
  await sleep(BASELINE_SECONDS * 1000)
  const baselineEnd = await call.read()
  const baseline = [0, 1].map((i) => videoKbps(baselineStart[i]!, baselineEnd[i]!))

  await lab.impair(impairment)
  const impairedStart = await call.read()
  const sizes: Array<{ width: number; height: number }> = []
  let impairedEnd = impairedStart
  const until = Date.now() + timing.impairedSeconds * 1000
  while (Date.now() < until) {
    await sleep(1000)
    impairedEnd = await call.read()
    for (const reading of impairedEnd) if (reading.video.frameHeight > 0) sizes.push({ width: reading.video.frameWidth, height: reading.video.frameHeight })
  }
  await lab.clear()
  const lifted = Date.now()
  const recoverySeconds = await timeToRecover(call, baseline, lifted, timing.recoveryLimitSeconds)

  const audio = [0, 1].map((i) => concealedShare(impairedStart[i]!, impairedEnd[i]!))
  const callSeconds = intervalSeconds(impairedStart[0], impairedEnd[0])
  const bySize = [...sizes].sort((a, b) => a.height - b.height)
  const middle = bySize[Math.floor(bySize.length / 2)] ?? { width: 0, height: 0 }
  return {
    concealed: share(sum(audio.map((a) => a.concealed)), sum(audio.map((a) => a.total))),
    frozen: sum([0, 1].map((i) => frozenSeconds(impairedStart[i]!, impairedEnd[i]!))) / (2 * callSeconds),
    fps: mean([0, 1].map((i) => framesPerSecond(impairedStart[i]!, impairedEnd[i]!))),
    width: middle.width,
    height: middle.height,
    baselineKbps: mean(baseline),
    recoverySeconds,
    notices: impairedEnd.map((reading) => reading.notice),
  }
}

/** Polls every half second; the bitrate of the last second on each side against its earlier bitrate. */
async function timeToRecover(call: LabCall, baseline: number[], lifted: number, limitSeconds: number): Promise<number | null> {
  const history: Array<[MediaReading, MediaReading]> = [await call.read()]
  while (Date.now() - lifted < limitSeconds * 1000) {
    await sleep(500)
    const now = await call.read()
    history.push(now)
    const secondAgo = [...history].reverse().find((readings) => now[0].at - readings[0].at >= 1000)
    if (!secondAgo) continue
    const back = [0, 1].every((i) => videoKbps(secondAgo[i]!, now[i]!) >= RECOVERED_SHARE * baseline[i]!)
    if (back) return (now[0].at - lifted) / 1000
  }
  return null
}

async function lowDataRun(call: LabCall, timing: NetworkTiming): Promise<LowDataRun> {
  await sleep(timing.warmUpSeconds * 1000)
  const start = await call.read()
  await sleep(timing.lowDataSeconds * 1000)
  const end = await call.read()
  return {
    sendKbps: [wireSendKbps(start[0], end[0]), wireSendKbps(start[1], end[1])],
    fps: Math.min(framesPerSecond(start[0], end[0]), framesPerSecond(start[1], end[1])),
    height: Math.min(end[0].video.frameHeight, end[1].video.frameHeight),
  }
}

/** Medians of one figure over the runs of one side. */
export function medianOf<T>(runs: readonly T[], pick: (run: T) => number | null): number {
  return median(runs.map(pick).filter((value): value is number => value !== null && Number.isFinite(value)))
}

function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : Number.NaN
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0)
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : sum(values) / values.length
}

function pct(value: number): string {
  return `${(value * 100).toFixed(2)} %`
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))
}

function progress(line: string): void {
  process.stderr.write(`  ${line}\n`)
}
