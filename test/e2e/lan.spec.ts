/**
 * Two computers, no setup (docs/lan.md): each "computer" is a namespace of the network lab running the app's real
 * main side (app-core.ts, in its own Node process) and its own Chromium, with fresh settings and no environment
 * variable. They find each other over real multicast DNS on the lab network and call by room code and by
 * personal code; a third computer on another network never sees them.
 */
import { expect, test } from '@playwright/test'
import { createLab, labSkipReason, type Lab } from '../support/netlab'
import { callPhase, createRoom, enterRoomCode, expectMediaFlowing, joinCall } from './support/call-flow'
import { expectMediaBothWays, pathWords, selectedPath } from './support/lab-call'
import { startLabApp, type LabApp, type LabAppOptions } from './support/lab-app/lab-app'
import { makeLabTls } from './support/lab-tls'
import { resolve } from 'node:path'
import { callContact, personalCode } from './support/phone-flow'

let lab: Lab | undefined
const apps: LabApp[] = []

test.beforeEach(async () => {
  const reason = await labSkipReason()
  test.skip(reason !== undefined, reason)
  lab = await createLab({
    networks: [
      { name: 'office', subnet: '10.77.0.0/24', computers: ['alice', 'bob', 'dave', 'hub'] },
      { name: 'elsewhere', subnet: '10.78.0.0/24', computers: ['carol'] },
    ],
  })
})

test.afterEach(async () => {
  for (const app of apps.splice(0)) await app.kill().catch(() => undefined)
  await lab?.close()
  lab = undefined
})

async function start(name: string, options: LabAppOptions = {}): Promise<LabApp> {
  const app = await startLabApp(lab!, lab!.computer(name), options)
  apps.push(app)
  return app
}

/** Hangs up (if still in the call) and goes back to the start screen. */
async function leaveCall(app: LabApp): Promise<void> {
  const hangUp = app.page.getByTestId('hang-up')
  if (await hangUp.isVisible()) await hangUp.click()
  await app.page.getByTestId('back-to-start').click()
}

async function othersHeard(app: LabApp): Promise<number> {
  const status = await app.status()
  return status.kind === 'network' || status.kind === 'this-computer' ? status.others : -1
}

test('two computers started at the same moment find each other, call by room code over a direct path, then by personal code', async () => {
  test.setTimeout(120_000)
  const [alice, bob, carol] = await Promise.all([start('alice'), start('bob'), start('carol')])
  await expect.poll(() => othersHeard(alice), { timeout: 10_000 }).toBe(1)
  await expect.poll(() => othersHeard(bob), { timeout: 10_000 }).toBe(1)
  // On another network: it hears nobody, and nobody hears it.
  expect(await othersHeard(carol)).toBe(0)
  await expect(alice.page.getByTestId('network-status')).toContainText('On this network, with 1 other Tonghwa app')

  const code = await createRoom(alice.page)
  await joinCall(alice.page)
  await enterRoomCode(bob.page, code)
  await joinCall(bob.page)
  await expectMediaFlowing(alice.page)
  await expectMediaFlowing(bob.page)
  await expectMediaBothWays(alice.page, bob.page)
  const path = await selectedPath(alice.page)
  expect(path.local).toMatchObject({ type: 'host', address: lab!.computer('alice').address })
  expect(path.remote).toMatchObject({ type: 'host', address: lab!.computer('bob').address })
  expect((await pathWords(alice.page)).local).toContain('direct on your network')
  // Bob's window went to the app that had the room: Alice's, at her lab address.
  expect(await bob.control<{ url: string }>('route')).toMatchObject({ url: expect.stringContaining(lab!.computer('alice').address) })
  await leaveCall(alice)
  await leaveCall(bob)

  // By personal code: Bob's app rings, he accepts, media flows.
  const bobCode = await personalCode(bob.page)
  await callContact(alice.page, 'Bob', bobCode)
  await expect(bob.page.getByTestId('incoming-call')).toBeVisible({ timeout: 10_000 })
  await bob.page.getByTestId('accept-call').click()
  await expectMediaFlowing(alice.page)
  await expectMediaFlowing(bob.page)
  await expectMediaBothWays(alice.page, bob.page)

  // Carol, on the other network, cannot reach Bob's code.
  await callContact(carol.page, 'Bob', bobCode)
  await expect(carol.page.getByTestId('outgoing-call')).toHaveAttribute('data-state', 'unreachable', { timeout: 15_000 })
})

test('the app that hosts the room dies mid-call: the call goes on, and the two remaining apps start a new call within 10 s', async () => {
  test.setTimeout(120_000)
  const [alice, bob, dave] = await Promise.all([start('alice'), start('bob'), start('dave')])
  await expect.poll(() => othersHeard(bob), { timeout: 10_000 }).toBe(2)
  const code = await createRoom(alice.page)
  await joinCall(alice.page)
  await enterRoomCode(bob.page, code)
  await joinCall(bob.page)
  await expectMediaFlowing(bob.page)
  expect((await bob.control<{ url: string }>('route')).url).toContain(lab!.computer('alice').address)

  // Alice's app, which holds the room, dies without a word (its window stays, as a crashed main process's would
  // not; here it shows that the media needs nothing of the app that hosted the signaling).
  await alice.kill()
  const diedAt = Date.now()
  const since = (): string => ((Date.now() - diedAt) / 1000).toFixed(1)
  await expectMediaBothWays(alice.page, bob.page)
  const oldCallFlowing = since()

  await leaveCall(bob)
  const next = await createRoom(bob.page)
  await joinCall(bob.page)
  // As a person would, Bob passes the code on once his room is open (typed at once, Dave's app could ask before
  // Bob's app has the room, and the two would meet only when one of them looks again).
  await expect(callPhase(bob.page)).toHaveAttribute('data-phase', 'waiting')
  const roomOpen = since()
  await enterRoomCode(dave.page, next)
  await joinCall(dave.page)
  // Signaling's part of the new call: both are in Bob's new room and have started connecting.
  await expect(callPhase(dave.page)).toHaveAttribute('data-phase', /^(connecting|connected)$/)
  const inNewRoom = since()
  await expectMediaFlowing(dave.page)
  await expectMediaFlowing(bob.page)
  // Figures, not assertions: on this shared machine the steps of the person take most of it.
  console.log(
    `after the host died: the old call still had media both ways at ${oldCallFlowing} s; Bob's new room was open at ${roomOpen} s, both were in it at ${inNewRoom} s and had media at ${since()} s`,
  )
  // Nothing the two needed was on the dead app; the others drop it when its announcement lapses (8 s).
  await expect.poll(() => othersHeard(bob), { timeout: 10_000 }).toBe(1)
  console.log(`the others dropped the dead app ${((Date.now() - diedAt) / 1000).toFixed(1)} s after it died`)
})

test('the host of the room stops listening mid-call: the call goes on, and the two start a new call', async () => {
  test.setTimeout(120_000)
  const [alice, bob] = await Promise.all([start('alice'), start('bob')])
  await expect.poll(() => othersHeard(bob), { timeout: 10_000 }).toBe(1)
  const code = await createRoom(alice.page)
  await joinCall(alice.page)
  await enterRoomCode(bob.page, code)
  await joinCall(bob.page)
  await expectMediaFlowing(bob.page)

  // Alice's app hosts the room; its network side goes away (Bob's signaling link to it is cut).
  await alice.control('set-reachable', false)
  await expectMediaBothWays(alice.page, bob.page)

  await leaveCall(alice)
  await leaveCall(bob)
  // A new call: Bob's app hosts this one, and Alice (not reachable herself) can still join it.
  const next = await createRoom(bob.page)
  await joinCall(bob.page)
  await enterRoomCode(alice.page, next)
  await joinCall(alice.page)
  await expect.poll(async () => (await alice.control<{ url: string }>('route')).url, { timeout: 10_000 }).toContain(lab!.computer('bob').address)
  await expectMediaFlowing(alice.page)
})

test('with "Let people on this network reach me" off, nothing listens on the lab address and callers are told the person is unreachable', async () => {
  test.setTimeout(90_000)
  const [alice, bob] = await Promise.all([start('alice'), start('bob')])
  await expect.poll(() => othersHeard(alice), { timeout: 10_000 }).toBe(1)
  const bobCode = await personalCode(bob.page)
  await bob.page.getByTestId('open-settings').click()
  await bob.page.getByTestId('lan-reachable').uncheck()
  await expect(bob.page.getByTestId('lan-reachable')).not.toBeChecked()
  await bob.page.getByTestId('close-settings').click()
  await expect(bob.page.getByTestId('network-status')).toContainText('Only on this computer')
  // Bob said goodbye: Alice no longer lists him.
  await expect.poll(() => othersHeard(alice), { timeout: 5_000 }).toBe(0)
  // Nothing listens on Bob's lab address: every TCP port there refuses (the probe asks from Alice's computer).
  const listening = await lab!.exec(lab!.computer('bob'), 'ss', ['-Hltn'])
  const onLab = listening.stdout.split('\n').filter((line) => /(0\.0\.0\.0|10\.77\.0\.\d+|\*):\d+/.test(line))
  expect(onLab, listening.stdout).toEqual([])
  await callContact(alice.page, 'Bob', bobCode)
  await expect(alice.page.getByTestId('outgoing-call')).toHaveAttribute('data-state', 'unreachable', { timeout: 15_000 })
})

test('switching to a standalone server on a third computer and back, without restarting, with a call each way', async () => {
  test.setTimeout(150_000)
  const server = lab!.computer('hub')
  const address = server.address
  const tls = await makeLabTls(lab!.directory(), address)
  const signaling = lab!.spawnNode(server, [resolve('out/server/cli.js'), '--host', address, '--port', '4780'], {
    env: { ...process.env, TONGHWA_ALLOWED_HOSTS: address, TONGHWA_METRICS: 'false' },
  })
  const front = lab!.spawnNode(server, [resolve('test/e2e/support/tls-front.mjs'), address, '443', tls.certFile, tls.keyFile, address, '4780'])
  await expect.poll(() => /"msg":"listening"/.test(signaling.output()) && /tls front listening/.test(front.output()), { timeout: 10_000 }).toBe(true)
  const url = `wss://${address}/signal`
  const options = { env: { NODE_EXTRA_CA_CERTS: tls.caFile } }
  const [alice, bob] = await Promise.all([start('alice', options), start('bob', options)])
  await expect.poll(() => othersHeard(alice), { timeout: 10_000 }).toBe(1)

  // Automatic: a room call on the network.
  await roomCall(alice, bob, lab!.computer('alice').address)

  // A server: chosen in Settings, in effect at once; the phone registers there, rooms go there.
  for (const app of [alice, bob]) await chooseServer(app, url)
  await expect(alice.page.getByTestId('network-status')).toContainText(`Through ${address}`)
  await expect.poll(async () => (await alice.identity()).status).toBe('online')
  await roomCall(alice, bob, address)
  const bobCode = await personalCode(bob.page)
  await callContact(alice.page, 'Bob', bobCode)
  await expect(bob.page.getByTestId('incoming-call')).toBeVisible({ timeout: 10_000 })
  await bob.page.getByTestId('accept-call').click()
  await expectMediaFlowing(alice.page)
  await leaveCall(alice)
  await leaveCall(bob)

  // And back: automatic again, a room call on the network.
  for (const app of [alice, bob]) await chooseAutomatic(app)
  await expect(alice.page.getByTestId('network-status')).toContainText('On this network')
  await expect.poll(() => othersHeard(alice), { timeout: 10_000 }).toBe(1)
  await roomCall(alice, bob, lab!.computer('alice').address)
})

/** Alice opens a room, Bob joins it by code; media flows both ways; Bob's window is at `hostAddress`; both leave. */
async function roomCall(alice: LabApp, bob: LabApp, hostAddress: string): Promise<void> {
  const code = await createRoom(alice.page)
  await joinCall(alice.page)
  await enterRoomCode(bob.page, code)
  await joinCall(bob.page)
  await expectMediaFlowing(alice.page)
  await expectMediaFlowing(bob.page)
  await expectMediaBothWays(alice.page, bob.page)
  expect((await bob.control<{ url: string }>('route')).url).toContain(hostAddress)
  await leaveCall(alice)
  await leaveCall(bob)
}

async function chooseServer(app: LabApp, url: string): Promise<void> {
  await app.page.getByTestId('open-settings').click()
  await app.page.getByTestId('server-custom').check()
  await app.page.getByTestId('server-address').fill(url)
  await app.page.getByTestId('use-server').click()
  await expect(app.page.getByTestId('server-saved')).toBeVisible()
  await app.page.getByTestId('close-settings').click()
}

async function chooseAutomatic(app: LabApp): Promise<void> {
  await app.page.getByTestId('open-settings').click()
  await app.page.getByTestId('server-automatic').check()
  await expect(app.page.getByTestId('server-now')).toContainText(/automatic|this network/i)
  await app.page.getByTestId('close-settings').click()
}
