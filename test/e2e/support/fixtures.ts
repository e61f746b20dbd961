import { resolve } from 'node:path'
import { existsSync } from 'node:fs'
import { test as base, type BrowserContext, type Page } from '@playwright/test'
import { startSignalingServer } from '../../../src/server'
import { silentLogger } from '../../../src/server/log'
import { recordPeerConnections } from './record-peer-connections'

export const RENDERER_DIR = resolve('out/renderer')

interface RunningServer {
  url: string
  httpUrl: string
  close(): Promise<void>
}

interface WorkerFixtures {
  /** The real signaling server, also serving the built renderer (web mode), on a free loopback port. */
  server: RunningServer
}

export interface OpenPersonOptions {
  path?: string
  initScripts?: Array<() => void>
  /** Browser permissions granted to the app's origin, e.g. `['microphone']` (only matters when media is not auto-allowed). */
  grant?: string[]
  /** The browser's language (`navigator.languages`, Accept-Language), e.g. `'ko-KR'`. Default: Playwright's en-US. */
  locale?: string
  /** Runs after the context and page exist and before the app loads: bindings, routes, extra scripts. */
  beforeLoad?: (context: BrowserContext, page: Page) => Promise<void>
}

interface TestFixtures {
  /** Opens the app as one more person, in a fresh browser context (own cookies, own fake devices). */
  openPerson: (options?: OpenPersonOptions) => Promise<Page>
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [
    async ({}, use) => {
      if (!existsSync(resolve(RENDERER_DIR, 'index.html'))) {
        throw new Error('out/renderer is missing: run `npm run build` before the end-to-end tests (npm test does)')
      }
      const server = await startSignalingServer({
        host: '127.0.0.1',
        port: 0,
        staticDir: RENDERER_DIR,
        logger: silentLogger,
        // One server serves the whole run, and every person it opens is a new personal code from 127.0.0.1: more
        // than the default 20 new codes at once one address may make (calling-limits.ts). Each stands for another
        // computer, so the run is given the budget of many addresses.
        newCodeBindingBurstPerAddress: 10_000,
      })
      await use(server)
      await server.close()
    },
    { scope: 'worker' },
  ],
  openPerson: async ({ browser, server }, use) => {
    const contexts: BrowserContext[] = []
    await use(async (options = {}) => {
      const context = await browser.newContext(options.locale ? { locale: options.locale } : {})
      contexts.push(context)
      if (options.grant) await context.grantPermissions(options.grant, { origin: new URL(server.httpUrl).origin })
      await context.addInitScript(recordPeerConnections)
      for (const script of options.initScripts ?? []) await context.addInitScript(script)
      const page = await context.newPage()
      await options.beforeLoad?.(context, page)
      page.on('pageerror', (error) => console.error(`[page error] ${error.message}`))
      await page.goto(new URL(options.path ?? '/', server.httpUrl).href)
      return page
    })
    for (const context of contexts) await context.close()
  },
})

export { expect } from '@playwright/test'
