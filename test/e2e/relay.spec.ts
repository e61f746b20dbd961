/**
 * "Always use a relay" against a real coturn on loopback: the call connects through the relay on both sides,
 * and with a relay that refuses the credentials the person is told so at once instead of "Connecting…".
 * Each test starts its own signaling server, handing out TURN credentials for that coturn.
 */
import { randomBytes } from 'node:crypto'
import type { Browser, Page } from '@playwright/test'
import { startSignalingServer } from '../../src/server'
import { silentLogger } from '../../src/server/log'
import { startCoturn, type RunningCoturn } from '../support/coturn'
import { callPhase, createRoom, joinCall, joinSameRoom, startConnectedCall } from './support/call-flow'
import { expect, RENDERER_DIR, test } from './support/fixtures'
import { inboundMedia } from './support/media-stats'
import { recordPeerConnections } from './support/record-peer-connections'

type RunningServer = Awaited<ReturnType<typeof startSignalingServer>>

let coturn: RunningCoturn | undefined
let server: RunningServer | undefined
const SECRET = randomBytes(16).toString('hex')

test.beforeAll(async () => {
  coturn = await startCoturn({ secret: SECRET })
})
test.afterAll(async () => {
  await coturn?.stop()
})
test.afterEach(async () => {
  await server?.close()
  server = undefined
})

function startServerFor(relay: RunningCoturn, turnSecret: string, clock?: () => number): Promise<RunningServer> {
  return startSignalingServer({
    host: '127.0.0.1',
    port: 0,
    staticDir: RENDERER_DIR,
    logger: silentLogger,
    turnUrls: [relay.url],
    turnSecret,
    ...(clock ? { clock } : {}),
  })
}

/** Init script: "Always use a relay" as web mode remembers it. */
function relayOnlyRemembered(): void {
  window.localStorage.setItem('tonghwa.relayOnly', 'true')
}

/** One more person on this test's own server, in a fresh browser context. */
async function openPerson(browser: Browser, httpUrl: string, initScripts: Array<() => void> = []): Promise<Page> {
  const context = await browser.newContext()
  await context.addInitScript(recordPeerConnections)
  for (const script of initScripts) await context.addInitScript(script)
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`))
  await page.goto(httpUrl)
  return page
}

test.describe('always use a relay', () => {
  test('both people relay-only: the call connects through coturn with decoded video', async ({ browser }) => {
    test.setTimeout(30_000)
    server = await startServerFor(coturn!, SECRET)
    // Alice turns it on with the checkbox; Bob's browser remembered it from before.
    const alice = await openPerson(browser, server.httpUrl)
    const box = alice.getByTestId('relay-only')
    await expect(box).not.toBeChecked()
    await box.check()
    await expect.poll(() => alice.evaluate(() => localStorage.getItem('tonghwa.relayOnly'))).toBe('true')
    const bob = await openPerson(browser, server.httpUrl, [relayOnlyRemembered])
    await expect(bob.getByTestId('relay-only')).toBeChecked()

    await startConnectedCall(alice, bob)
    for (const page of [alice, bob]) {
      const media = await inboundMedia(page)
      expect(media.localCandidateType).toBe('relay')
      expect(media.remoteCandidateType).toBe('relay')
    }
    await alice.context().close()
    await bob.context().close()
  })

  test('a relay that refuses the credentials: the call fails at once with a plain message', async ({ browser }) => {
    test.setTimeout(30_000)
    server = await startServerFor(coturn!, 'not-the-relay-secret')
    const alice = await openPerson(browser, server.httpUrl, [relayOnlyRemembered])
    const bob = await openPerson(browser, server.httpUrl, [relayOnlyRemembered])

    await joinSameRoom(alice, bob)

    // Bob offers first, so he gathers first: his gathering ends without a relayed candidate.
    await expect(callPhase(bob)).toHaveAttribute('data-phase', 'failed', { timeout: 10_000 })
    await expect(callPhase(bob)).toContainText("Couldn't reach the relay server")
    expect((await inboundMedia(bob)).connectionState).toBe('closed')
    await alice.context().close()
    await bob.context().close()
  })

  test('an expired credential: the relay refuses it and the call fails at once with the same plain message', async ({ browser }) => {
    test.setTimeout(30_000)
    // A server whose clock is two hours behind issues credentials that expired an hour ago (lifetime ≤ 1 h).
    server = await startServerFor(coturn!, SECRET, () => Date.now() - 2 * 3600_000)
    const alice = await openPerson(browser, server.httpUrl, [relayOnlyRemembered])
    const bob = await openPerson(browser, server.httpUrl, [relayOnlyRemembered])
    await joinSameRoom(alice, bob)
    // Both relay allocations fail at about the same moment; whoever fails first leaves the room, and the other may
    // then hear "left" before its own failure. At least one says why, and it is the plain message.
    await expect
      .poll(async () => [await callPhase(alice).getAttribute('data-phase'), await callPhase(bob).getAttribute('data-phase')], { timeout: 10_000 })
      .toContain('failed')
    const failed = (await callPhase(bob).getAttribute('data-phase')) === 'failed' ? bob : alice
    await expect(callPhase(failed)).toContainText("Couldn't reach the relay server")
    await alice.context().close()
    await bob.context().close()
  })

  test('a server that offers no relay: the call fails saying no relay server is available', async ({ browser }) => {
    server = await startSignalingServer({ host: '127.0.0.1', port: 0, staticDir: RENDERER_DIR, logger: silentLogger })
    const alice = await openPerson(browser, server.httpUrl, [relayOnlyRemembered])
    await createRoom(alice)
    await joinCall(alice)
    await expect(callPhase(alice)).toHaveAttribute('data-phase', 'failed')
    await expect(callPhase(alice)).toContainText('No relay server is available')
    await alice.context().close()
  })
})
