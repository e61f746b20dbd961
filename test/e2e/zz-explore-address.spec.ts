import { expect, test, type Page } from '@playwright/test'
import { createLab, labSkipReason, type Lab } from '../support/netlab'
import { callPhase, startConnectedCall } from './support/call-flow'
import { openLabPerson } from './support/lab-call'
import { startLabServices, type LabServices } from './support/lab-services'
import { inboundMedia, peerConnectionCount } from './support/media-stats'

let lab: Lab | undefined
let services: LabServices | undefined
test.beforeAll(async () => {
  test.setTimeout(60_000)
  const reason = await labSkipReason()
  test.skip(reason !== undefined, reason)
  lab = await createLab({ internet: { servers: ['public'], homes: [{ name: 'minji', nat: 'cone' }, { name: 'hana', nat: 'cone' }] } })
  services = await startLabServices(lab, lab.computer('public'))
})
test.afterAll(async () => { await lab?.close() })

for (const changing of ['hana', 'minji'] as const) {
test(`explore: ${changing} changes address`, async () => {
  test.setTimeout(120_000)
  const minji = await openLabPerson(lab!, lab!.computer('minji'), services!)
  const hana = await openLabPerson(lab!, lab!.computer('hana'), services!)
  for (const [name, page] of [['minji', minji], ['hana', hana]] as const) page.on('console', (m) => console.log(`[${name} ${((Date.now() - t0) / 1000).toFixed(2)}] ${m.type()} ${m.text()}`))
  let t0 = Date.now()
  await startConnectedCall(minji, hana)
  const before = await Promise.all([inboundMedia(minji), inboundMedia(hana)])
  t0 = Date.now()
  await lab!.changePublicAddress(lab!.home(changing))
  for (let i = 0; i < 25; i++) {
    const now = await Promise.all([inboundMedia(minji), inboundMedia(hana)])
    const phases = await Promise.all([callPhase(minji).getAttribute('data-phase'), callPhase(hana).getAttribute('data-phase')])
    console.log(`${((Date.now() - t0) / 1000).toFixed(2)} minji ${now[0].connectionState} f=${now[0].framesDecoded - before[0].framesDecoded} ${phases[0]} | hana ${now[1].connectionState} f=${now[1].framesDecoded - before[1].framesDecoded} ${phases[1]} pcs=${await peerConnectionCount(minji)},${await peerConnectionCount(hana)}`)
    await minji.waitForTimeout(400)
  }
  await minji.context().browser()?.close()
  await hana.context().browser()?.close()
})
}
