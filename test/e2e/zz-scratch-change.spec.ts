import { test, type Page } from '@playwright/test'
import { createLab, flapLink, type Lab } from '../support/netlab'
import { startConnectedCall } from './support/call-flow'
import { openLabPerson, selectedPath } from './support/lab-call'
import { startLabServices } from './support/lab-services'
import { inboundMedia, negotiations, peerConnectionCount } from './support/media-stats'

async function frames(p: Page) { const m = await inboundMedia(p); return m.framesDecoded * 100000 + m.audioPacketsReceived }
async function watch(a: Page, b: Page, t0: number, seconds: number) {
  let last = [await frames(a), await frames(b)]
  for (let i = 0; i < seconds * 3; i++) {
    await new Promise((r) => setTimeout(r, 250))
    const now = [await frames(a), await frames(b)]
    const st = await Promise.all([a, b].map((p) => p.evaluate(() => { const pc = (window as any).__peerConnections.at(-1); return `${pc.connectionState}/${pc.iceConnectionState}` })))
    const phase = await Promise.all([a, b].map((p) => p.getByTestId('call-status').getAttribute('data-phase')))
    const d = (i: number) => `v${Math.floor(now[i]! / 100000) - Math.floor(last[i]! / 100000)}/a${(now[i]! % 100000) - (last[i]! % 100000)}`
    console.log(`${((Date.now() - t0) / 1000).toFixed(1)}s  A=${d(0)} B=${d(1)} ${st.join(' ')} ${phase.join(' ')}`)
    last = now
  }
}

test('scratch: network change', async () => {
  test.setTimeout(180_000)
  const lab = await createLab({ internet: { servers: ['public'], homes: [{ name: 'minji', nat: 'cone' }, { name: 'hana', nat: 'cone' }] } })
  try {
    const services = await startLabServices(lab, lab.computer('public'))
    const minji = await openLabPerson(lab, lab.computer('minji'), services)
    const hana = await openLabPerson(lab, lab.computer('hana'), services)
    await startConnectedCall(minji, hana)
    console.log(JSON.stringify(await selectedPath(minji)))
    const which = process.env.WHO ?? 'hana'
    const home = lab.home(which)
    if (process.env.MODE === 'flap') {
      const t0 = Date.now()
      console.log('link down')
      await flapLink(home.router.wan, Number(process.env.DOWN ?? 3))
      console.log(`link up after ${Date.now() - t0} ms`)
      await watch(minji, hana, Date.now(), 15)
    } else {
      const t0 = Date.now()
      console.log('address now', await lab.changePublicAddress(home))
      await watch(minji, hana, t0, Number(process.env.SECS ?? 30))
    }
    console.log(services.signaling.output().split('\n').filter((l) => !/budget|serving/.test(l)).map((l) => l.slice(0, 200)).join('\n'))
    console.log(JSON.stringify(await selectedPath(minji)), await peerConnectionCount(minji), await peerConnectionCount(hana), (await negotiations(minji)).length, (await negotiations(hana)).length)
  } finally {
    await lab.close()
  }
})
