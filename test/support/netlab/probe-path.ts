import { fileURLToPath } from 'node:url'

/** Path of the lab's network probes (`node PROBE udp-echo 5000`, …; modes listed at the top of probe.mjs). */
export const PROBE = fileURLToPath(new URL('./probe.mjs', import.meta.url))
