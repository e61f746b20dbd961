import { test } from '@playwright/test'
import { createLab, labSkipReason, type Lab } from '../support/netlab'
import { callPhase, startConnectedCall } from './support/call-flow'
import { openLabPerson } from './support/lab-call'
import { startLabServices, type LabServices } from './support/lab-services'
import { inboundMedia } from './support/media-stats'

let lab: Lab | undefined
let services: LabServices | undefined
test.beforeAll(async () => {
  test.setTimeout(60_000)
  const reason = await labSkipReason()
  test.skip(reason !== undefined, reason)
  lab = await createLab({ internet: { servers: ['public'], homes: [{ name: 'minji', nat: 'cone' }, { name: 'jun', nat: 'cone' }] } })
  services = await startLabServices(lab, lab.computer('public'))
})
test.afterAll(async () => { await lab?.close() })

for (let round = 0; round < 6; round++)
test(`explore round ${round}`, async () => {
  test.setTimeout(120_000)
  const wrap = () => {
    const Native = window.WebSocket
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols)
        console.log(`WS ${Date.now()} new`)
        this.addEventListener('open', () => console.log(`WS ${Date.now()} open`))
        this.addEventListener('close', (e) => console.log(`WS ${Date.now()} close ${e.code} ${e.reason}`))
        const send = this.send.bind(this)
        this.send = (data) => { if (!String(data).includes('ping')) console.log(`WS ${Date.now()} send ${String(data).slice(0, 60)}`); send(data) }
        this.addEventListener('message', (e) => { if (!String(e.data).includes('pong')) console.log(`WS ${Date.now()} recv ${String(e.data).slice(0, 60)}`) })
      }
    } as typeof WebSocket
    const Pc = window.RTCPeerConnection
    window.RTCPeerConnection = class extends Pc {
      constructor(c?: RTCConfiguration) {
        super(c)
        this.addEventListener('connectionstatechange', () => console.log(`WS ${Date.now()} pc ${this.connectionState} ice=${this.iceConnectionState}`))
        this.addEventListener('signalingstatechange', () => console.log(`WS ${Date.now()} sig ${this.signalingState}`))
      }
    } as typeof RTCPeerConnection
  }
  const jun = await openLabPerson(lab!, lab!.computer('jun'), services!, { initScripts: [wrap] })
  const minji = await openLabPerson(lab!, lab!.computer('minji'), services!, { initScripts: [wrap] })
  let t0 = 0
  for (const [name, page] of [['minji', minji], ['jun', jun]] as const) page.on('console', (m) => { const t = m.text(); const at = t.startsWith('WS ') ? Number(t.split(' ')[1]) : Date.now(); if (t0 > 0 && at >= t0) console.log(`  [${name} ${((at - t0) / 1000).toFixed(3)}] ${t.startsWith('WS ') ? t.split(' ').slice(2).join(' ') : t}`) })
  if (round % 2 === 0) await startConnectedCall(minji, jun)
  else await startConnectedCall(jun, minji)
  const before = await Promise.all([inboundMedia(minji), inboundMedia(jun)])
  t0 = Date.now()
  await lab!.changePublicAddress(lab!.home('jun'))
  let lastPhases = ''
  for (let i = 0; i < 12; i++) {
    const now = await Promise.all([inboundMedia(minji), inboundMedia(jun)])
    const phases = (await Promise.all([callPhase(minji).getAttribute('data-phase'), callPhase(jun).getAttribute('data-phase')])).join(',')
    const line = `${((Date.now() - t0) / 1000).toFixed(2)} minji ${now[0].connectionState} a=${now[0].audioPacketsReceived - before[0].audioPacketsReceived} | jun ${now[1].connectionState} a=${now[1].audioPacketsReceived - before[1].audioPacketsReceived} | ${phases}`
    if (phases !== lastPhases || i % 5 === 0) console.log(line)
    lastPhases = phases
    await minji.waitForTimeout(400)
  }
  await minji.context().browser()?.close()
  await jun.context().browser()?.close()
})
