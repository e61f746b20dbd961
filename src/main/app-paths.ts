/**
 * Where the built pieces are, relative to the main bundle (`out/main/index.js`), the same in development,
 * in `electron-vite preview` and inside the packaged asar. No Electron import: tested in Node.
 */
import { join, resolve } from 'node:path'

export interface AppPaths {
  /** The sandboxed preload, CommonJS: `out/preload/index.cjs`. */
  preload: string
  /** The built renderer served at `app://tonghwa/` and, in web mode, over HTTP: `out/renderer`. */
  rendererDir: string
}

/** `mainDir` is the directory of the running main bundle (from `import.meta.url`). */
export function resolveAppPaths(mainDir: string): AppPaths {
  const outDir = resolve(mainDir, '..')
  return { preload: join(outDir, 'preload', 'index.cjs'), rendererDir: join(outDir, 'renderer') }
}
