/**
 * One call set up in Chromium, Tonghwa's way (two people, two browser contexts, through the real server and
 * UI) or the floor's (bench/call/page/floor.html), timed from the click on "Join call" of the person who joins
 * second to the first remote frame shown on both sides. The call stays up until `hangUp()`, so the renderer's
 * CPU can be measured during it.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test'

export interface SetupTimes {
  /** From the second person's "Join call" to a remote frame presented on both sides, in ms. */
  setupMs: number
  /** From the click until the server's `joined` reached the second person (NaN for the floor: no server). */
  roomJoinedMs: number
  /** From the click until both sides have created their peer connection. */
  peerConnectionsMs: number
  /** From the click until an offer is first applied on either side. */
  firstOfferMs: number
  /** From the click until the offerer has applied the answer (negotiation done). */
  answerAppliedMs: number
  /** From the click until ICE is connected on both sides. */
  iceConnectedMs: number
}

export interface CallUnderTest extends SetupTimes {
  hangUp(): Promise<void>
}

const TIMEOUT_MS = 30_000

/** What call-probes.js records in the page. */
interface BenchWindow {
  __bench: {
    joinClickedAt: number | null
    remoteFrames: number[]
    previewShown: boolean
    peerConnectionsCreated: number[]
    offersSet: number[]
    answersApplied: number[]
    iceConnected: number[]
    roomJoined: number[]
  }
}

export async function tonghwaCall(browser: Browser, appUrl: string, probes: string): Promise<CallUnderTest> {
  const contexts: BrowserContext[] = []
  const open = async () => {
    const context = await browser.newContext()
    contexts.push(context)
    await context.addInitScript({ path: probes })
    const page = await context.newPage()
    await page.goto(appUrl)
    return page
  }
  try {
    const first = await open()
    await first.getByTestId('new-room').click()
    const code = (await first.getByTestId('room-code').textContent({ timeout: TIMEOUT_MS }))?.trim() ?? ''
    await first.getByTestId('join-call').click()
    await first.getByTestId('call-status').waitFor({ timeout: TIMEOUT_MS })

    const second = await open()
    await second.getByTestId('room-code-input').fill(code)
    await second.getByTestId('join-room').click()
    // The camera is open (the preview plays) before the click, as in the floor.
    await waitForPreview(second)
    await second.getByTestId('join-call').click()
    const times = await setupTimes(second, [first, second], 1)
    return { ...times, hangUp: () => closeAll(contexts) }
  } catch (error) {
    await closeAll(contexts)
    throw error
  }
}

export async function floorCall(browser: Browser, floorUrl: string, probes: string): Promise<CallUnderTest> {
  const context = await browser.newContext()
  try {
    await context.addInitScript({ path: probes })
    const page = await context.newPage()
    await page.goto(floorUrl)
    await waitForPreview(page)
    await page.getByTestId('join-call').click()
    const times = await setupTimes(page, [page], 2)
    return { ...times, hangUp: () => context.close() }
  } catch (error) {
    await context.close()
    throw error
  }
}

function waitForPreview(page: Page): Promise<unknown> {
  return page.waitForFunction(() => (globalThis as unknown as BenchWindow).__bench.previewShown, undefined, { timeout: TIMEOUT_MS })
}

/**
 * Waits for `perPage` remote first frames on every page, then reads the in-page timestamps. Only each page's
 * first `perPage` entries count: a later peer connection or video element (a re-rendered stage, an ICE
 * restart) is not part of the call's start.
 */
async function setupTimes(clicked: Page, pages: Page[], perPage: number): Promise<SetupTimes> {
  const all = { remoteFrames: [] as number[], peerConnectionsCreated: [] as number[], offersSet: [] as number[], answersApplied: [] as number[], iceConnected: [] as number[] }
  for (const page of pages) {
    await page.waitForFunction((count) => (globalThis as unknown as BenchWindow).__bench.remoteFrames.length >= count, perPage, { timeout: TIMEOUT_MS, polling: 50 })
    const recorded = await page.evaluate(() => (globalThis as unknown as BenchWindow).__bench)
    for (const key of ['remoteFrames', 'peerConnectionsCreated', 'offersSet', 'answersApplied', 'iceConnected'] as const) all[key].push(...recorded[key].slice(0, perPage))
  }
  const { joinClickedAt: clickedAt, roomJoined } = await clicked.evaluate(() => (globalThis as unknown as BenchWindow).__bench)
  if (clickedAt === null) throw new Error('the click on Join call was not recorded')
  const since = (times: number[], pick: (...values: number[]) => number) => (times.length === 0 ? Number.NaN : pick(...times) - clickedAt)
  return {
    setupMs: since(all.remoteFrames, Math.max),
    roomJoinedMs: since(roomJoined.slice(0, 1), Math.min),
    peerConnectionsMs: since(all.peerConnectionsCreated, Math.max),
    firstOfferMs: since(all.offersSet, Math.min),
    answerAppliedMs: since(all.answersApplied, Math.min),
    iceConnectedMs: since(all.iceConnected, Math.max),
  }
}

async function closeAll(contexts: BrowserContext[]): Promise<void> {
  for (const context of contexts) await context.close().catch(() => undefined)
}
