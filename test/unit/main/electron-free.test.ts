import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

/**
 * There is no Electron binary where these tests run, and `require('electron')` would try to download one.
 * Every module the unit and end-to-end tests load must therefore import Electron for its types only.
 */
const ELECTRON_FREE = [
  'src/main/app-origin.ts',
  'src/main/app-paths.ts',
  'src/main/app-protocol-path.ts',
  'src/main/embedded-server.ts',
  'src/main/ipc-handlers.ts',
  'src/main/menu-template.ts',
  'src/main/permissions.ts',
  'src/main/server-url.ts',
  'src/main/signaling-connection.ts',
  'src/main/window-options.ts',
  'src/preload/bridge.ts',
]

/** Imports that bring a module in at run time: anything but `import type`, plus `require` and `import()`. */
const RUNTIME_ELECTRON = /^\s*import\s+(?!type\s)[^'"]*?from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\)/m
const RUNTIME_THIN_MODULE = /^\s*import\s+(?!type\s)[^'"]*?from\s+['"]\.\/(window|menu|app-protocol|permission-handlers|call-window|index)['"]/m

describe('modules the tests load', () => {
  it.each(ELECTRON_FREE)('%s imports electron for types only', (file) => {
    expect(readFileSync(file, 'utf8')).not.toMatch(RUNTIME_ELECTRON)
  })

  it.each(ELECTRON_FREE)('%s does not load a thin Electron-facing module', (file) => {
    expect(readFileSync(file, 'utf8')).not.toMatch(RUNTIME_THIN_MODULE)
  })
})
