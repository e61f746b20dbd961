/**
 * A signaling cluster: two server processes sharing rooms through a real redis-server, one of them a real child
 * process (`node cli.js`, built from the current sources). Alice opens the app from one process and Bob from
 * the other; they meet in one room and see and hear each other. (Crash expiry
 * across processes is proven in test/integration/cluster-crash.test.ts with a SIGKILLed child process.)
 */
import type { Browser, Page } from '@playwright/test'
import { startSignalingServer } from '../../src/server'
import { silentLogger } from '../../src/server/log'
import { startRedis } from '../support/redis'
import { buildServer, startServerProcess } from '../support/server-process'
import { expectMediaFlowing, startConnectedCall } from './support/call-flow'
import { expect, RENDERER_DIR, test } from './support/fixtures'
import { inboundMedia } from './support/media-stats'
import { personalCode, callContact, outgoing } from './support/phone-flow'
import { recordPeerConnections } from './support/record-peer-connections'

const cleanups: Array<() => Promise<unknown>> = []
test.afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined)
})

async function openPerson(browser: Browser, httpUrl: string): Promise<Page> {
  const context = await browser.newContext()
  cleanups.push(() => context.close())
  await context.addInitScript(recordPeerConnections)
  const page = await context.newPage()
  await page.goto(httpUrl)
  return page
}

async function twoProcesses() {
  const redis = await startRedis()
  cleanups.push(() => redis.stop())
  const one = await startSignalingServer({ host: '127.0.0.1', port: 0, staticDir: RENDERER_DIR, logger: silentLogger, redisUrl: redis.url })
  cleanups.push(() => one.close())
  const build = await buildServer()
  cleanups.push(async () => build.remove())
  const two = await startServerProcess(build, { TONGHWA_REDIS_URL: redis.url }, RENDERER_DIR)
  cleanups.push(() => two.stop())
  return { one, two }
}

test('A on one server process and B on another complete a call by room code', async ({ browser }) => {
  const { one, two } = await twoProcesses()
  expect(new URL(one.httpUrl).port).not.toBe(new URL(two.httpUrl).port)
  const alice = await openPerson(browser, one.httpUrl)
  const bob = await openPerson(browser, two.httpUrl)
  await startConnectedCall(alice, bob)
  expect((await inboundMedia(alice)).audioPacketsReceived).toBeGreaterThan(0)
})

test('A on one process rings B on the other by personal code, and B answers', async ({ browser }) => {
  const { one, two } = await twoProcesses()
  const alice = await openPerson(browser, one.httpUrl)
  const bob = await openPerson(browser, two.httpUrl)
  const bobCode = await personalCode(bob)
  await personalCode(alice)
  await callContact(alice, 'Bob', bobCode)
  await expect(outgoing(alice)).toHaveAttribute('data-state', 'ringing')
  await bob.getByTestId('accept-call').click()
  await expectMediaFlowing(alice)
  await expectMediaFlowing(bob)
})
