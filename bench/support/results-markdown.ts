/** Renders bench/RESULTS.md: the machine, the commands, a table of medians and ratios per section, the targets. */
import type { AssetSizes } from '../call/asset-sizes'
import type { BrowserResults } from '../call/browser-bench'
import type { SetupTimes } from '../call/call-runs'
import type { LoadResult, RelayStep } from '../signaling/load-generator'
import { SERVER_NAMES, type ServerKind } from '../signaling/servers'
import type { SignalingResults } from '../signaling/signaling-bench'
import type { BenchConfig } from './config'
import type { NetworkResults } from '../network/network-bench'
import { networkSection } from '../network/network-markdown'
import { fmt, times } from './format'
import type { Machine } from './machine'
import { median, medianRatio } from './stats'

export interface BenchReport {
  startedAt: Date
  minutes: number
  machine: Machine
  chromiumVersion?: string
  config: BenchConfig
  liftedLimits: Record<string, string>
  signaling?: SignalingResults
  browser?: BrowserResults
  assets?: AssetSizes
  network?: NetworkResults
  /** bench/analysis.md, written by hand after profiling a missed target. */
  notes: string
  /** bench/network/analysis.md, the same for section 4. */
  networkNotes?: string
}

interface Target {
  name: string
  measured: number
  limit: number
  unit: '×' | 'KB'
}

export function renderResults(report: BenchReport): string {
  const targets: Target[] = []
  const sections = [
    header(report),
    report.signaling ? signalingSection(report.signaling, report.config.signaling, targets) : '',
    report.browser ? callSetupSection(report.browser, report.config, targets) : '',
    report.browser || report.assets ? weightSection(report.browser, report.assets, targets) : '',
    report.network ? networkSection(report.network, report.networkNotes ?? '') : '',
    targetsSection(targets),
    report.notes.trim() === '' ? '' : `## Notes and profiles\n\n${report.notes.trim()}\n`,
  ]
  return `${sections.filter((section) => section !== '').join('\n')}`
}

function header({ startedAt, minutes, machine, chromiumVersion, config, liftedLimits }: BenchReport): string {
  const lifted = Object.entries(liftedLimits).map(([name, value]) => `\`${name}=${value}\``)
  return `# Benchmarks

Measured ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC in ${minutes.toFixed(1)} minutes${config.quick ? ' (**quick mode: a smoke test, not figures to quote**)' : ''}.
Every figure is a median; every ratio is the median of per-round ratios, the sides having run alternately
(A B A B …) so that each pair of runs saw the same machine. Regenerate with \`npm run bench\`.

## Machine

| | |
|---|---|
| CPU | ${machine.cpuModel}, ${machine.cpuCount} CPUs |
| RAM | ${machine.ramGiB.toFixed(1)} GiB |
| OS | ${machine.kernel} |
| Node.js | ${machine.node} |
| Chromium | ${chromiumVersion ?? 'not run'} (headless, fake camera and microphone, the e2e tests' flags) |
| 1-minute load average | ${machine.loadAtStart.toFixed(2)} at the start, ${machine.loadAtEnd?.toFixed(2) ?? '?'} at the end |

Servers, load generator and browser share these CPUs: a server can never have more than what the generator
leaves it, so the absolute rates are this machine's; the ratios are the point.

## Commands

\`\`\`sh
npm run bench                  # build, then all three sections; writes bench/RESULTS.md
BENCH_QUICK=1 npm run bench    # a small, fast run for development; writes .cache/bench-results/RESULTS.partial.md
BENCH_ONLY=signaling npm run bench   # or BENCH_ONLY=browser: one part only (also to RESULTS.partial.md)
BENCH_ONLY=network npm run bench     # section 4 only (bad networks): replaces that section of bench/RESULTS.md
BENCH_Y4M=1 npm run bench            # section 4 with a generated .y4m camera instead of Chromium's fake one (needs ffmpeg)
BENCH_CPU_PROF=1 npm run bench # also writes --cpu-prof profiles of the Tonghwa server to .cache/bench-results/profiles/
BENCH_RENDERER_DIR=dir npm run bench # measure another renderer build than out/renderer
\`\`\`

\`npm run bench\` is \`npm run build && vite build --config bench/vite.config.ts && node .cache/bench/run.js\`
(Node 20 does not run TypeScript, so the bench is built like the server is). Each server runs as its own
process on a free loopback port: Tonghwa's is the built \`out/server/cli.js\` with its defaults (metrics and
info logging on) except ${lifted.length === 0 ? 'nothing (it has no per-address or rate limits)' : `${lifted.join(', ')}: its per-address, per-connection rate and failed-attempt limits, lifted because every client comes from one loopback address, each client sends more than a call does on the rate ladder, and every first join into an empty room counts as a failed attempt (the checks still run on every connection and frame; only the refusals are lifted)`};
PeerJS's is \`PeerServer\` from \`peer\` with \`concurrent_limit\` raised from 5,000 and \`alive_timeout\` raised to an
hour (the bench's clients send no HEARTBEAT); the bare relay is bench/signaling/bare-relay.ts.
`
}

function signalingSection(results: SignalingResults, config: BenchConfig['signaling'], targets: Target[]): string {
  const kinds: ServerKind[] = ['tonghwa', 'peerjs', 'bare']
  const [idleLow, idleHigh] = [config.idleClients[0] ?? 0, config.idleClients.at(-1) ?? 0]
  const cpuPerMessage = (r: LoadResult) => (r.fixed.serverCpuMs * 1000) / r.fixed.received
  const perConnection = (r: LoadResult) => ((r.rssIdle.at(-1) ?? 0) - (r.rssIdle[0] ?? 0)) / (idleHigh - idleLow) / 1024
  const rows: Array<{ name: string; value: (r: LoadResult) => number; digits: number }> = [
    { name: 'server CPU per relayed message (µs)', value: cpuPerMessage, digits: 1 },
    { name: `relay latency p50 at the fixed rate (ms)`, value: (r) => r.fixed.p50Ms, digits: 2 },
    { name: `relay latency p99 at the fixed rate (ms)`, value: (r) => r.fixed.p99Ms, digits: 2 },
    { name: 'messages lost at the fixed rate', value: (r) => r.fixed.sent - r.fixed.received, digits: 0 },
    { name: `highest rate held, p99 < ${config.ladder.p99LimitMs} ms, nothing lost (msg/s)`, value: (r) => r.highestRateHeld, digits: 0 },
    { name: 'RSS, no clients (MiB)', value: (r) => r.rssBaseline / 2 ** 20, digits: 1 },
    ...config.idleClients.map((count, i) => ({ name: `RSS, ${count.toLocaleString('en')} idle clients (MiB)`, value: (r: LoadResult) => (r.rssIdle[i] ?? Number.NaN) / 2 ** 20, digits: 1 })),
    { name: `memory per idle connection, RSS slope ${idleLow.toLocaleString('en')}→${idleHigh.toLocaleString('en')} (KiB)`, value: perConnection, digits: 1 },
    { name: 'connections accepted per second (ready to relay)', value: (r) => r.connectsPerSecond, digits: 0 },
  ]
  const table = rows.map((row) => {
    const values = kinds.map((kind) => results[kind].map(row.value))
    const [t, p, b] = values as [number[], number[], number[]]
    return `| ${row.name} | ${kinds.map((_, i) => fmt(median(values[i] ?? []), row.digits)).join(' | ')} | ${times(medianRatio(t, b))} | ${times(medianRatio(t, p))} |`
  })
  const ratio = (value: (r: LoadResult) => number, other: ServerKind) => medianRatio(results.tonghwa.map(value), results[other].map(value))
  targets.push(
    { name: 'server CPU per message ≤ 1.1× the bare relay', measured: ratio(cpuPerMessage, 'bare'), limit: 1.1, unit: '×' },
    { name: 'server CPU per message ≤ 0.8× PeerJS', measured: ratio(cpuPerMessage, 'peerjs'), limit: 0.8, unit: '×' },
    { name: 'p99 at the fixed rate no worse than the bare relay (≤ 1.0×)', measured: ratio((r) => r.fixed.p99Ms, 'bare'), limit: 1.0, unit: '×' },
    { name: 'memory per idle connection ≤ 1.2× the bare relay', measured: ratio(perConnection, 'bare'), limit: 1.2, unit: '×' },
  )
  const top = (r: LoadResult): RelayStep | undefined => r.ladder.at(-1)
  const generatorLoad = kinds
    .map((kind) => {
      const step = top(results[kind][0]!)
      return step === undefined ? '' : `${SERVER_NAMES[kind].split(' (')[0]}: ${fmt(step.rate, 0)} msg/s, generator ${fmt((100 * step.generatorCpuMs) / (step.seconds * 1000), 0)} % of a CPU, server ${fmt((100 * step.serverCpuMs) / (step.seconds * 1000), 0)} %`
    })
    .filter((line) => line !== '')
  const { fixed, ladder } = config
  return `## 1. Signaling relay

${config.rounds} rounds × (Tonghwa, PeerJS, bare), each server a fresh process. One load generator process
(bench/signaling/load-generator.ts) connects pairs of clients that relay to each other: 9 in 10 messages an ICE
candidate (~1 KB frame), 1 in 10 a session description (~4 KB frame), each stamped with its send time, which the
receiving client (same process, same clock) turns into relay latency. Fixed rate: ${fixed.pairs * 2} clients × ${fmt(fixed.rate / (fixed.pairs * 2), 0)} msg/s
= ${fixed.rate.toLocaleString('en')} msg/s for ${fixed.seconds} s; server CPU time (utime + stime from /proc, its process only) over that window ÷
messages relayed. Rate ladder: ${ladder.rates.map((rate) => rate.toLocaleString('en')).join(', ')} msg/s, ${ladder.seconds} s each, until one is not held in two tries (p99 ≥ ${ladder.p99LimitMs} ms, a
message lost, or the generator unable to send 95 % of it). Idle clients connect ${config.connectConcurrency} pairs at a time; "accepted per
second" counts a client once it can relay (Tonghwa: \`joined\`; PeerJS: \`OPEN\`; bare: WebSocket open).

| figure | Tonghwa | PeerJS | bare relay | Tonghwa / bare | Tonghwa / PeerJS |
|---|---|---|---|---|---|
${table.join('\n')}

At the last rung each tried (round 1): ${generatorLoad.join('; ')}. When the generator is near 100 %, the
ladder measured the generator, not the server.
`
}

function callSetupSection(browser: BrowserResults, config: BenchConfig, targets: Target[]): string {
  const { tonghwa, floor } = browser.setup
  const setup = (runs: SetupTimes[]) => runs.map((run) => run.setupMs)
  const ratio = medianRatio(setup(tonghwa), setup(floor))
  targets.push({ name: 'call setup ≤ 1.1× the floor', measured: ratio, limit: 1.1, unit: '×' })
  const row = (name: string, pick: (run: SetupTimes) => number) =>
    `| ${name} | ${fmt(median(tonghwa.map(pick)), 0)} | ${fmt(median(floor.map(pick)), 0)} | ${times(medianRatio(tonghwa.map(pick), floor.map(pick)))} |`
  return `## 2. Call setup

From the click on "Join call" of the person who joins second to the first remote video frame presented on
**both** sides (\`requestVideoFrameCallback\` presentation time, recorded in the pages; bench/call/page/call-probes.js).
Tonghwa: two browser contexts through the real server and UI (web mode, \`out/renderer\`), the camera preview
already playing when the second person clicks. Floor (bench/call/page/floor.html): the same two
\`getUserMedia\` calls with Tonghwa's constraints before the click, then two RTCPeerConnections in one page,
signaling by direct calls, trickle ICE. ${config.callSetup.runs} runs each, alternating. The milestones show where the time goes.

| ms from the click (median) | Tonghwa | floor | Tonghwa / floor |
|---|---|---|---|
${row('**remote frame shown on both sides**', (run) => run.setupMs)}
${row("server's \`joined\` received", (run) => run.roomJoinedMs)}
${row('both peer connections created', (run) => run.peerConnectionsMs)}
${row('first offer applied', (run) => run.firstOfferMs)}
${row('answer applied by the offerer', (run) => run.answerAppliedMs)}
${row('ICE connected on both sides', (run) => run.iceConnectedMs)}

Fastest – slowest setup: Tonghwa ${fmt(Math.min(...setup(tonghwa)), 0)} – ${fmt(Math.max(...setup(tonghwa)), 0)} ms, floor ${fmt(Math.min(...setup(floor)), 0)} – ${fmt(Math.max(...setup(floor)), 0)} ms.
`
}

function weightSection(browser: BrowserResults | undefined, assets: AssetSizes | undefined, targets: Target[]): string {
  const parts = ['## 3. The app\'s weight\n']
  if (assets !== undefined) {
    targets.push({ name: 'renderer JavaScript ≤ 80 KB gzipped', measured: assets.js.gzip / 1000, limit: 80, unit: 'KB' })
    parts.push(`Every file of \`out/renderer\` (gzip: zlib level 9).

| | files | raw (KB) | gzipped (KB) |
|---|---|---|---|
| JavaScript | ${assets.js.files.length} | ${fmt(assets.js.raw / 1000, 1)} | ${fmt(assets.js.gzip / 1000, 1)} |
| CSS | ${assets.css.files.length} | ${fmt(assets.css.raw / 1000, 1)} | ${fmt(assets.css.gzip / 1000, 1)} |
`)
  }
  if (browser !== undefined) {
    const paint = browser.firstPaintMs
    const perSecond = (ms: number) => ms / browser.callCpuSeconds / 10
    const renderer = { tonghwa: browser.callCpu.tonghwa.map((s) => perSecond(s.rendererMs)), floor: browser.callCpu.floor.map((s) => perSecond(s.rendererMs)) }
    const all = { tonghwa: browser.callCpu.tonghwa.map((s) => perSecond(s.allMs)), floor: browser.callCpu.floor.map((s) => perSecond(s.allMs)) }
    parts.push(`First paint: \`first-contentful-paint\` of the start screen in a fresh context (nothing cached), served by
the Tonghwa server, against a static page with one heading served from loopback (${paint.tonghwa.length} runs each, alternating).
Call CPU: CPU time of Chromium's processes (CDP \`SystemInfo.getProcessInfo\`) over ${browser.callCpuSeconds} s of a connected call,
after ${browser.callWarmUpSeconds} s of warm-up, with nothing else open; Tonghwa's two people are two renderer processes, the floor's one page
is one, and each does the same two encodes and two decodes (${browser.callCpu.tonghwa.length} rounds, alternating). In % of one CPU.

| | Tonghwa | floor | Tonghwa / floor |
|---|---|---|---|
| first contentful paint (ms) | ${fmt(median(paint.tonghwa), 0)} | ${fmt(median(paint.floor), 0)} | ${times(medianRatio(paint.tonghwa, paint.floor))} |
| renderer processes during a call (% CPU) | ${fmt(median(renderer.tonghwa), 1)} | ${fmt(median(renderer.floor), 1)} | ${times(medianRatio(renderer.tonghwa, renderer.floor))} |
| all of Chromium during a call (% CPU) | ${fmt(median(all.tonghwa), 1)} | ${fmt(median(all.floor), 1)} | ${times(medianRatio(all.tonghwa, all.floor))} |
`)
  }
  return parts.join('\n')
}

function targetsSection(targets: Target[]): string {
  if (targets.length === 0) return ''
  const rows = targets.map((t) => {
    const met = Number.isFinite(t.measured) && t.measured <= t.limit
    const value = t.unit === '×' ? times(t.measured) : `${fmt(t.measured, 1)} KB`
    return `| ${t.name} | ${value} | ${met ? 'met' : '**not met**'} |`
  })
  return `## Targets

Reported, never asserted: a missed target is profiled and explained below, not hidden by a failing build.

| target | measured | |
|---|---|---|
${rows.join('\n')}
`
}
