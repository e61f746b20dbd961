import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { test, expect, RENDERER_DIR } from './support/fixtures'
import { createRoom, expectMediaFlowing } from './support/call-flow'
import { attachMainProcess, type MainProcessHarness } from './support/main-process-harness'
import { personalCode } from './support/phone-flow'
import { readFile } from 'node:fs/promises'
import { startSignalingServer, type RunningSignalingServer } from '../../src/server'
import { silentLogger } from '../../src/server/log'
import { buildInvite } from '../../src/shared/invite'
import { formatRoomCode, generateRoomCode } from '../../src/shared/room-code'
import { freePort } from '../support/free-port'

/** The serious or critical axe violations on the page as it is, as `rule at target`. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze()
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)
}

/** How many valid messages of `type` the server has received, from its Prometheus counter (0 before the first). */
async function received(server: RunningSignalingServer, type: string): Promise<number> {
  const text = await (await fetch(server.metricsUrl!)).text()
  const line = new RegExp(`^tonghwa_messages_received_total\\{type="${type}"\\} (\\d+)$`, 'm').exec(text)
  return line ? Number(line[1]) : 0
}

test.describe('a server you choose, and invitations that carry it', () => {
  const harnesses: MainProcessHarness[] = []
  const servers: RunningSignalingServer[] = []
  test.afterEach(async () => {
    for (const harness of harnesses.splice(0)) await harness.dispose()
    for (const server of servers.splice(0)) await server.close()
  })

  /** Another organisation's server, counting what it receives. */
  async function foreignServer(): Promise<RunningSignalingServer> {
    const foreign = await startSignalingServer({ host: '127.0.0.1', port: 0, staticDir: RENDERER_DIR, metrics: true, logger: silentLogger })
    servers.push(foreign)
    return foreign
  }

  test('a tonghwa:// link naming another server asks first, joins the call there, and never registers the personal code there', async ({ openPerson, server }) => {
    const foreign = await foreignServer()
    const mains: MainProcessHarness[] = []
    // Two people with the app, both at home on the usual server, invited to a room on another organisation's server.
    const openApp = () =>
      openPerson({
        beforeLoad: async (context, page) => {
          const harness = await attachMainProcess(context, page, server.url, new URL(server.httpUrl).origin, { routed: true })
          harnesses.push(harness)
          mains.push(harness)
        },
      })
    const alice = await openApp()
    const bob = await openApp()
    // Reachable at home: each phone registered its personal code with its own server.
    await personalCode(alice)
    await personalCode(bob)

    const room = generateRoomCode()
    const { appLink } = buildInvite(room, foreign.url)
    const host = new URL(foreign.url).host

    // Saying no connects nothing there.
    mains[0]!.openLink(appLink)
    await expect(alice.getByTestId('confirm-link-join')).toContainText(`Join room ${formatRoomCode(room)} on ${host}?`)
    await alice.getByTestId('dismiss-link-join').click()
    await expect(alice.getByTestId('confirm-link-join')).toHaveCount(0)
    await expect(alice.getByTestId('new-room')).toBeVisible()
    expect(foreign.stats().connections).toBe(0)

    const joinFromLink = async (page: Page, main: MainProcessHarness) => {
      main.openLink(appLink)
      await expect(page.getByTestId('confirm-link-join')).toContainText(`Join room ${formatRoomCode(room)} on ${host}?`)
      expect(await seriousViolations(page)).toEqual([])
      await page.getByTestId('accept-link-join').click()
      await expect(page.getByTestId('room-code')).toHaveText(formatRoomCode(room))
      await expect(page.getByTestId('room-server')).toHaveText(`On ${host}`)
      await page.getByTestId('join-call').click()
    }
    await joinFromLink(alice, mains[0]!)
    await joinFromLink(bob, mains[1]!)
    await expectMediaFlowing(alice)
    await expectMediaFlowing(bob)

    // The call met on the foreign server; the personal codes stayed at home.
    expect(foreign.stats()).toMatchObject({ rooms: 1, registered: 0 })
    expect(await received(foreign, 'join')).toBeGreaterThanOrEqual(2)
    expect(await received(foreign, 'register')).toBe(0)
    expect(mains.map((main) => main.identity().status)).toEqual(['online', 'online'])

    // Not remembered after the call: leaving takes each window's link home, and nothing is left connected there.
    await alice.getByTestId('hang-up').click()
    await alice.getByTestId('back-to-start').click()
    await expect.poll(() => foreign.stats().connections).toBe(1)
    await bob.getByTestId('back-to-start').click()
    await expect.poll(() => foreign.stats().connections).toBe(0)
    expect(await received(foreign, 'register')).toBe(0)
  })

  test('Settings → Server tests an address, says what is wrong or what works, and saves the choice', async ({ openPerson, server }) => {
    const foreign = await foreignServer()
    let main: MainProcessHarness | undefined
    const page = await openPerson({
      beforeLoad: async (context, page) => {
        main = await attachMainProcess(context, page, server.url, new URL(server.httpUrl).origin, { serverSettings: {} })
        harnesses.push(main)
      },
    })
    await page.getByTestId('open-settings').click()
    const section = page.getByTestId('server-settings')
    await expect(section.getByTestId('server-now')).toHaveText('Now: automatic, on this network.')
    await expect(section.getByTestId('server-automatic')).toBeChecked()
    await section.getByTestId('server-custom').check()

    const closedPort = await freePort()
    await section.getByTestId('server-address').fill(`ws://127.0.0.1:${closedPort}/signal`)
    await section.getByTestId('test-server').click()
    await expect(section.getByTestId('server-test-result')).toHaveAttribute('data-code', 'SERVER_TEST_NO_ANSWER')
    await expect(section.getByTestId('server-test-result')).toContainText('the connection was refused')

    await section.getByTestId('server-address').fill('ws://signal.example.org/signal')
    await section.getByTestId('test-server').click()
    await expect(section.getByTestId('server-address-error')).toContainText('Use wss://')

    await section.getByTestId('server-address').fill(foreign.url)
    await section.getByTestId('test-server').click()
    await expect(section.getByTestId('server-test-result')).toHaveAttribute('data-code', 'SERVER_TEST_OK')
    await expect(section.getByTestId('server-test-result')).toHaveText('Works: a Tonghwa server, version 0.1.0. It offers no relay (TURN): between some networks calls may not connect.')
    expect(await seriousViolations(page)).toEqual([])

    await section.getByTestId('use-server').click()
    await expect(section.getByTestId('server-now')).toHaveText(`Now: ${new URL(foreign.url).host}, chosen here.`)
    await expect.poll(async () => JSON.parse(await readFile(main!.settingsFile, 'utf8')).server).toEqual({ kind: 'server', url: foreign.url })
  })

  test('Settings → Server says when TONGHWA_SERVER_URL decides, and the choice cannot be changed', async ({ openPerson, server }) => {
    const page = await openPerson({
      beforeLoad: async (context, page) => {
        harnesses.push(await attachMainProcess(context, page, server.url, new URL(server.httpUrl).origin, { serverSettings: { env: { TONGHWA_SERVER_URL: server.url } } }))
      },
    })
    await page.getByTestId('open-settings').click()
    const section = page.getByTestId('server-settings')
    await expect(section.getByTestId('server-locked')).toContainText('TONGHWA_SERVER_URL decides the server')
    await expect(section.getByTestId('server-custom')).toBeDisabled()
    await expect(section.getByTestId('server-automatic')).toBeDisabled()
  })

  test('Copy invite gives the web page and a tonghwa:// link naming the server the app uses', async ({ openPerson, server }) => {
    const chosen = 'wss://signal.example.org/signal'
    const page = await openPerson({
      grant: ['clipboard-read', 'clipboard-write'],
      beforeLoad: async (context, page) => {
        harnesses.push(await attachMainProcess(context, page, server.url, new URL(server.httpUrl).origin, { serverSettings: { env: { TONGHWA_SERVER_URL: chosen } } }))
      },
    })
    const code = await createRoom(page)
    await page.getByTestId('copy-invite').click()
    await expect(page.getByTestId('copy-invite')).toHaveText('Copied')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      [
        `Join me on Tonghwa, room ${code}.`,
        `In a browser: https://signal.example.org/?room=${code}`,
        `With the Tonghwa app: tonghwa://join/${code}?server=${encodeURIComponent(chosen)}`,
      ].join('\n'),
    )
  })

  test('the web page has no server setting: it talks to the server that served it', async ({ openPerson }) => {
    const page = await openPerson()
    await page.getByTestId('open-settings').click()
    await expect(page.getByTestId('settings-screen')).toBeVisible()
    await expect(page.getByTestId('server-settings')).toHaveCount(0)
  })
})
