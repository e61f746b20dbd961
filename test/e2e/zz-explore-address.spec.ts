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

for (let round = 0; round < 4; round++)
test(`explore round ${round}`, async () => {
  test.setTimeout(120_000)
  const jun = await openLabPerson(lab!, lab!.computer('jun'), services!)
  const minji = await openLabPerson(lab!, lab!.computer('minji'), services!)
  let t0 = Date.now()
  for (const [name, page] of [['minji', minji], ['jun', jun]] as const) page.on('console', (m) => console.log(`  [${name} ${((Date.now() - t0) / 1000).toFixed(2)}] ${m.type()} ${m.text()}`))
  await startConnectedCall(minji, jun)
  const before = await Promise.all([inboundMedia(minji), inboundMedia(jun)])
  t0 = Date.now()
  await lab!.changePublicAddress(lab!.home('jun'))
  let lastPhases = ''
  for (let i = 0; i < 80; i++) {
    const now = await Promise.all([inboundMedia(minji), inboundMedia(jun)])
    const phases = (await Promise.all([callPhase(minji).getAttribute('data-phase'), callPhase(jun).getAttribute('data-phase')])).join(',')
    const line = `${((Date.now() - t0) / 1000).toFixed(2)} minji ${now[0].connectionState} a=${now[0].audioPacketsReceived - before[0].audioPacketsReceived} | jun ${now[1].connectionState} a=${now[1].audioPacketsReceived - before[1].audioPacketsReceived} | ${phases}`
    if (phases !== lastPhases || i % 5 === 0) console.log(line)
    lastPhases = phases
    await minji.waitForTimeout(100)
  }
  await minji.context().browser()?.close()
  await jun.context().browser()?.close()
})
