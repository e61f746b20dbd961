/**
 * The signaling load generator, a child process of its own (so its CPU time is never the server's): given
 * one running server, it measures, in this order and each bounded in time and count,
 *
 *   1. connections accepted per second, and RSS of the server with the idle clients connected;
 *   2. relay latency and server CPU per message at one fixed rate;
 *   3. the highest rate (from a fixed ladder) held with p99 under the limit and nothing lost (each rung
 *      has two tries).
 *
 *   node load-generator.js '<LoadPlan as JSON>'     → one JSON line (LoadResult) on stdout
 */
import { performance } from 'node:perf_hooks'
import { processCpuMs, processRssBytes } from '../support/proc'
import { percentile } from '../support/stats'
import { connectPair, type BenchClient } from './dialects'
import { readStamp, stamp } from './payloads'
import type { ServerKind } from './servers'

export interface LoadPlan {
  kind: ServerKind
  port: number
  /** The server's pid, for its CPU time and RSS from /proc. */
  pid: number
  /** Idle client counts at which RSS is read, ascending, e.g. [2000, 5000]. */
  idleClients: number[]
  /** Pairs connecting at the same time. */
  connectConcurrency: number
  fixed: { pairs: number; rate: number; seconds: number }
  /** Rates (messages per second) tried in order until one is not held. */
  ladder: { rates: number[]; seconds: number; p99LimitMs: number }
}

export interface RelayStep {
  rate: number
  sent: number
  received: number
  p50Ms: number
  p99Ms: number
  serverCpuMs: number
  generatorCpuMs: number
  seconds: number
}

export interface LoadResult {
  kind: ServerKind
  rssBaseline: number
  /** RSS with `idleClients[i]` clients connected. */
  rssIdle: number[]
  connectsPerSecond: number
  fixed: RelayStep
  ladder: RelayStep[]
  highestRateHeld: number
}

/** One message in this many is a ~4 KB description; the rest are ~1 KB candidates (a real call's mix). */
const DESCRIPTION_EVERY = 10
const TICK_MS = 5
const DRAIN_MS = 2_000
const SETTLE_MS = 1_500

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2] ?? '') as LoadPlan
  const rssBaseline = processRssBytes(plan.pid)

  // 1. Idle connections.
  const idle: BenchClient[] = []
  const rssIdle: number[] = []
  let connectSeconds = 0
  let connected = 0
  for (const target of plan.idleClients) {
    const started = performance.now()
    const pairsToAdd = Math.ceil((target - idle.length) / 2)
    idle.push(...(await connectPairs(plan, pairsToAdd, idle.length / 2)))
    connectSeconds += (performance.now() - started) / 1000
    connected += pairsToAdd * 2
    await sleep(SETTLE_MS)
    rssIdle.push(processRssBytes(plan.pid))
    log(`${plan.kind}: ${idle.length} idle clients, RSS ${(rssIdle.at(-1)! / 2 ** 20).toFixed(1)} MiB`)
  }
  await closeAll(idle)
  await sleep(SETTLE_MS)

  // 2 and 3. Relaying, on fresh pairs numbered after the idle ones (room codes and ids stay unique).
  const active = await connectPairs(plan, plan.fixed.pairs, 1_000_000)
  let step = 0
  const fixed = await relay(active, plan, ++step, plan.fixed.rate, plan.fixed.seconds)
  log(`${plan.kind}: fixed ${plan.fixed.rate}/s p50 ${fixed.p50Ms.toFixed(2)} ms p99 ${fixed.p99Ms.toFixed(2)} ms`)
  const ladder: RelayStep[] = []
  let highestRateHeld = 0
  ladder: for (const rate of plan.ladder.rates) {
    // A rung gets a second try: on a shared machine one pause of another process can spoil one p99.
    for (let attempt = 1; attempt <= 2; attempt++) {
      const result = await relay(active, plan, ++step, rate, plan.ladder.seconds)
      ladder.push(result)
      const held = result.received === result.sent && result.sent >= 0.95 * rate * plan.ladder.seconds && result.p99Ms < plan.ladder.p99LimitMs
      log(`${plan.kind}: ${rate}/s ${held ? 'held' : 'not held'} (p99 ${result.p99Ms.toFixed(1)} ms, ${result.received}/${result.sent})`)
      if (held) {
        highestRateHeld = rate
        continue ladder
      }
    }
    break
  }
  await closeAll(active)

  const result: LoadResult = { kind: plan.kind, rssBaseline, rssIdle, connectsPerSecond: connected / connectSeconds, fixed, ladder, highestRateHeld }
  process.stdout.write(`${JSON.stringify(result)}\n`)
  process.exit(0)
}

/** `count` pairs, `connectConcurrency` of them connecting at any moment. */
async function connectPairs(plan: LoadPlan, count: number, firstPair: number): Promise<BenchClient[]> {
  const clients: BenchClient[] = []
  let next = 0
  const worker = async () => {
    while (next < count) {
      const pair = firstPair + next++
      clients.push(...(await connectPair(plan.kind, plan.port, pair)))
    }
  }
  await Promise.all(Array.from({ length: Math.min(plan.connectConcurrency, count) }, worker))
  return clients
}

/**
 * Sends at `rate` messages per second in total, spread round-robin over the clients, for `seconds`; then waits
 * up to DRAIN_MS for the last ones. Server CPU is read from /proc around exactly that window.
 */
async function relay(clients: BenchClient[], plan: LoadPlan, step: number, rate: number, seconds: number): Promise<RelayStep> {
  const latencies: number[] = []
  let received = 0
  const onMessage = (data: Buffer) => {
    const stamped = readStamp(data)
    if (stamped === undefined || stamped.step !== step) return
    received++
    latencies.push(performance.now() - stamped.sentAt)
  }
  for (const client of clients) client.socket.on('message', onMessage)

  const cpuBefore = processCpuMs(plan.pid)
  const ownBefore = process.cpuUsage()
  const started = performance.now()
  const total = Math.round(rate * seconds)
  let sent = 0
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - started
      // When the generator falls behind it does not burst to catch up more than one tick's worth.
      const due = Math.min(total, Math.floor((rate * elapsed) / 1000)) - sent
      const burst = Math.min(due, Math.ceil((rate * TICK_MS * 2) / 1000))
      for (let i = 0; i < burst; i++) {
        const client = clients[sent % clients.length]!
        const [head, tail] = sent % DESCRIPTION_EVERY === 0 ? client.description : client.candidate
        client.socket.send(head + stamp(step, performance.now()) + tail)
        sent++
      }
      if (sent >= total || elapsed >= seconds * 1000 + DRAIN_MS) {
        clearInterval(timer)
        resolve()
      }
    }, TICK_MS)
  })
  const sendSeconds = (performance.now() - started) / 1000
  const drainUntil = performance.now() + DRAIN_MS
  while (received < sent && performance.now() < drainUntil) await sleep(10)
  const serverCpuMs = processCpuMs(plan.pid) - cpuBefore
  const own = process.cpuUsage(ownBefore)
  for (const client of clients) client.socket.off('message', onMessage)
  // Anything still in flight must not count in the next step: it carries this step's number, so it will not.
  await sleep(200)
  return {
    rate,
    sent,
    received,
    p50Ms: percentile(latencies, 50),
    // Of the messages that arrived; `received < sent` says that some did not (JSON has no Infinity to say it).
    p99Ms: percentile(latencies, 99),
    serverCpuMs,
    generatorCpuMs: (own.user + own.system) / 1000,
    seconds: sendSeconds,
  }
}

async function closeAll(clients: BenchClient[]): Promise<void> {
  await Promise.all(
    clients.map(
      (client) =>
        new Promise<void>((resolve) => {
          if (client.socket.readyState === client.socket.CLOSED) return resolve()
          const timer = setTimeout(() => {
            client.socket.terminate()
            resolve()
          }, 3_000)
          client.socket.once('close', () => {
            clearTimeout(timer)
            resolve()
          })
          client.socket.close()
        }),
    ),
  )
  clients.length = 0
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function log(line: string): void {
  process.stderr.write(`  ${line}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`load generator failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
