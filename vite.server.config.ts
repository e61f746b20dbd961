import { defineConfig } from 'vite'

/** Builds the standalone signaling server (`npm run server`) into plain ESM for Node; `ws` stays external. */
export default defineConfig({
  build: {
    ssr: 'src/server/cli.ts',
    outDir: 'out/server',
    target: 'node20',
    emptyOutDir: true,
    rollupOptions: { output: { entryFileNames: 'cli.js' } },
  },
})
