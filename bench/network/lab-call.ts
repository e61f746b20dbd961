/**
 * A two-person call through the network lab, for the bench: one lab network with three computers, the signaling
 * server (the built `out/server/cli.js`, serving the web app) on `server`, a Chromium on `alice` and one on `bob`,
 * and `alice`'s link as the one to make bad. A call is Tonghwa's (the real app and server) or the floor's (the
 * same two peer connections with Chromium's defaults, lab-floor.js, signaling carried by the bench), and either is
 * read the same way (lab-probe.js).
 *
 *   const lab = await CallLab.open({ rendererDir, pageDir })
 *   const call = await lab.call('tonghwa', { lowData: false })
 *   await lab.impair({ kbit: 300 }) … await call.read() … await lab.clear()
 *   await call.hangUp(); await lab.close()
 *
 * The e2e tests' lab call (test/e2e/support/lab-call.ts) is built for NAT and firewall cases with a relay and
 * `expect`; this one adds the floor page and impairment, and shares the launch flags (`chromiumLaunchOptions`).
 * Everything runs in lab namespaces; `close()` removes them (and the lab does on exit and signals).
 */
import { readFile } from 'node:fs/promises'
import { extname, join } from 'node:path'
import type { Browser, BrowserContext, Page } from '@playwright/test'
import { chromiumLaunchOptions } from '../../test/e2e/support/chromium'
import { waitUntilReady, type RunningProcess } from '../../test/support/child-process'
import { clearImpairments, createLab, dropPackets, limitRate, type Lab, type LabComputer } from '../../test/support/netlab'
import type { MediaReading } from './media-reading'

export type CallKind = 'tonghwa' | 'floor'

export interface Impairment {
  /** Rate cap on alice's link, both directions (`tc tbf`). */
  kbit?: number
  /** Random loss on alice's link, both directions (nftables). */
  lossPercent?: number
}

export interface LabCall {
  readonly kind: CallKind
  /** Alice's page, then Bob's. */
  readonly pages: readonly [Page, Page]
  /** One reading of each side, Alice's first. */
  read(): Promise<[MediaReading, MediaReading]>
  hangUp(): Promise<void>
}

export interface CallLabOptions {
  root: string
  /** The web app to serve (`out/renderer`). */
  rendererDir: string
  /** bench/network/page: lab-probe.js and the floor. */
  pageDir: string
  /** A `.y4m` file for the fake camera instead of Chromium's generated pattern. */
  videoFile?: string
}

const SUBNET = '10.61.0.0/24'
const PORT = 8080
const TIMEOUT_MS = 30_000
/** Where the floor's page is served from: the app's origin, so one secure-origin flag covers both. */
const FLOOR_PATH = '/__bench-floor/'

export class CallLab {
  readonly #lab: Lab
  readonly #browsers: readonly [Browser, Browser]
  readonly #origin: string
  readonly #pageDir: string
  readonly #alice: LabComputer

  private constructor(lab: Lab, browsers: readonly [Browser, Browser], origin: string, pageDir: string) {
    this.#lab = lab
    this.#browsers = browsers
    this.#origin = origin
    this.#pageDir = pageDir
    this.#alice = lab.computer('alice')
  }

  static async open(options: CallLabOptions): Promise<CallLab> {
    const lab = await createLab({ networks: [{ name: 'bench', subnet: SUBNET, computers: ['server', 'alice', 'bob'] }] })
    try {
      const server = lab.computer('server')
      const origin = `http://${server.address}:${PORT}`
      const signaling: RunningProcess = lab.spawnNode(
        server,
        [join(options.root, 'out/server/cli.js'), '--host', server.address, '--port', String(PORT), '--static', options.rendererDir],
        { env: { ...process.env, TONGHWA_METRICS: 'false' } },
      )
      await waitUntilReady(signaling, 'the signaling server', async () => /"msg":"listening"/.test(signaling.output()), 15_000)
      const launch = chromiumLaunchOptions()
      launch.args = [
        ...(launch.args ?? []),
        // Served over http:// from a lab address, the app is not a secure context: no getUserMedia without this.
        `--unsafely-treat-insecure-origin-as-secure=${origin}`,
        // The floor page has no click to allow sound; both sides get the same rule so both play what they receive.
        '--autoplay-policy=no-user-gesture-required',
        ...(options.videoFile ? [`--use-file-for-fake-video-capture=${options.videoFile}`] : []),
      ]
      const browsers = [await lab.launchChromium(lab.computer('alice'), launch), await lab.launchChromium(lab.computer('bob'), launch)] as const
      return new CallLab(lab, browsers, origin, options.pageDir)
    } catch (error) {
      await lab.close()
      throw error
    }
  }

  get chromiumVersion(): string {
    return this.#browsers[0].version()
  }

  /** Makes alice's link bad (both directions); replaces what was there. */
  async impair({ kbit, lossPercent }: Impairment): Promise<void> {
    await clearImpairments(this.#alice.link)
    if (kbit !== undefined) await limitRate(this.#alice.link, { kbit })
    if (lossPercent !== undefined) await dropPackets(this.#alice.link, { percent: lossPercent })
  }

  async clear(): Promise<void> {
    await clearImpairments(this.#alice.link)
  }

  async call(kind: CallKind, { lowData = false }: { lowData?: boolean } = {}): Promise<LabCall> {
    const contexts: BrowserContext[] = []
    try {
      for (const browser of this.#browsers) {
        const context = await browser.newContext()
        contexts.push(context)
        await context.addInitScript({ path: join(this.#pageDir, 'lab-probe.js') })
      }
      const [aliceContext, bobContext] = contexts as [BrowserContext, BrowserContext]
      // Low data on Alice's side only: the other side must keep within it too (the description asks it to).
      if (lowData) {
        await aliceContext.addInitScript(() => (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }).localStorage.setItem('tonghwa.lowData', 'true'))
      }
      const pages = kind === 'tonghwa' ? await this.#tonghwaCall(aliceContext, bobContext) : await this.#floorCall(aliceContext, bobContext)
      await waitForMedia(pages)
      const read = async () => (await Promise.all(pages.map((page) => readMedia(page)))) as [MediaReading, MediaReading]
      return { kind, pages, read, hangUp: () => closeAll(contexts) }
    } catch (error) {
      await closeAll(contexts)
      throw error
    }
  }

  async close(): Promise<void> {
    await this.#lab.close()
  }

  async #tonghwaCall(aliceContext: BrowserContext, bobContext: BrowserContext): Promise<readonly [Page, Page]> {
    const alice = await aliceContext.newPage()
    await alice.goto(`${this.#origin}/`)
    await alice.getByTestId('new-room').click()
    const code = (await alice.getByTestId('room-code').textContent({ timeout: TIMEOUT_MS }))?.trim() ?? ''
    await alice.getByTestId('join-call').click()
    await alice.getByTestId('call-status').waitFor({ timeout: TIMEOUT_MS })
    const bob = await bobContext.newPage()
    await bob.goto(`${this.#origin}/`)
    await bob.getByTestId('room-code-input').fill(code)
    await bob.getByTestId('join-room').click()
    await bob.getByTestId('join-call').click()
    return [alice, bob]
  }

  /** Two floor pages; the bench carries each one's messages to the other, in order. */
  async #floorCall(aliceContext: BrowserContext, bobContext: BrowserContext): Promise<readonly [Page, Page]> {
    const pages: Page[] = []
    for (const context of [aliceContext, bobContext]) {
      await context.route(`${this.#origin}${FLOOR_PATH}**`, async (route) => {
        const name = new URL(route.request().url()).pathname.slice(FLOOR_PATH.length)
        const type = extname(name) === '.html' ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8'
        await route.fulfill({ body: await readFile(join(this.#pageDir, name.replace(/[^a-z0-9.-]/gi, ''))), contentType: type })
      })
      pages.push(await context.newPage())
    }
    const [alice, bob] = pages as [Page, Page]
    for (const [from, to] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      let queue: Promise<unknown> = Promise.resolve()
      await from.exposeBinding('__floorSignal', (_source, message: unknown) => {
        queue = queue.then(() => to.evaluate((m) => (globalThis as unknown as FloorWindow).__floorReceive(m), message)).catch(() => undefined)
      })
    }
    for (const page of pages) {
      await page.goto(`${this.#origin}${FLOOR_PATH}lab-floor.html`)
      await page.waitForSelector('body[data-ready="true"]', { timeout: TIMEOUT_MS })
    }
    await alice.evaluate(() => (globalThis as unknown as FloorWindow).__floorOffer())
    return [alice, bob]
  }
}

interface FloorWindow {
  __floorReceive(message: unknown): Promise<void>
  __floorOffer(): Promise<void>
}

interface ProbeWindow {
  __labRead(): Promise<MediaReading>
  __labSnapshot(): Promise<unknown[]>
}

export function readMedia(page: Page): Promise<MediaReading> {
  return page.evaluate(() => (globalThis as unknown as ProbeWindow).__labRead())
}

/** Every stats dictionary of the page's newest peer connection, as Chromium reports them. */
export function statsSnapshot(page: Page): Promise<unknown[]> {
  return page.evaluate(() => (globalThis as unknown as ProbeWindow).__labSnapshot())
}

/** Until both sides are connected and decode the other's video and hear their audio. */
async function waitForMedia(pages: readonly Page[]): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS
  for (;;) {
    const readings = await Promise.all(pages.map((page) => readMedia(page)))
    if (readings.every((reading) => reading.connected && reading.video.framesDecoded > 0 && reading.audio.totalSamplesReceived > 0)) return
    if (Date.now() > deadline) throw new Error(`the lab call did not carry media both ways within ${TIMEOUT_MS / 1000} s: ${JSON.stringify(readings)}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

async function closeAll(contexts: BrowserContext[]): Promise<void> {
  for (const context of contexts) await context.close().catch(() => undefined)
}
