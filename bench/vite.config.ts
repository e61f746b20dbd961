import { resolve } from 'node:path'
import { defineConfig } from 'vite'

const ROOT = resolve(import.meta.dirname, '..')

/**
 * Builds the benchmarks into plain ESM for Node under `.cache/bench/`. Node 20 cannot run TypeScript by
 * itself, and vite is how this project already turns its server into something `node` runs, so the bench uses
 * the same tool instead of a TS runner the project does not depend on. Packages (`ws`, `peer`,
 * `@playwright/test`) stay external and load from node_modules, exactly as shipped.
 */
export default defineConfig({
  root: ROOT,
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node20',
    outDir: resolve(ROOT, '.cache/bench'),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        run: resolve(ROOT, 'bench/run.ts'),
        'load-generator': resolve(ROOT, 'bench/signaling/load-generator.ts'),
        'bare-relay': resolve(ROOT, 'bench/signaling/bare-relay.ts'),
        'peerjs-server': resolve(ROOT, 'bench/signaling/peerjs-server.ts'),
        'capture-stats': resolve(ROOT, 'bench/network/capture-stats.ts'),
      },
      output: { entryFileNames: '[name].js' },
    },
  },
})
