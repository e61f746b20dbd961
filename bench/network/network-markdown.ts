/**
 * Section 4 of bench/RESULTS.md: a table per impairment (Tonghwa, floor, ratio), Low data on a clean link, the
 * section's own targets, and its hand-written notes (bench/network/analysis.md). Self-contained, so that
 * `BENCH_ONLY=network` can replace just this section of an existing RESULTS.md (`spliceNetworkSection`).
 */
import { fmt, times } from '../support/format'
import { median, medianRatio } from '../support/stats'
import type { CallKind } from './lab-call'
import { NETWORK_CONDITIONS, type ImpairedRun, type NetworkResults } from './network-bench'

export const NETWORK_HEADING = '## 4. Bad networks'

interface Figure {
  name: string
  pick: (run: ImpairedRun) => number
  show: (value: number) => string
  /** Which way is better, for "at least as good as the floor". */
  better: 'lower' | 'higher'
  /** A difference smaller than this is within what the bench can resolve, not worse (same unit as `pick`). */
  resolution: number
}

const FIGURES: readonly Figure[] = [
  { name: 'audio concealed (concealedSamples / totalSamplesReceived)', pick: (run) => run.concealed, show: percent, better: 'lower', resolution: 0.001 },
  // One 150 ms freeze in a 30 s run is 0.25 % of both directions' time.
  { name: 'video frozen (totalFreezesDuration / call time)', pick: (run) => run.frozen, show: percent, better: 'lower', resolution: 0.005 },
  { name: 'frames per second received', pick: (run) => run.fps, show: (value) => fmt(value, 1), better: 'higher', resolution: 1 },
  { name: 'height received (median of per-second samples)', pick: (run) => run.height, show: (value) => `${fmt(value, 0)}p`, better: 'higher', resolution: 1 },
  {
    name: 'back to 90 % of the earlier video bitrate after the impairment lifts (s)',
    // A run that never got back within the limit counts as infinitely slow, so it can only raise the median.
    pick: (run) => run.recoverySeconds ?? Number.POSITIVE_INFINITY,
    show: (value) => (value === Number.POSITIVE_INFINITY ? 'not within the limit' : fmt(value, 1)),
    better: 'lower',
    // Polled every 0.5 s.
    resolution: 0.5,
  },
]

interface Target {
  name: string
  measured: string
  met: boolean
}

export function networkSection(results: NetworkResults, notes: string): string {
  const targets: Target[] = []
  const worse: string[] = []
  const tables = NETWORK_CONDITIONS.map((condition) => {
    const runs = results.conditions[condition.id]
    if (!runs) return ''
    const rows = FIGURES.map((figure) => {
      const [t, f] = [runs.tonghwa.map(figure.pick), runs.floor.map(figure.pick)]
      const [mt, mf] = [median(t), median(f)]
      const behind = figure.better === 'lower' ? mt - mf : mf - mt
      if (!(behind < figure.resolution)) worse.push(`${condition.label}: ${figure.name.split(' (')[0]} (${figure.show(mt)} against ${figure.show(mf)})`)
      // A ratio of two figures at the bench's resolution (0.00 % against 0.35 %) says nothing: a dash instead.
      const ratio = Math.min(Math.abs(mt), Math.abs(mf)) < figure.resolution ? Number.NaN : medianRatio(t, f)
      return `| ${figure.name} | ${figure.show(mt)} | ${figure.show(mf)} | ${times(ratio)} |`
    })
    const baseline = (kind: CallKind) => fmt(median(runs[kind].map((run) => run.baselineKbps)), 0)
    const width = (kind: CallKind) => fmt(median(runs[kind].map((run) => run.width)), 0)
    const notices = runs.tonghwa.map((run) => run.notices.map((notice) => notice ?? 'none').join(' / ')).join('; ')
    return `### ${condition.label}

| median of ${results.rounds} ${results.rounds === 1 ? 'run' : 'runs'} | Tonghwa | floor | Tonghwa / floor |
|---|---|---|---|
${rows.join('\n')}
| earlier video bitrate, each direction (kbit/s) | ${baseline('tonghwa')} | ${baseline('floor')} | — |
| width received (median) | ${width('tonghwa')} | ${width('floor')} | — |

What Tonghwa's call screen said at the end of the impairment (Alice / Bob, per run): ${notices}.
`
  })

  const at = (id: string, kind: CallKind, pick: (run: ImpairedRun) => number) => median(results.conditions[id]?.[kind].map(pick) ?? [])
  const lossTarget = (id: string, limit: number, label: string) => {
    const value = at(id, 'tonghwa', (run) => run.concealed)
    targets.push({ name: `audio concealment ≤ ${limit} % at ${label}`, measured: percent(value), met: value * 100 <= limit })
  }
  lossTarget('loss5', 1, '5 % loss')
  lossTarget('loss10', 3, '10 % loss')
  const frozen = at('cap300', 'tonghwa', (run) => run.frozen)
  targets.push({ name: 'video frozen ≤ 2 % of the call at a 300 kbit/s cap', measured: percent(frozen), met: frozen * 100 <= 2 })

  const low = results.lowData.tonghwa
  const directionKbps = [0, 1].map((i) => median(low.map((run) => run.sendKbps[i] ?? Number.NaN)))
  const lowFps = median(low.map((run) => run.fps))
  const highest = Math.max(...directionKbps)
  targets.push({ name: 'Low data ≤ 300 kbit/s, each direction on the wire', measured: `${fmt(highest, 0)} kbit/s`, met: highest <= 300 })
  targets.push({ name: 'Low data video ≥ 10 frames per second', measured: fmt(lowFps, 1), met: lowFps >= 10 })

  for (const condition of NETWORK_CONDITIONS) {
    const recovery = at(condition.id, 'tonghwa', (run) => run.recoverySeconds ?? Number.POSITIVE_INFINITY)
    targets.push({
      name: `back to 90 % of the earlier bitrate within 10 s, ${condition.label}`,
      measured: recovery === Number.POSITIVE_INFINITY ? `> ${results.timing.recoveryLimitSeconds} s` : `${fmt(recovery, 1)} s`,
      met: recovery <= 10,
    })
  }
  targets.push({
    name: "every figure at least as good as the floor's (within what the bench resolves: 0.1 point of concealment, 0.5 point of freeze, 1 frame a second, 0.5 s)",
    measured: worse.length === 0 ? 'all' : `${worse.length} not: ${worse.join('; ')}`,
    met: worse.length === 0,
  })

  const { timing } = results
  const floorLow = results.lowData.floor
  const lowRow = (name: string, pick: (run: NetworkResults['lowData']['tonghwa'][number]) => number, digits: number) =>
    `| ${name} | ${fmt(median(low.map(pick)), digits)} | ${fmt(median(floorLow.map(pick)), digits)} |`
  return `${NETWORK_HEADING}

Measured ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC in ${results.minutes.toFixed(1)} minutes, Chromium ${results.chromiumVersion}; 1-minute load
average ${results.loadAtStart.toFixed(2)} at the start, ${results.loadAtEnd.toFixed(2)} at the end. \`BENCH_ONLY=network npm run bench\` re-measures this
section alone and replaces it here.

The same two-person call through the network lab (test/support/netlab; bench/network/lab-call.ts): one lab network,
the Tonghwa server on one computer, Alice's and Bob's Chromium (headless, ${results.videoFile ? `camera from ${results.videoFile}` : 'fake camera and microphone'}) on two
others, each in its own network namespace. Every impairment is on Alice's link, both directions (\`tc tbf\` for a cap,
nftables \`numgen random\` for loss), so both directions of the call cross it. Tonghwa: the real server and web app,
two people joining by room code. Floor (bench/network/page/lab-floor.js): the same camera and microphone with the
same constraints and one \`RTCPeerConnection\` on each side with Chromium's defaults, the offer, answer and
candidates carried by the bench; each side also shows its own camera, as Tonghwa's call screen does.
${results.rounds} ${results.rounds === 1 ? 'round' : 'rounds'}, each side once per condition per round, alternating which
goes first. Per run: ${timing.warmUpSeconds} s clean (the last 5 s give each direction's "earlier" video bitrate),
${timing.impairedSeconds} s impaired (the figures below, from both receivers' \`getStats()\`), then the impairment lifted
and the received video bitrate of each direction watched every 0.5 s over a 1-s window, for up to
${timing.recoveryLimitSeconds} s, until both are back to 90 % of their earlier bitrate.

${tables.join('\n')}
### Low data on a clean link

Tonghwa with Low data turned on at Alice's side only (so Bob's side keeps within it only because Alice's
description asks it to), against the floor on the same clean link; ${timing.lowDataSeconds} s after ${timing.warmUpSeconds} s of warm-up. On the
wire: the selected candidate pair's bytes (RTP, RTCP, data channel, STUN; SRTP included) plus 28 bytes of IPv4
and UDP header per packet.

| median of ${low.length} ${low.length === 1 ? 'run' : 'runs'} | Tonghwa, Low data | floor |
|---|---|---|
${lowRow('Alice → Bob on the wire (kbit/s)', (run) => run.sendKbps[0], 0)}
${lowRow('Bob → Alice on the wire (kbit/s)', (run) => run.sendKbps[1], 0)}
${lowRow('frames per second received (the lower direction)', (run) => run.fps, 1)}
${lowRow('height received (the lower direction)', (run) => run.height, 0)}

### Targets of this section

Reported, never asserted.

| target | measured | |
|---|---|---|
${targets.map((t) => `| ${t.name} | ${t.measured} | ${t.met ? 'met' : '**not met**'} |`).join('\n')}
${notes.trim() === '' ? '' : `\n### Notes\n\n_Written by hand (bench/network/analysis.md) from the measurements; the tables above are regenerated by each run._\n\n${notes.trim()}\n`}`
}

/**
 * `markdown` (a whole RESULTS.md) with its section 4 replaced by `section`, or `section` put before "## Targets"
 * (or at the end) where it has none. The rest stays byte for byte.
 */
export function spliceNetworkSection(markdown: string, section: string): string {
  const body = section.endsWith('\n') ? section : `${section}\n`
  const start = markdown.indexOf(`${NETWORK_HEADING}\n`)
  if (start >= 0) {
    const next = markdown.indexOf('\n## ', start + NETWORK_HEADING.length)
    return next < 0 ? `${markdown.slice(0, start)}${body}` : `${markdown.slice(0, start)}${body}${markdown.slice(next + 1)}`
  }
  const targets = markdown.indexOf('\n## Targets\n')
  if (targets < 0) return `${markdown.trimEnd()}\n\n${body}`
  return `${markdown.slice(0, targets + 1)}${body}\n${markdown.slice(targets + 1)}`
}

function percent(share: number): string {
  return Number.isFinite(share) ? `${fmt(share * 100, 2)} %` : '—'
}
