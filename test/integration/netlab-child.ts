/**
 * A test process that builds a lab, starts a probe inside it, reports both, and waits to be killed: the
 * network lab's cleanup tests SIGTERM or SIGKILL it. Loaded through vite by netlab.test.ts (Node 20 runs no
 * TypeScript by itself).
 */
import { createLab, startProbe } from '../support/netlab'

const lab = await createLab({ networks: [{ name: 'doomed', subnet: '10.99.0.0/24', computers: ['victim'] }] })
const probe = await startProbe(lab, lab.computer('victim'), ['udp-echo', '5000'])
console.log(JSON.stringify({ labId: lab.id, namespaces: lab.namespaces, probePid: probe.child.pid }))
// Never outlive a test that forgot this process.
setTimeout(() => process.exit(4), 30_000)
