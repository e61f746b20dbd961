/**
 * Sections 2 and 3 in Chromium (fake camera and microphone, the e2e tests' flags): call setup time, first
 * paint, and renderer CPU during a call, Tonghwa's renderer against the floor pages, run alternately.
 */
import { chromium, type Browser } from '@playwright/test'
import { chromiumLaunchOptions } from '../../test/e2e/support/chromium'
import type { BenchConfig } from '../support/config'
import { BrowserCpu, type CpuSample } from './browser-cpu'
import { floorCall, tonghwaCall, type CallUnderTest, type SetupTimes } from './call-runs'

export interface BrowserPages {
  /** The Tonghwa server's web app (out/renderer in web mode). */
  appUrl: string
  floorUrl: string
  /** A static page with one heading: the floor for first paint. */
  blankUrl: string
  /** Path of call-probes.js. */
  probes: string
}

export interface Pair<T> {
  tonghwa: T[]
  floor: T[]
}

export interface BrowserResults {
  chromiumVersion: string
  setup: Pair<SetupTimes>
  firstPaintMs: Pair<number>
  callCpu: Pair<CpuSample>
  callCpuSeconds: number
  callWarmUpSeconds: number
}

/** Let bandwidth estimation ramp up first: the CPU of a call in its steady state is what is compared. */
const CALL_WARM_UP_MS = 3_000

export async function runBrowserBench(config: BenchConfig, pages: BrowserPages): Promise<BrowserResults> {
  const browser = await chromium.launch(chromiumLaunchOptions())
  try {
    const calls: Record<'tonghwa' | 'floor', () => Promise<CallUnderTest>> = {
      tonghwa: () => tonghwaCall(browser, pages.appUrl, pages.probes),
      floor: () => floorCall(browser, pages.floorUrl, pages.probes),
    }
    const setup: Pair<SetupTimes> = { tonghwa: [], floor: [] }
    for (let run = 1; run <= config.callSetup.runs; run++) {
      for (const kind of ['tonghwa', 'floor'] as const) {
        const call = await calls[kind]()
        await call.hangUp()
        const { setupMs, roomJoinedMs, peerConnectionsMs, firstOfferMs, answerAppliedMs, iceConnectedMs } = call
        setup[kind].push({ setupMs, roomJoinedMs, peerConnectionsMs, firstOfferMs, answerAppliedMs, iceConnectedMs })
        progress(
          `call setup ${run}/${config.callSetup.runs} ${kind}: ${setupMs.toFixed(0)} ms (joined ${roomJoinedMs.toFixed(0)}, peer connections ${peerConnectionsMs.toFixed(0)}, offer ${firstOfferMs.toFixed(0)}, answer ${answerAppliedMs.toFixed(0)}, ICE ${iceConnectedMs.toFixed(0)})`,
        )
      }
    }

    const firstPaintMs: Pair<number> = { tonghwa: [], floor: [] }
    for (let run = 1; run <= config.weight.paintRuns; run++) {
      firstPaintMs.tonghwa.push(await firstPaint(browser, pages.appUrl, '[data-testid="new-room"]'))
      firstPaintMs.floor.push(await firstPaint(browser, pages.blankUrl, 'h1'))
    }
    progress(`first paint: ${firstPaintMs.tonghwa.map(Math.round).join(' ')} vs ${firstPaintMs.floor.map(Math.round).join(' ')} ms`)

    const cpu = await BrowserCpu.attach(browser)
    const callCpu: Pair<CpuSample> = { tonghwa: [], floor: [] }
    for (let round = 1; round <= config.weight.cpuRounds; round++) {
      for (const kind of ['tonghwa', 'floor'] as const) {
        const call = await calls[kind]()
        try {
          await sleep(CALL_WARM_UP_MS)
          const before = await cpu.sample()
          await sleep(config.weight.cpuSeconds * 1000)
          const used = BrowserCpu.since(before, await cpu.sample())
          callCpu[kind].push(used)
          progress(`call CPU ${round}/${config.weight.cpuRounds} ${kind}: renderers ${used.rendererMs.toFixed(0)} ms, all ${used.allMs.toFixed(0)} ms`)
        } finally {
          await call.hangUp()
        }
      }
    }
    return { chromiumVersion: browser.version(), setup, firstPaintMs, callCpu, callCpuSeconds: config.weight.cpuSeconds, callWarmUpSeconds: CALL_WARM_UP_MS / 1000 }
  } finally {
    await browser.close()
  }
}

/** First contentful paint of a fresh page (new context: nothing cached), once `ready` shows. */
async function firstPaint(browser: Browser, url: string, ready: string): Promise<number> {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await page.goto(url)
    await page.waitForSelector(ready, { timeout: 30_000 })
    // Chromium records the entry once the paint happens; it exists by the time the start screen shows.
    const entry = await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime, undefined, { timeout: 10_000 })
    return (await entry.jsonValue()) as number
  } finally {
    await context.close()
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function progress(line: string): void {
  process.stderr.write(`  ${line}\n`)
}
