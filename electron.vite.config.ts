import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { CONTENT_SECURITY_POLICY, DEV_SERVER_CONTENT_SECURITY_POLICY } from './src/shared/content-security-policy'

/** Writes the one Content-Security-Policy into index.html; the dev server gets the relaxed variant it needs. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'tonghwa:content-security-policy',
    transformIndexHtml: {
      order: 'pre',
      handler: (_html, context) => [
        {
          tag: 'meta',
          attrs: {
            'http-equiv': 'Content-Security-Policy',
            content: context.server ? DEV_SERVER_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY,
          },
          injectTo: 'head',
        },
      ],
    },
  }
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot be ES modules: emit CommonJS with an explicit extension.
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    base: './',
    plugins: [contentSecurityPolicy(), svelte({ configFile: resolve('svelte.config.js') })],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified; minified, the script is ~2.3× smaller to parse and ship.
      minify: true,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
})
