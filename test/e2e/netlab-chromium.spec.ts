/**
 * The network lab's Chromium launcher: two Chromiums, each in its own lab namespace on one bridged network,
 * complete a bare RTCPeerConnection (data channel, host candidates only) with the offer and answer carried by
 * the test. The selected pair must join the two lab addresses: no loopback, no root-namespace address.
 */
import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { chromiumLaunchOptions } from './support/chromium'
import { createLab, labSkipReason, type Lab } from '../support/netlab'

let lab: Lab | undefined

test.beforeAll(async () => {
  const reason = await labSkipReason()
  test.skip(reason !== undefined, reason)
  lab = await createLab({ networks: [{ name: 'office', subnet: '10.77.0.0/24', computers: ['alice', 'bob'] }] })
})

test.afterAll(async () => {
  await lab?.close()
})

test('two Chromiums in two lab namespaces connect directly between their lab addresses', async () => {
  test.setTimeout(30_000)
  if (lab === undefined) throw new Error('the lab was not built')
  const [alice, bob] = [lab.computer('alice'), lab.computer('bob')]
  const options = chromiumLaunchOptions()
  // A page that never called getUserMedia gets `<uuid>.local` host candidates and blank addresses in getStats;
  // raw addresses let the test check which ones were used (the app's calls get them through getUserMedia).
  options.args = [...(options.args ?? []), '--disable-features=WebRtcHideLocalIpsWithMdns']
  const pageA = await (await lab.launchChromium(alice, options)).newPage()
  const pageB = await (await lab.launchChromium(bob, options)).newPage()

  const offer = await pageA.evaluate(async () => {
    const pc = new RTCPeerConnection()
    const channel = pc.createDataChannel('lab')
    Object.assign(window, { pc, channelOpen: new Promise((resolve) => (channel.onopen = resolve)) })
    await pc.setLocalDescription()
    // Without trickle: wait until every candidate is in the description (host only, so this is quick).
    await new Promise<void>((resolve) => (pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve()))
    return pc.localDescription?.toJSON() as RTCSessionDescriptionInit
  })
  const answer = await pageB.evaluate(async (offer) => {
    const pc = new RTCPeerConnection()
    Object.assign(window, { pc, channelOpen: new Promise((resolve) => (pc.ondatachannel = ({ channel }) => (channel.onopen = resolve))) })
    await pc.setRemoteDescription(offer)
    await pc.setLocalDescription()
    if (pc.iceGatheringState !== 'complete') {
      await new Promise<void>((resolve) => (pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve()))
    }
    return pc.localDescription?.toJSON() as RTCSessionDescriptionInit
  }, offer)
  await pageA.evaluate((answer) => (window as unknown as { pc: RTCPeerConnection }).pc.setRemoteDescription(answer), answer)

  await Promise.all([channelOpen(pageA), channelOpen(pageB)])
  expect(await selectedPair(pageA)).toEqual({ local: alice.address, remote: bob.address })
  expect(await selectedPair(pageB)).toEqual({ local: bob.address, remote: alice.address })
})

async function channelOpen(page: Page): Promise<void> {
  await page.evaluate(() => Promise.race([(window as unknown as { channelOpen: Promise<unknown> }).channelOpen, new Promise((_, fail) => setTimeout(() => fail(new Error('data channel did not open within 10 s')), 10_000))]))
}

/** Addresses of the candidate pair the transport selected, from `getStats`. */
function selectedPair(page: Page): Promise<{ local?: string; remote?: string }> {
  return page.evaluate(async () => {
    const stats = [...(await (window as unknown as { pc: RTCPeerConnection }).pc.getStats()).values()] as Array<Record<string, unknown>>
    const byId = (id: unknown) => stats.find((report) => report.id === id)
    const transport = stats.find((report) => report.type === 'transport')
    const pair = byId(transport?.selectedCandidatePairId)
    return { local: byId(pair?.localCandidateId)?.address as string | undefined, remote: byId(pair?.remoteCandidateId)?.address as string | undefined }
  })
}
