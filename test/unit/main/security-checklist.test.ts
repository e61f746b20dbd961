/**
 * Electron's security checklist (the "Security" tutorial of Electron's documentation), item by item, against
 * the real objects the app uses: the window options, the permission handlers on a fake session, the
 * web-contents guard on a fake contents, the app:// request resolver, the openExternal allowlist, the IPC
 * gates, and the fuse configuration in electron-builder.yml. Each test fails if its item is undone. Where the
 * only evidence is in a module that loads Electron at run time (index.ts, the preload), the test reads its
 * source, which is what there is to read without an Electron binary.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { APP_ENTRY_URL, createSenderCheck, resolveRendererSource, trustedAppOrigins } from '../../../src/main/app-origin'
import { APP_SCHEME_PRIVILEGES, resolveAppRequest, responseHeaders } from '../../../src/main/app-protocol-path'
import { IpcErrorCode, registerCommandHandlers, type CommandImplementations } from '../../../src/main/ipc-handlers'
import { decideExternalUrl } from '../../../src/main/open-external'
import { denyDeviceAccess, installPermissionHandlers, type DeviceSession, type PermissionSession } from '../../../src/main/permission-handlers'
import { guardWebContents } from '../../../src/main/web-contents-guard'
import { createMainWindowOptions } from '../../../src/main/window-options'
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/content-security-policy'
import { commandArgs } from '../../../src/shared/ipc-contract'
import { FakeIpcMain, fromApp, fromStranger } from './fake-ipc-main'
import { fakeContents } from './fake-web-contents'

const packaged = createMainWindowOptions('/app/out/preload/index.cjs', { isPackaged: true, dark: true }).webPreferences ?? {}
const development = createMainWindowOptions('/app/out/preload/index.cjs', { isPackaged: false, dark: true }).webPreferences ?? {}
const trusted = trustedAppOrigins()

/** Comments say what code does not do ("no <webview>"); only the code counts. `://` in URLs is not a comment. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1').replace(/<!--[\s\S]*?-->/g, '')
}

/** Every .ts/.svelte/.html file under src, with its code. */
function sources(dir = 'src'): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return /\.(ts|svelte|html)$/.test(entry.name) ? [{ file: path.split('\\').join('/'), text: withoutComments(readFileSync(path, 'utf8')) }] : []
  })
}
const sourceFiles = sources()
const filesMatching = (pattern: RegExp) => sourceFiles.filter(({ text }) => pattern.test(text)).map(({ file }) => file)
const indexSource = readFileSync('src/main/index.ts', 'utf8')

describe('Electron security checklist', () => {
  describe('the window', () => {
    it('turns on context isolation', () => {
      expect(packaged.contextIsolation).toBe(true)
      expect(development.contextIsolation).toBe(true)
    })

    it('sandboxes the renderer, and the whole app with app.enableSandbox() before anything else', () => {
      expect(packaged.sandbox).toBe(true)
      expect(indexSource).toMatch(/^app\.enableSandbox\(\)$/m)
      // Before `ready` and before any window: the first statement after the imports.
      const firstStatement = indexSource.split('\n').find((line) => /^[a-z]/.test(line) && !line.startsWith('import '))
      expect(firstStatement).toBe('app.enableSandbox()')
    })

    it('gives no Node.js integration to the page, its subframes or its workers', () => {
      expect(packaged.nodeIntegration).toBe(false)
      expect(packaged.nodeIntegrationInSubFrames).toBe(false)
      expect(packaged.nodeIntegrationInWorker).toBe(false)
    })

    it('keeps web security on and never runs insecure content', () => {
      expect(packaged.webSecurity).toBe(true)
      expect(packaged.allowRunningInsecureContent).toBe(false)
    })

    it('enables no experimental or Blink features (and turns middle-click pop-ups off)', () => {
      expect(packaged.experimentalFeatures).toBe(false)
      expect(packaged).not.toHaveProperty('enableBlinkFeatures')
      expect(packaged.disableBlinkFeatures).toBe('Auxclick')
    })

    it('has no <webview> tag', () => {
      expect(packaged.webviewTag).toBe(false)
    })

    it('has DevTools only in development, never in a packaged build', () => {
      expect(packaged.devTools).toBe(false)
      expect(development.devTools).toBe(true)
    })

    it('is the only window the app creates, and it is built from these options', () => {
      expect(filesMatching(/new\s+(BrowserWindow|BrowserView|WebContentsView)\s*\(/)).toEqual(['src/main/window.ts'])
      expect(readFileSync('src/main/window.ts', 'utf8')).toMatch(/new BrowserWindow\(createMainWindowOptions\(preloadPath, \{ isPackaged: app\.isPackaged, dark \}\)\)/)
    })

    it('is not weakened anywhere in the sources', () => {
      const weakening = /nodeIntegration(InSubFrames|InWorker)?:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false|allowRunningInsecureContent:\s*true|experimentalFeatures:\s*true|webviewTag:\s*true|enableBlinkFeatures/
      expect(filesMatching(weakening)).toEqual([])
      expect(filesMatching(/<webview[\s>]/).filter((file) => !file.endsWith('.ts'))).toEqual([])
    })
  })

  describe('the content', () => {
    it('comes from the custom app:// scheme, not file:// or http://', () => {
      expect(APP_ENTRY_URL).toBe('app://tonghwa/index.html')
      expect(resolveRendererSource({ isPackaged: true, env: {} }).entryUrl).toBe(APP_ENTRY_URL)
      expect(indexSource).toContain('entryUrl, trustedOrigins, services')
      expect(filesMatching(/loadFile\(|loadURL\(\s*['"`](file|http)/)).toEqual([])
    })

    it('loads the page named by ELECTRON_RENDERER_URL only in an unpackaged build', () => {
      // What index.ts hands the window and every origin check comes from resolveRendererSource and app.isPackaged.
      expect(resolveRendererSource({ isPackaged: true, env: { ELECTRON_RENDERER_URL: 'https://evil.example/' } })).toEqual({ entryUrl: APP_ENTRY_URL, trustedOrigins: ['app://tonghwa'] })
      expect(indexSource).toMatch(/resolveRendererSource\(\{ isPackaged: app\.isPackaged, env: process\.env \}\)/)
      expect(filesMatching(/ELECTRON_RENDERER_URL/)).toEqual(['src/main/app-origin.ts'])
    })

    it('registers app:// as standard and secure, without bypassing the CSP', () => {
      expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true })
      expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP')
      expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('allowServiceWorkers')
      expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('corsEnabled')
    })

    it('refuses app:// paths that leave the renderer directory, encoded or not', () => {
      const root = resolve('/opt/tonghwa/out/renderer')
      expect(resolveAppRequest('app://tonghwa/index.html', root)).toMatchObject({ ok: true, filePath: join(root, 'index.html') })
      for (const url of ['app://tonghwa/%2e%2e/%2e%2e/etc/passwd', 'app://tonghwa/assets/..%2f..%2fsecret', 'app://tonghwa/..%5c..%5cwin.ini', 'app://other/index.html']) {
        expect(resolveAppRequest(url, root).ok).toBe(false)
      }
    })

    it("sends a strict CSP on the app's HTML: default-src 'none' and only what the page needs", () => {
      expect(responseHeaders('/r/index.html')['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY)
      const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]))
      expect(directives.get('default-src')).toEqual(["'none'"])
      expect(directives.get('script-src')).toEqual(["'self'"])
      expect(directives.get('base-uri')).toEqual(["'none'"])
      expect(directives.get('form-action')).toEqual(["'none'"])
      for (const [name, values] of directives) {
        for (const forbidden of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", '*', 'http:', 'https:', 'file:', 'data:']) {
          if (!(name === 'img-src' && forbidden === 'data:')) expect(values, `${name} allows ${forbidden}`).not.toContain(forbidden)
        }
      }
    })
  })

  describe('navigation, new windows and other programs', () => {
    function guarded() {
      const chromium = fakeContents()
      const openExternal = vi.fn(async (_url: string) => {})
      guardWebContents(chromium.contents, { trustedOrigins: trusted, openExternal, log: () => {} })
      return { chromium, openExternal }
    }

    it('guards every web contents from the moment Electron creates it', () => {
      expect(indexSource).toMatch(/app\.on\('web-contents-created', \(_event, contents\) => guardWebContents\(contents, /)
      expect(guarded().chromium.events()).toEqual(['select-bluetooth-device', 'will-attach-webview', 'will-frame-navigate', 'will-navigate', 'will-redirect'])
    })

    it('denies navigation away from the app', () => {
      const { chromium } = guarded()
      expect(chromium.navigate('will-navigate', 'https://evil.example/')).toBe(true)
      expect(chromium.navigate('will-redirect', 'https://evil.example/')).toBe(true)
      expect(chromium.navigate('will-frame-navigate', 'https://evil.example/', { isMainFrame: false })).toBe(true)
      expect(chromium.navigate('will-navigate', 'app://tonghwa/index.html')).toBe(false)
    })

    it('denies every new window', () => {
      const { chromium } = guarded()
      for (const url of ['app://tonghwa/index.html', 'https://evil.example/', 'https://tonghwa.app/']) expect(chromium.openWindow(url)).toEqual({ action: 'deny' })
    })

    it('denies attaching a <webview>', () => {
      expect(guarded().chromium.attachWebview()).toBe(true)
    })

    it('hands the OS only allowlisted https links and the exact privacy-pane URLs', () => {
      expect(decideExternalUrl('https://tonghwa.app/help').allow).toBe(true)
      expect(decideExternalUrl('ms-settings:privacy-webcam').allow).toBe(true)
      for (const url of ['http://tonghwa.app/', 'https://evil.example/', 'file:///bin/sh', 'ms-settings:network', 'smb://host/share']) expect(decideExternalUrl(url).allow).toBe(false)
      // The allowlist cannot be bypassed: one file calls shell.openExternal, and only through the guard.
      expect(filesMatching(/shell\.openExternal\(/)).toEqual(['src/main/external-links.ts'])
      expect(readFileSync('src/main/external-links.ts', 'utf8')).toContain('createGuardedOpenExternal((url) => shell.openExternal(url))')
    })
  })

  describe('permissions', () => {
    function session() {
      const handlers: { request?: Parameters<PermissionSession['setPermissionRequestHandler']>[0]; check?: Parameters<PermissionSession['setPermissionCheckHandler']>[0] } = {}
      const fake: PermissionSession = {
        setPermissionRequestHandler: (handler) => void (handlers.request = handler),
        setPermissionCheckHandler: (handler) => void (handlers.check = handler),
      }
      installPermissionHandlers(fake, trusted, () => {})
      const contents = {} as Parameters<NonNullable<typeof handlers.request>>[0]
      return {
        handlers,
        request(permission: string, url: string, extra: Record<string, unknown> = {}): boolean {
          let answer: boolean | undefined
          const details = { isMainFrame: true, requestingUrl: url, securityOrigin: url, ...extra }
          handlers.request!(contents, permission as never, (granted) => void (answer = granted), details as never)
          return answer ?? (() => { throw new Error('no answer') })()
        },
        check(permission: string, origin: string, extra: Record<string, unknown> = {}): boolean {
          return handlers.check!(contents, permission as never, origin, { isMainFrame: true, ...extra } as never)
        },
      }
    }

    it('answers both permission requests and permission checks', () => {
      const { handlers } = session()
      expect(handlers.request).toBeTypeOf('function')
      expect(handlers.check).toBeTypeOf('function')
    })

    it('grants camera and microphone to the app page only, and nothing to another origin', () => {
      const chromium = session()
      expect(chromium.request('media', 'app://tonghwa/index.html', { mediaTypes: ['audio', 'video'] })).toBe(true)
      expect(chromium.request('media', 'https://evil.example/', { mediaTypes: ['audio', 'video'] })).toBe(false)
      expect(chromium.check('media', 'https://evil.example', { mediaType: 'video' })).toBe(false)
    })

    it('denies what the table does not grant, and what it does not know', () => {
      const chromium = session()
      for (const permission of ['geolocation', 'notifications', 'openExternal', 'hid', 'serial', 'usb', 'not-a-permission']) {
        expect(chromium.request(permission, 'app://tonghwa/index.html'), permission).toBe(false)
        expect(chromium.check(permission, 'app://tonghwa'), permission).toBe(false)
      }
    })

    it('denies HID, serial and USB devices, and cancels their choosers', () => {
      let deviceHandler: Parameters<DeviceSession['setDevicePermissionHandler']>[0] = null
      const choosers = new Map<string, (...args: unknown[]) => void>()
      const fake = {
        setDevicePermissionHandler: (handler: typeof deviceHandler) => void (deviceHandler = handler),
        on: (event: string, listener: (...args: unknown[]) => void) => void choosers.set(event, listener),
      }
      denyDeviceAccess(fake as unknown as DeviceSession, () => {})
      for (const deviceType of ['hid', 'serial', 'usb'] as const) {
        expect(deviceHandler!({ deviceType, origin: 'app://tonghwa', device: {} } as never)).toBe(false)
      }
      expect([...choosers.keys()].sort()).toEqual(['select-hid-device', 'select-serial-port', 'select-usb-device'])
      for (const [event, listener] of choosers) {
        let prevented = false
        const chosen: unknown[] = []
        const callback = (id?: unknown) => void chosen.push(id)
        const preventable = { preventDefault: () => void (prevented = true) }
        if (event === 'select-serial-port') listener(preventable, [{ portId: 'p1' }], {}, callback)
        else listener(preventable, { deviceList: [{ deviceId: 'd1' }] }, callback)
        expect(prevented, event).toBe(true)
        expect(chosen.every((id) => id === undefined || id === ''), event).toBe(true)
        expect(chosen, event).toHaveLength(1)
      }
    })

    it('installs all of it on the default session before the first window', () => {
      const onReady = indexSource.slice(indexSource.indexOf('async function onReady'))
      const install = onReady.indexOf('installPermissionHandlers(session.defaultSession')
      const devices = onReady.indexOf('denyDeviceAccess(session.defaultSession)')
      expect(install).toBeGreaterThan(-1)
      expect(devices).toBeGreaterThan(-1)
      expect(Math.max(install, devices)).toBeLessThan(onReady.indexOf('openWindow()'))
    })
  })

  describe('IPC', () => {
    function handlers() {
      const ipc = new FakeIpcMain()
      const commands = Object.fromEntries(Object.keys(commandArgs).map((channel) => [channel, vi.fn()])) as unknown as CommandImplementations
      registerCommandHandlers({ ipc, isTrustedSender: createSenderCheck(trusted), commands })
      return { ipc, commands: commands as unknown as Record<string, ReturnType<typeof vi.fn>> }
    }

    it("checks every handler's sender frame origin, and refuses a foreign origin before running anything", async () => {
      const { ipc, commands } = handlers()
      for (const channel of Object.keys(commandArgs)) {
        await expect(ipc.invoke(channel, fromStranger), channel).rejects.toThrow(new RegExp(`^${IpcErrorCode.UntrustedSender}: `))
        await expect(ipc.invoke(channel, { senderFrame: null }), channel).rejects.toThrow(new RegExp(`^${IpcErrorCode.UntrustedSender}: `))
      }
      for (const spy of Object.values(commands)) expect(spy).not.toHaveBeenCalled()
    })

    it("validates every handler's payload", async () => {
      const { ipc, commands } = handlers()
      for (const channel of Object.keys(commandArgs)) {
        // No command of the contract takes a bare object with a prototype-polluting key as its every argument.
        await expect(ipc.invoke(channel, fromApp, { __proto__: { admin: true } }, 'extra', 'arguments', 'here'), channel).rejects.toThrow(
          new RegExp(`^${IpcErrorCode.BadArgs}: ${channel}: `),
        )
      }
      for (const spy of Object.values(commands)) expect(spy).not.toHaveBeenCalled()
    })

    it('registers handlers only through those gates, and exposes only the typed bridge to the page', () => {
      expect(filesMatching(/ipcMain\b|\.ipc\.(handle|on)\(|\.handle\(\s*['"`]/).filter((file) => file.startsWith('src/main/'))).toEqual([])
      const preload = readFileSync('src/preload/index.ts', 'utf8')
      expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1)
      expect(preload).toContain("contextBridge.exposeInMainWorld('tonghwa', createBridge(ipcRenderer, process.platform))")
    })
  })

  describe('packaging', () => {
    const builderConfig = readFileSync('electron-builder.yml', 'utf8')

    /** The `key: value` lines directly under a top-level `name:` block of electron-builder.yml. */
    function topLevelMap(name: string): Map<string, string> {
      const lines = builderConfig.split('\n')
      const start = lines.indexOf(`${name}:`)
      if (start === -1) throw new Error(`no top-level ${name}: block`)
      const entries = new Map<string, string>()
      for (const line of lines.slice(start + 1)) {
        if (line.trim() === '' || line.trimStart().startsWith('#')) continue
        if (!line.startsWith('  ')) break
        const match = /^ {2}([A-Za-z0-9]+): (\S+)$/.exec(line)
        if (!match) throw new Error(`unexpected line in ${name}: ${JSON.stringify(line)}`)
        if (entries.has(match[1]!)) throw new Error(`${match[1]} appears twice in ${name}`)
        entries.set(match[1]!, match[2]!)
      }
      return entries
    }

    const fuses = topLevelMap('electronFuses')

    it.each([
      ['runAsNode', 'false'],
      ['enableNodeOptionsEnvironmentVariable', 'false'],
      ['enableNodeCliInspectArguments', 'false'],
      ['enableCookieEncryption', 'true'],
      ['enableEmbeddedAsarIntegrityValidation', 'true'],
      ['onlyLoadAppFromAsar', 'true'],
      ['grantFileProtocolExtraPrivileges', 'false'],
      ['loadBrowserProcessSpecificV8Snapshot', 'false'],
    ])('sets the fuse %s to %s', (fuse, value) => {
      expect(fuses.get(fuse)).toBe(value)
    })

    it('decides every fuse electron-builder knows, and names none it does not', () => {
      const schema = JSON.parse(readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8')) as { definitions: { FuseOptionsV1: { properties: Record<string, unknown> } } }
      // Not a fuse: a macOS signing step, unneeded because electron-builder signs after flipping the fuses.
      const known = Object.keys(schema.definitions.FuseOptionsV1.properties).filter((name) => name !== 'resetAdHocDarwinSignature')
      expect([...fuses.keys()].sort()).toEqual(known.sort())
    })

    it('packs the app into an asar archive, which the asar fuses rely on', () => {
      expect(builderConfig).toMatch(/^asar: true$/m)
      expect(builderConfig).not.toMatch(/^disableAsarIntegrity:/m)
    })

    it('ships only the reviewed production dependencies, none at a version with a known advisory', () => {
      const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version?: string; dev?: boolean; optional?: boolean }> }
      const production = Object.entries(lock.packages)
        .filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev && !entry.optional)
        .map(([path, entry]) => `${path.slice('node_modules/'.length)}@${entry.version}`)
        .sort()
      // docs/security-electron.md ("Dependencies") reviews each of these; a new one needs a review there first.
      expect(production.map((entry) => entry.slice(0, entry.lastIndexOf('@')))).toEqual(
        [
          '@ioredis/commands', '@leichtgewicht/ip-codec', '@opentelemetry/api', 'bintrees', 'cluster-key-slot', 'debug', 'denque', 'dns-packet', 'ioredis', 'ms',
          'multicast-dns', 'prom-client', 'redis-errors', 'redis-parser', 'standard-as-callback', 'tdigest', 'thunky', 'ws',
        ].sort(),
      )
      const version = (name: string) => lock.packages[`node_modules/${name}`]!.version!.split('.').map(Number)
      const atLeast = (name: string, floor: number[]) => {
        const [major, minor, patch] = version(name)
        return major! > floor[0]! || (major === floor[0] && (minor! > floor[1]! || (minor === floor[1] && patch! >= floor[2]!)))
      }
      // CVE-2024-37890: a request with too many headers crashes a ws server; fixed in 8.17.1.
      expect(atLeast('ws', [8, 17, 1])).toBe(true)
      // debug 4.4.2 was the malicious release of the September 2025 npm account takeover.
      expect(lock.packages['node_modules/debug']!.version).not.toBe('4.4.2')
      // CVE-2017-20162 (ReDoS in ms), fixed in 2.0.0.
      expect(atLeast('ms', [2, 0, 0])).toBe(true)
      // CVE-2021-23386 (dns-packet reads past its buffer on crafted input), fixed in 5.2.2; it parses the network's mDNS.
      expect(atLeast('dns-packet', [5, 2, 2])).toBe(true)
    })

    it('runs a current Electron: the declared, locked and installed versions agree, on a supported major', () => {
      const declared = (JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.electron
      const locked = (JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version: string }> }).packages['node_modules/electron']?.version
      const installed = (JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')) as { version: string }).version
      expect(declared).toBe(`^${installed}`)
      expect(locked).toBe(installed)
      // 45 was the newest major line when this was written (the registry's `latest` was 45.4.1); Electron
      // supports the newest three, so raising this floor is part of every Electron upgrade.
      expect(Number(installed.split('.')[0])).toBeGreaterThanOrEqual(45)
    })
  })
})
