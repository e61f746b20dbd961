// Where Electron's binary is, read the way Electron's own loader (node_modules/electron/index.js) reads it,
// so that `npm start` and `require('electron')` never disagree about whether it is there.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * The installed `electron` package's folder. TONGHWA_ELECTRON_PACKAGE_DIR points elsewhere; the tests use
 * it to run Electron's real installer from a copy of the package that has no binary, whatever this checkout has.
 */
export function electronPackageDir(env = process.env) {
  if (env.TONGHWA_ELECTRON_PACKAGE_DIR) return env.TONGHWA_ELECTRON_PACKAGE_DIR
  return dirname(createRequire(import.meta.url).resolve('electron/package.json'))
}

/** The version the package will download, from its package.json. */
export function electronVersion(packageDir) {
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version
}

/**
 * The executable to launch, or why there is none yet.
 * - ELECTRON_EXEC_PATH (electron-vite's own variable) wins: a developer's own build, or a test's stand-in.
 * - ELECTRON_OVERRIDE_DIST_PATH (Electron's loader's variable) names the folder the executable is in.
 * - Otherwise `path.txt`, which Electron's installer writes after a download, names it under `dist/`.
 * @returns {{ found: true, path: string } | { found: false, reason: 'not-downloaded' | 'missing-exec-path', path?: string }}
 */
export function findElectronBinary(packageDir, env = process.env, exists = existsSync) {
  if (env.ELECTRON_EXEC_PATH) {
    return exists(env.ELECTRON_EXEC_PATH)
      ? { found: true, path: env.ELECTRON_EXEC_PATH }
      : { found: false, reason: 'missing-exec-path', path: env.ELECTRON_EXEC_PATH }
  }
  const pathFile = join(packageDir, 'path.txt')
  const relative = exists(pathFile) ? readFileSync(pathFile, 'utf8').trim() : ''
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron')
    return exists(path) ? { found: true, path } : { found: false, reason: 'missing-exec-path', path }
  }
  if (!relative) return { found: false, reason: 'not-downloaded' }
  const path = join(packageDir, 'dist', relative)
  return exists(path) ? { found: true, path } : { found: false, reason: 'not-downloaded' }
}
