/**
 * Recovery (issue 6): the signaling server goes away mid-call. Media is peer to peer, so it keeps flowing; both
 * apps say they are reconnecting, and when a server is back on the same port they rejoin under their old peer
 * ids and the call goes on over the very same RTCPeerConnection, with no new offer.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test'
import { startSignalingServer } from '../../src/server'
import { silentLogger } from '../../src/server/log'
import { freePort } from '../support/free-port'
import { callPhase, startConnectedCall } from './support/call-flow'
import { expect, RENDERER_DIR, test } from './support/fixtures'
import { inboundMedia, negotiations, peerConnectionCount } from './support/media-stats'
import { recordPeerConnections } from './support/record-peer-connections'

type RunningServer = Awaited<ReturnType<typeof startSignalingServer>>

const servers: RunningServer[] = []
const contexts: BrowserContext[] = []

test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close()
  for (const server of servers.splice(0)) await server.close()
})

async function startServer(port: number): Promise<RunningServer> {
  const server = await startSignalingServer({ host: '127.0.0.1', port, staticDir: RENDERER_DIR, logger: silentLogger })
  servers.push(server)
  return server
}

/** One more person on this test's own server, in a fresh browser context. */
async function openPerson(browser: Browser, httpUrl: string): Promise<Page> {
  const context = await browser.newContext()
  contexts.push(context)
  await context.addInitScript(recordPeerConnections)
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`))
  await page.goto(httpUrl)
  return page
}

/** Waits until `page` has decoded more than `frames` more video frames than it had when called. */
async function expectFramesRising(page: Page, frames: number): Promise<void> {
  const before = (await inboundMedia(page)).framesDecoded
  await expect
    .poll(async () => (await inboundMedia(page)).framesDecoded - before, { timeout: 15_000, message: 'remote video keeps decoding' })
    .toBeGreaterThan(frames)
}

test('a call survives the signaling server going away and rejoins when it is back', async ({ browser }) => {
  const port = await freePort()
  const first = await startServer(port)
  const alice = await openPerson(browser, first.httpUrl)
  const bob = await openPerson(browser, first.httpUrl)
  await startConnectedCall(alice, bob)
  const connectionsBefore = [await peerConnectionCount(alice), await peerConnectionCount(bob)]
  const offersBefore = [(await negotiations(alice)).length, (await negotiations(bob)).length]

  servers.splice(servers.indexOf(first), 1)
  await first.close()
  for (const page of [alice, bob]) {
    await expect(callPhase(page)).toHaveAttribute('data-phase', 'reconnecting')
    await expect(callPhase(page)).toContainText('your call continues')
  }
  await expectFramesRising(bob, 30)

  await startServer(port)
  for (const page of [alice, bob]) await expect(callPhase(page)).toHaveAttribute('data-phase', 'connected', { timeout: 20_000 })
  expect([await peerConnectionCount(alice), await peerConnectionCount(bob)]).toEqual(connectionsBefore)
  expect([(await negotiations(alice)).length, (await negotiations(bob)).length]).toEqual(offersBefore)
  await expectFramesRising(bob, 30)
  await expectFramesRising(alice, 30)
})
