/**
 * Calls across the network lab's internet (test/support/netlab): homes behind NAT routers, and one public
 * server on a documentation address running the standalone signaling server (serving the web app) and coturn
 * (lab-services.ts). Each test reads the candidate pair the call really uses from getStats on both sides,
 * checks that media flows both ways, and that the quality panel names the path in plain words.
 */
import { expect, test, type Page } from '@playwright/test'
import { createLab, flapLink, labSkipReason, type Lab } from '../support/netlab'
import { callPhase, startConnectedCall } from './support/call-flow'
import { expectMediaBothWays, openLabPerson, pathWords, remoteCandidateAddresses, selectedPath, type LabPersonOptions, type PathEnd } from './support/lab-call'
import { startLabServices, type LabServices } from './support/lab-services'
import { inboundMedia, negotiations, peerConnectionCount } from './support/media-stats'

let lab: Lab | undefined
let services: LabServices | undefined
const people: Page[] = []

test.beforeAll(async () => {
  test.setTimeout(60_000)
  const reason = await labSkipReason()
  test.skip(reason !== undefined, reason)
  lab = await createLab({
    internet: {
      servers: ['public'],
      homes: [
        { name: 'minji', nat: 'cone' },
        { name: 'jun', nat: 'cone' },
        { name: 'sora', nat: 'symmetric' },
        { name: 'office', nat: 'cone', blockUdp: true },
        // A firewall that lets only the web out: the signaling server is on port 80, TURN over TLS on 443.
        { name: 'cafe', nat: 'cone', blockUdp: true, tcpPortsOut: [80, 443] },
        { name: 'hana', nat: 'cone' },
      ],
    },
  })
  services = await startLabServices(lab, lab.computer('public'))
})

test.afterEach(async () => {
  // Each person is a Chromium of their own: close them before the next call (two cores, two encoders each).
  for (const page of people.splice(0)) await page.context().browser()?.close()
})

test.afterAll(async () => {
  await lab?.close()
})

function built(): { lab: Lab; services: LabServices } {
  if (!lab || !services) throw new Error('the lab was not built')
  return { lab, services }
}

async function person(name: string, options?: LabPersonOptions): Promise<Page> {
  const { lab, services } = built()
  const page = await openLabPerson(lab, lab.computer(name), services, { initScripts: [wrap] })
  page.on('console', (m) => { const t = m.text(); if (T0 > 0 && t.startsWith('WS ')) console.log(`  [${name} ${((Number(t.split(' ')[1]) - T0) / 1000).toFixed(3)}] ${t.split(' ').slice(2).join(' ')}`) })
  people.push(page)
  return page
}

/** Alice and Bob in one room, each decoding the other's video; then both pair ends as each side sees them. */
async function call(alice: Page, bob: Page): Promise<[{ local: PathEnd; remote: PathEnd }, { local: PathEnd; remote: PathEnd }]> {
  await startConnectedCall(alice, bob)
  await expectMediaBothWays(alice, bob)
  return [await selectedPath(alice), await selectedPath(bob)]
}

const routerOf = (home: string) => built().lab.home(home).router.wan.address
/** A peer-reflexive end is the same router address learned from a check; Chromium blanks its address in stats. */
const REFLEXIVE = ['srflx', 'prflx']


const wrap = () => {
  const Native = window.WebSocket
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      console.log(`WS ${Date.now()} new`)
      this.addEventListener('open', () => console.log(`WS ${Date.now()} open`))
      this.addEventListener('close', (e) => console.log(`WS ${Date.now()} close ${e.code} ${e.reason}`))
      this.addEventListener('message', (e) => { const d = String(e.data); if (!d.includes('pong') && !d.includes('candidate')) console.log(`WS ${Date.now()} recv ${d.slice(0, 70)}`) })
    }
  } as typeof WebSocket
}
let T0 = 0
// The home whose router gets a new public address is Jun's; he is either the one who was in the room first
// (polite: his side never restarts ICE on its own) or the one who joined second.
for (const junIs of ['first', 'second'] as const) {
  test(`a home whose public address changes mid-call (${junIs} in the room) has media both ways within 5 s, in the same call`, async () => {
    const { lab } = built()
    T0 = 0
    const jun = await person('jun')
    const minji = await person('minji')
    if (junIs === 'first') await call(jun, minji)
    else await call(minji, jun)
    const oldAddress = routerOf('jun')
    const offersBefore = [(await negotiations(minji)).length, (await negotiations(jun)).length]

    // Jun's signaling socket and the media path both went through the old address: both die with it, and the
    // server holds his socket as the room's member until it notices (up to two heartbeats, 30 s).
    T0 = Date.now()
    const changing = Date.now()
    const newAddress = await lab.changePublicAddress(lab.home('jun'))
    // The old address is gone and the new one routed (the lab's `ip` commands take a moment on a busy machine).
    const changed = Date.now()
    const left = () => 5_000 - (Date.now() - changed)

    // Media counts only once it goes through the new address: the kernel forgets the old mappings a moment
    // after the change, and packets until then are not the call coming back.
    await expect
      .poll(async () => (await selectedPath(jun)).local.address, { timeout: left(), intervals: [50], message: 'the call uses the new address' })
      .toBe(newAddress)
    const switched = await Promise.all([inboundMedia(minji), inboundMedia(jun)])
    await expect
      .poll(async () => {
        const now = await Promise.all([inboundMedia(minji), inboundMedia(jun)])
        return now.every((media, i) => media.framesDecoded > switched[i]!.framesDecoded + 3 && media.audioPacketsReceived > switched[i]!.audioPacketsReceived + 10)
      }, { timeout: Math.max(left(), 1), intervals: [50], message: 'video decodes and audio arrives on both sides within 5 s of the change' })
      .toBe(true)
    console.log(`lab-paths: public address changed (jun ${junIs} in the room, ${changed - changing} ms to change it): media back both ways through it ${Date.now() - changed} ms after the change`)

    // No new call: the same peer connection on each side, still connected, and one ICE restart (an offer and
    // its answer, on both sides) brought it over to Jun's new address.
    expect([await peerConnectionCount(minji), await peerConnectionCount(jun)]).toEqual([1, 1])
    await expect(callPhase(minji)).toHaveAttribute('data-phase', 'connected')
    await expect(callPhase(jun)).toHaveAttribute('data-phase', 'connected')
    expect(newAddress).not.toBe(oldAddress)
    expect((await selectedPath(jun)).local).toMatchObject({ type: 'srflx', address: newAddress })
    const offersAfter = [(await negotiations(minji)).length, (await negotiations(jun)).length]
    for (const [i, count] of offersAfter.entries()) expect(count).toBeGreaterThan(offersBefore[i]!)
  })
}
