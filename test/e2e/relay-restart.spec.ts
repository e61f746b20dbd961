/**
 * Recovery through the relay: in a relay-only call, the TURN server goes away and comes back on the same
 * port; an ICE restart (the app's restart policy, not the test) brings the media back on the same connection.
 */
import { randomBytes } from 'node:crypto'
import type { Browser, Page } from '@playwright/test'
import { startSignalingServer } from '../../src/server'
import { silentLogger } from '../../src/server/log'
import { startCoturn, type RunningCoturn } from '../support/coturn'
import { callPhase, startConnectedCall } from './support/call-flow'
import { expect, RENDERER_DIR, test } from './support/fixtures'
import { inboundMedia, negotiations, peerConnectionCount } from './support/media-stats'
import { recordPeerConnections } from './support/record-peer-connections'

const SECRET = randomBytes(16).toString('hex')
const cleanups: Array<() => Promise<unknown>> = []
test.afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined)
})

function relayOnlyRemembered(): void {
  window.localStorage.setItem('tonghwa.relayOnly', 'true')
}

async function openPerson(browser: Browser, httpUrl: string): Promise<Page> {
  const context = await browser.newContext()
  cleanups.push(() => context.close())
  await context.addInitScript(recordPeerConnections)
  await context.addInitScript(relayOnlyRemembered)
  const page = await context.newPage()
  await page.goto(httpUrl)
  return page
}

test('stopping the relay mid-call and starting it again: an ICE restart brings the media back', async ({ browser }) => {
  test.setTimeout(90_000)
  let coturn: RunningCoturn = await startCoturn({ secret: SECRET })
  cleanups.push(() => coturn.stop())
  const server = await startSignalingServer({
    host: '127.0.0.1',
    port: 0,
    staticDir: RENDERER_DIR,
    logger: silentLogger,
    turnUrls: [coturn.url],
    turnSecret: SECRET,
  })
  cleanups.push(() => server.close())

  const alice = await openPerson(browser, server.httpUrl)
  const bob = await openPerson(browser, server.httpUrl)
  await startConnectedCall(alice, bob)
  expect((await inboundMedia(bob)).localCandidateType).toBe('relay')
  const offersBefore = (await negotiations(alice)).length + (await negotiations(bob)).length

  // The relay goes away: media stops arriving.
  const port = coturn.port
  await coturn.stop()
  await expect
    .poll(async () => {
      const before = (await inboundMedia(bob)).framesDecoded
      await bob.waitForTimeout(1_000)
      return (await inboundMedia(bob)).framesDecoded - before
    }, { timeout: 20_000, message: 'video stops while the relay is down' })
    .toBe(0)

  // It comes back where it was; nothing in the test touches the call.
  coturn = await startCoturn({ secret: SECRET, port })
  const stalled = (await inboundMedia(bob)).framesDecoded
  await expect
    .poll(async () => (await inboundMedia(bob)).framesDecoded, { timeout: 45_000, message: 'video flows again' })
    .toBeGreaterThan(stalled + 30)
  await expect(callPhase(alice)).toHaveAttribute('data-phase', 'connected')
  await expect(callPhase(bob)).toHaveAttribute('data-phase', 'connected')
  // The same connections, renegotiated by an ICE restart.
  expect([await peerConnectionCount(alice), await peerConnectionCount(bob)]).toEqual([1, 1])
  expect((await negotiations(alice)).length + (await negotiations(bob)).length).toBeGreaterThan(offersBefore)
  expect((await inboundMedia(bob)).localCandidateType).toBe('relay')
})
