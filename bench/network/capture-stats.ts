/**
 * Captures test/unit/renderer/fixtures/chromium-lossy-stats.json: a Tonghwa call through the lab with 10 % loss
 * on Alice's link, and six `getStats()` reports of each side, one a second, after the loss began. The unit tests
 * of the call screen's network notice (network-health.test.ts) read real Chromium figures from it.
 *
 *   npm run build && vite build --config bench/vite.config.ts && node .cache/bench/capture-stats.js   (as root)
 */
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CallLab, statsSnapshot } from './lab-call'

const ROOT = resolve(import.meta.dirname, '../..')
const OUTPUT = join(ROOT, 'test/unit/renderer/fixtures/chromium-lossy-stats.json')
const LOSS_PERCENT = 10

async function main(): Promise<void> {
  const lab = await CallLab.open({ root: ROOT, rendererDir: resolve(process.env.BENCH_RENDERER_DIR ?? join(ROOT, 'out/renderer')), pageDir: join(ROOT, 'bench/network/page') })
  try {
    const call = await lab.call('tonghwa')
    await sleep(8_000)
    await lab.impair({ lossPercent: LOSS_PERCENT })
    const alice: unknown[][] = []
    const bob: unknown[][] = []
    for (let second = 0; second <= 6; second++) {
      await sleep(1_000)
      alice.push(withoutCertificates(await statsSnapshot(call.pages[0])))
      bob.push(withoutCertificates(await statsSnapshot(call.pages[1])))
    }
    await call.hangUp()
    writeFileSync(OUTPUT, `${JSON.stringify({ chromium: lab.chromiumVersion, lossPercentOnAlicesLink: LOSS_PERCENT, alice, bob })}\n`)
    process.stderr.write(`wrote ${OUTPUT}\n`)
  } finally {
    await lab.close()
  }
}

/** Certificates are most of a report's bytes and nothing the tests read. */
function withoutCertificates(report: unknown[]): unknown[] {
  return report.filter((stat) => (stat as { type?: unknown }).type !== 'certificate')
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms))
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`capture failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  },
)
