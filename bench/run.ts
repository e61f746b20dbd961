/**
 * `npm run bench`: the four comparisons, then bench/RESULTS.md. Not part of `npm test`: the figures depend on
 * the machine, so targets are reported, never asserted.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { measureAssets } from './call/asset-sizes'
import { runBrowserBench, type BrowserResults } from './call/browser-bench'
import { liftedTonghwaLimits, startServer } from './signaling/servers'
import { runSignalingBench, type SignalingResults } from './signaling/signaling-bench'
import { benchConfig } from './support/config'
import { currentLoad, describeMachine } from './support/machine'
import { labAvailable } from '../test/support/netlab'
import { runNetworkBench, type NetworkResults } from './network/network-bench'
import { networkSection, spliceNetworkSection } from './network/network-markdown'
import { prepareY4m } from './network/y4m'
import { renderResults } from './support/results-markdown'
import { serveStaticPages } from './support/static-pages'

/** This file runs as .cache/bench/run.js. */
const ROOT = resolve(import.meta.dirname, '../..')
const BENCH_DIR = join(ROOT, '.cache/bench')
/** The renderer under test: the shipped build, or another one (BENCH_RENDERER_DIR) to try a change. */
const RENDERER_DIR = resolve(process.env.BENCH_RENDERER_DIR ?? join(ROOT, 'out/renderer'))
const PAGE_DIR = join(ROOT, 'bench/call/page')
const NETWORK_PAGE_DIR = join(ROOT, 'bench/network/page')
/** Outside BENCH_DIR, which every build empties. */
const OUTPUT_DIR = join(ROOT, '.cache/bench-results')

async function main(): Promise<void> {
  const startedAt = new Date()
  const config = benchConfig(process.env)
  const only = process.env.BENCH_ONLY
  const machine = describeMachine()
  for (const built of [join(ROOT, 'out/server/cli.js'), join(RENDERER_DIR, 'index.html')]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first (npm run bench does)`)
  }
  mkdirSync(OUTPUT_DIR, { recursive: true })
  const profileDir = process.env.BENCH_CPU_PROF === '1' ? join(OUTPUT_DIR, 'profiles') : undefined

  let signaling: SignalingResults | undefined
  if (only === undefined || only === 'signaling') {
    signaling = await runSignalingBench(config.signaling, { root: ROOT, benchDir: BENCH_DIR, ...(profileDir ? { profileDir } : {}) })
  }

  let browser: BrowserResults | undefined
  if (only === undefined || only === 'browser') {
    const app = await startServer('tonghwa', { root: ROOT, benchDir: BENCH_DIR, staticDir: RENDERER_DIR })
    const pages = await serveStaticPages(PAGE_DIR)
    try {
      browser = await runBrowserBench(config, {
        appUrl: `http://127.0.0.1:${app.port}/`,
        floorUrl: pages.url('floor.html'),
        blankUrl: pages.url('blank.html'),
        probes: join(PAGE_DIR, 'call-probes.js'),
      })
    } finally {
      await pages.close()
      await app.stop()
    }
  }

  let network: NetworkResults | undefined
  if (only === undefined || only === 'network') {
    const lab = await labAvailable()
    if (lab.available) {
      const videoFile = process.env.BENCH_Y4M === '1' ? await prepareY4m(join(OUTPUT_DIR, 'camera.y4m')) : undefined
      network = await runNetworkBench(config, { root: ROOT, rendererDir: RENDERER_DIR, pageDir: NETWORK_PAGE_DIR, ...(videoFile ? { videoFile } : {}) }, currentLoad)
    } else {
      process.stderr.write(`section 4 (bad networks) not run: ${lab.reason}\n`)
    }
  }
  const networkNotesFile = join(ROOT, 'bench/network/analysis.md')
  const networkNotes = existsSync(networkNotesFile) ? readFileSync(networkNotesFile, 'utf8') : ''

  const analysis = join(ROOT, 'bench/analysis.md')
  const markdown = renderResults({
    startedAt,
    minutes: (Date.now() - startedAt.getTime()) / 60_000,
    machine: { ...machine, loadAtEnd: currentLoad() },
    ...(browser ? { chromiumVersion: browser.chromiumVersion, browser } : {}),
    config,
    liftedLimits: liftedTonghwaLimits(),
    ...(signaling ? { signaling } : {}),
    assets: measureAssets(RENDERER_DIR),
    ...(network ? { network, networkNotes } : {}),
    notes: existsSync(analysis) ? readFileSync(analysis, 'utf8') : '',
  })
  // A quick run is a smoke test: it must not replace the figures of a real one.
  const results = join(ROOT, 'bench/RESULTS.md')
  let output = config.quick || only !== undefined ? join(OUTPUT_DIR, 'RESULTS.partial.md') : results
  writeFileSync(output, markdown)
  if (only === 'network' && network && !config.quick && existsSync(results)) {
    // Section 4 alone: its figures replace that section of the real RESULTS.md; the others stay as measured.
    writeFileSync(results, spliceNetworkSection(readFileSync(results, 'utf8'), networkSection(network, networkNotes)))
    output = results
  }
  writeFileSync(join(OUTPUT_DIR, 'results.json'), JSON.stringify({ signaling, browser, network }, null, 1))
  process.stderr.write(`wrote ${output}\n`)
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  },
)
