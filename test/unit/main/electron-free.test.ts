import { readFileSync } from 'node:fs'
import { dirname, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * There is no Electron binary where these tests run, and `require('electron')` would try to download one.
 * Every module the unit and end-to-end tests load must therefore import Electron for its types only.
 */
const ELECTRON_FREE = [
  'src/main/app-inbox.ts',
  'src/main/app-origin.ts',
  'src/main/app-paths.ts',
  'src/main/app-phone.ts',
  'src/main/app-protocol-path.ts',
  'src/main/attention.ts',
  'src/main/deep-link.ts',
  'src/main/deep-link-wiring.ts',
  'src/main/device-commands.ts',
  'src/main/devices-menu-controller.ts',
  'src/main/devices-menu-template.ts',
  'src/main/embedded-server.ts',
  'src/main/i18n/main-messages.ts',
  'src/main/ipc-handlers.ts',
  'src/main/json-file-store.ts',
  'src/main/list-file.ts',
  'src/main/media-access.ts',
  'src/main/media-commands.ts',
  'src/main/menu-template.ts',
  'src/main/open-external.ts',
  'src/main/permission-handlers.ts',
  'src/main/permissions.ts',
  'src/main/phone-commands.ts',
  'src/main/phone-stores.ts',
  'src/main/privacy-settings.ts',
  'src/main/ring-timeout.ts',
  'src/main/screen-commands.ts',
  'src/main/screen-share.ts',
  'src/main/app-core.ts',
  'src/main/lan/lan-addresses.ts',
  'src/main/lan/lan-announcement.ts',
  'src/main/lan/lan-dialer.ts',
  'src/main/lan/lan-directory.ts',
  'src/main/lan/lan-discovery.ts',
  'src/main/lan/lan-locate.ts',
  'src/main/lan/lan-router.ts',
  'src/main/reach/app-reach.ts',
  'src/main/reach/network-commands.ts',
  'src/main/reach/route.ts',
  'src/main/reach/window-signaling.ts',
  'src/main/server-choice/packaged-server.ts',
  'src/main/server-choice/resolve-server-choice.ts',
  'src/main/server-choice/server-choice-service.ts',
  'src/main/server-choice/server-commands.ts',
  'src/main/server-choice/server-probes.ts',
  'src/main/server-choice/server-test.ts',
  'src/main/server-trust/instance-check.ts',
  'src/main/server-trust/instance-secret.ts',
  'src/main/server-trust/transport-policy.ts',
  'src/main/server-url.ts',
  'src/main/settings-store.ts',
  'src/main/settings-commands.ts',
  'src/main/signaling-commands.ts',
  'src/main/signaling-connection.ts',
  'src/main/start-failure.ts',
  'src/main/web-contents-guard.ts',
  'src/main/window-ipc.ts',
  'src/main/window-options.ts',
  'src/preload/bridge.ts',
]

/** Imports that bring a module in at run time: anything but `import type`, plus `require` and `import()`. */
const RUNTIME_ELECTRON = /^\s*import\s+(?!type\s)[^'"]*?from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\)/m

/** The src/main and src/preload modules `file` loads at run time (`import type` loads nothing). */
function runtimeLocalImports(file: string): string[] {
  const imports = readFileSync(file, 'utf8').matchAll(/^\s*import\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/gm)
  return [...imports]
    .filter((match) => match[1]!.startsWith('.'))
    .map((match) => relative(process.cwd(), resolve(dirname(file), match[1]!)).split(sep).join('/'))
    .filter((target) => target.startsWith('src/main/') || target.startsWith('src/preload/'))
    .map((target) => `${target}.ts`)
}

/** Test files outside test/unit that load src/main at run time (the end-to-end harness). */
const HARNESS = ['test/e2e/support/main-process-harness.ts', 'test/e2e/support/playwright-ipc-renderer.ts']

describe('modules the tests load', () => {
  it.each(ELECTRON_FREE)('%s imports electron for types only', (file) => {
    expect(readFileSync(file, 'utf8')).not.toMatch(RUNTIME_ELECTRON)
  })

  it.each(ELECTRON_FREE)('%s loads only modules that are electron-free too', (file) => {
    expect(runtimeLocalImports(file).filter((target) => !ELECTRON_FREE.includes(target))).toEqual([])
  })

  it.each(HARNESS)('%s loads only electron-free modules of the app', (file) => {
    expect(readFileSync(file, 'utf8')).not.toMatch(RUNTIME_ELECTRON)
    expect(runtimeLocalImports(file).filter((target) => !ELECTRON_FREE.includes(target))).toEqual([])
  })
})
