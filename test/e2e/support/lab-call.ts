/**
 * Two Chromiums in the network lab and a call between them: each person is a Chromium running in a lab
 * computer's namespace (a home behind its NAT router), opening the web app from the lab's signaling server
 * (lab-services.ts). What the call did is read from the page's real `RTCPeerConnection` (record-peer-connections.ts):
 * which candidate pair carries it and whether media flows.
 *
 *   const minji = await openLabPerson(lab, lab.computer('minji'), services)
 *   const jun = await openLabPerson(lab, lab.computer('jun'), services)
 *   await startConnectedCall(minji, jun)                      // call-flow.ts: room code, join, media decodes
 *   await selectedPath(minji)                                 // { local: { type: 'srflx', … }, remote: … }
 *   await expectMediaBothWays(minji, jun)
 *
 * Each person has a browser of their own (one per namespace); `lab.close()` closes any left open.
 */
import { expect, type Page } from '@playwright/test'
import type { Lab, LabComputer } from '../../support/netlab'
import { chromiumLaunchOptions } from './chromium'
import type { LabServices } from './lab-services'
import { chooseFromMoreMenu } from './call-flow'
import { inboundMedia } from './media-stats'
import { recordPeerConnections } from './record-peer-connections'

export interface LabPersonOptions {
  /** Run in the page before the app loads (e.g. a remembered setting). */
  initScripts?: Array<() => void>
}

/** Launches Chromium in `computer`'s namespace and opens the web app there. */
export async function openLabPerson(lab: Lab, computer: LabComputer, services: LabServices, options: LabPersonOptions = {}): Promise<Page> {
  const launch = chromiumLaunchOptions()
  // Served over http:// from a lab address, the app is not a secure context: no getUserMedia without this.
  launch.args = [...(launch.args ?? []), `--unsafely-treat-insecure-origin-as-secure=${services.origin}`]
  // A home whose NSS database trusts the relay's test CA, for TURN over TLS (lab-tls.ts).
  launch.env = { ...process.env, HOME: services.chromiumHome }
  const browser = await lab.launchChromium(computer, launch)
  const context = await browser.newContext()
  await context.addInitScript(recordPeerConnections)
  for (const script of options.initScripts ?? []) await context.addInitScript(script)
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error(`[${computer.name} page error] ${error.message}`))
  await page.goto(services.appUrl)
  return page
}

export interface PathEnd {
  /** `host`, `srflx`, `prflx` or `relay`. */
  type: string | null
  address: string | null
  /** `udp` or `tcp`: how this end sends to the other. */
  protocol: string | null
  /** For a local relay candidate: how this side reaches the TURN server (`udp`, `tcp` or `tls`). */
  relayProtocol: string | null
}

export interface SelectedPath {
  local: PathEnd
  remote: PathEnd
}

/** The candidate pair the newest peer connection's transport selected, from `getStats`. */
export function selectedPath(page: Page): Promise<SelectedPath> {
  return page.evaluate(async () => {
    const pc = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.at(-1)
    const stats = pc ? [...(await pc.getStats()).values()] as Array<Record<string, unknown>> : []
    const byId = (id: unknown) => stats.find((stat) => stat.id === id)
    const transport = stats.find((stat) => stat.type === 'transport' && stat.selectedCandidatePairId)
    const pair = byId(transport?.selectedCandidatePairId)
    const end = (candidate: Record<string, unknown> | undefined) => ({
      type: (candidate?.candidateType as string | undefined) ?? null,
      address: (candidate?.address as string | undefined) ?? null,
      protocol: (candidate?.protocol as string | undefined) ?? null,
      relayProtocol: (candidate?.relayProtocol as string | undefined) ?? null,
    })
    return { local: end(byId(pair?.localCandidateId)), remote: end(byId(pair?.remoteCandidateId)) }
  })
}

/** Every remote candidate address the page's newest peer connection has heard of (trickled or learned). */
export function remoteCandidateAddresses(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const pc = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.at(-1)
    const stats = pc ? [...(await pc.getStats()).values()] as Array<Record<string, unknown>> : []
    return stats.filter((stat) => stat.type === 'remote-candidate').map((stat) => String(stat.address))
  })
}

/** Frames decoded keep increasing on both sides (video each way) and audio keeps arriving. */
export async function expectMediaBothWays(a: Page, b: Page, timeoutMs = 10_000): Promise<void> {
  const start = await Promise.all([inboundMedia(a), inboundMedia(b)])
  await expect
    .poll(async () => {
      const now = await Promise.all([inboundMedia(a), inboundMedia(b)])
      return now.every((media, i) => media.framesDecoded > start[i]!.framesDecoded + 10 && media.audioPacketsReceived > start[i]!.audioPacketsReceived + 10)
    }, { timeout: timeoutMs, message: 'video frames decoded and audio packets received increase on both sides' })
    .toBe(true)
}

/** Opens the quality panel and returns how it names each end of the path ("… through a relay server · UDP"). */
export async function pathWords(page: Page): Promise<{ local: string; remote: string }> {
  const panel = page.getByTestId('quality-panel')
  if (!(await panel.isVisible())) await chooseFromMoreMenu(page, 'toggle-quality')
  await expect(panel.getByTestId('quality-local-candidate')).not.toHaveText('not known yet')
  const words = async (side: 'local' | 'remote') =>
    `${await panel.getByTestId(`quality-${side}-candidate`).textContent()} — ${await panel.getByTestId(`quality-${side}-path`).textContent()}`
  return { local: await words('local'), remote: await words('remote') }
}
