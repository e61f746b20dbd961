// Removes network-lab namespaces left by a test run that was SIGKILLed (its pid is gone):
//   node scripts/netlab-purge.mjs
// Node 20 runs no TypeScript, so the lab's own purge is loaded through vite, which the project already uses.
import { runnerImport } from 'vite'

const { module: netlab } = await runnerImport(new URL('../test/support/netlab/index.ts', import.meta.url).pathname)
const removed = netlab.purgeStaleLabs()
console.log(removed.length === 0 ? 'netlab: nothing to purge' : `netlab: removed ${removed.join(', ')}`)
