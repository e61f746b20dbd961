/**
 * The network lab: real network namespaces for tests of calls between "computers" (see README.md).
 *
 *   const reason = await labSkipReason()              // throws in CI when the lab cannot run
 *   const lab = await createLab({ networks: [{ name: 'office', subnet: '10.77.0.0/24', computers: ['a', 'b'] }] })
 *   lab.computer('a').address                         // '10.77.0.10'
 *   await lab.close()
 */
export { createLab, Lab } from './lab'
export { labAvailable, labSkipReason, isCi, type LabAvailability } from './availability'
export { purgeStaleLabs, listNamespacesSync, NAMESPACE_PREFIX } from './cleanup'
export { limitRate, dropPackets, clearImpairments, setLinkUp, flapLink, type RateCap, type Loss, type Direction } from './impairments'
export { writeChromiumWrapper } from './chromium'
export { NetlabError, type NetlabErrorCode, type CommandResult } from './commands'
export { SERVER_SUBNET, ROUTER_SUBNET } from './addressing'
export { PROBE } from './probe-path'
export { startProbe, runProbe, probeResults, type ProbeResult } from './probes'
export type * from './topology'
