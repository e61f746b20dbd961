import { resolve, join } from 'node:path'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { build } from 'vite'
import type { BrowserContext, Page } from '@playwright/test'
import type { MenuItemConstructorOptions } from 'electron'
import { createSenderCheck } from '../../../src/main/app-origin'
import { openAppPhone } from '../../../src/main/app-phone'
import type { AlertRecord, AttentionHost } from '../../../src/main/attention'
import { installDeepLinks, type DeepLinkAppLike } from '../../../src/main/deep-link-wiring'
import { DevicesMenuController } from '../../../src/main/devices-menu-controller'
import { deviceMenuItemId } from '../../../src/main/devices-menu-template'
import type { EmitBridgeEvent } from '../../../src/main/ipc-handlers'
import type { SystemPreferencesLike } from '../../../src/main/media-access'
import { createMediaAccessService } from '../../../src/main/media-commands'
import { ScreenShareService, type CapturedSourceLike } from '../../../src/main/screen-share'
import { SettingsStore } from '../../../src/main/settings-store'
import { createSignalingClient } from '../../../src/main/signaling-connection'
import { singleServerRouter } from '../../../src/main/reach/route'
import { WindowSignaling } from '../../../src/main/reach/window-signaling'
import { ServerChoiceService } from '../../../src/main/server-choice/server-choice-service'
import { testServer } from '../../../src/main/server-choice/server-test'
import { connectWindowIpc } from '../../../src/main/window-ipc'
import type { DeviceKind, DeviceReport } from '../../../src/shared/devices'
import type { AppNotice, PhoneIdentity } from '../../../src/shared/phone'

type InvokeHandler = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown

let bundledRenderer: Promise<string> | undefined

/** The page-side half (playwright-ipc-renderer.ts and the real preload bridge), bundled once per worker. */
export function bundledIpcRenderer(): Promise<string> {
  bundledRenderer ??= (async () => {
    const outDir = resolve('test-results/.ipc-harness')
    await build({
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir,
        emptyOutDir: true,
        minify: false,
        lib: { entry: resolve('test/e2e/support/playwright-ipc-renderer.ts'), formats: ['iife'], name: 'TonghwaIpcHarness', fileName: () => 'ipc-renderer.js' },
      },
    })
    return readFile(resolve(outDir, 'ipc-renderer.js'), 'utf8')
  })()
  return bundledRenderer
}

export interface MainProcessHarnessOptions {
  /**
   * The settings directory (`userData`). Default: a fresh temp directory, removed by `dispose()`. Pass one to
   * start a second harness on the settings the first one saved (it is then left in place).
   */
  userDataDir?: string
  /** The platform main believes it runs on, for media access and privacy settings. Default `'linux'`. */
  platform?: NodeJS.Platform
  /** Default: everything `'granted'`, never asks. */
  systemPreferences?: SystemPreferencesLike
  /**
   * How long a call this app places rings before "no answer", in ms. Clamped to `RING_TIMEOUT` like the
   * setting (at least 2 000). Default: the app's default, 30 000.
   */
  ringTimeoutMs?: number
  /** Whether the window counts as focused for the attention logic (notification or not). Default true. */
  focused?: boolean
  /**
   * What `desktopCapturer` would list for the app's screen picker. Default: nothing. The capture itself is
   * Chromium's fake screen (there is no display-media handler outside Electron).
   */
  screenSources?: CapturedSourceLike[]
  /**
   * The window's signaling link is a `WindowSignaling` over one server (reach/), as the app's windows are once they
   * are routed, so a join may name another server (a `tonghwa://join/…?server=` link). Default false: a plain
   * `SignalingClient`, which refuses such a join.
   */
  routed?: boolean
  /**
   * Settings → Server, with main's real `ServerChoiceService` on the harness's settings file and the real **Test**;
   * `env` plays `process.env` (e.g. `TONGHWA_SERVER_URL`, which locks the choice). Default: no server setting.
   */
  serverSettings?: { env?: Record<string, string> }
}

export interface MainProcessHarness {
  /** Channels the handlers registered, as main's `ipcMain` would hold them. */
  readonly channels: string[]
  /** `<userData>/settings.json`, written by the real settings store. */
  readonly settingsFile: string
  /** The Devices menu template main built from the page's latest device report; null before the first report. */
  devicesMenu(): MenuItemConstructorOptions | null
  /**
   * Clicks a device in the Devices menu: runs that item's real `click`, which sends `devices:chosen-from-menu`
   * to the page through the same emit path as every other event. Throws if the menu has no such enabled item.
   */
  chooseFromMenu(kind: DeviceKind, deviceId: string): void
  /** Every device report the page sent, oldest first. */
  reports(): DeviceReport[]
  /** URLs main handed to `shell.openExternal` (privacy settings panes). */
  openedUrls(): string[]
  /** `<userData>/contacts.json` and `<userData>/recents.json`, written by the real stores. */
  readonly contactsFile: string
  readonly recentsFile: string
  /** This app's personal code and presence, as main's phone has them. */
  identity(): PhoneIdentity
  /**
   * Opens a link as the OS would hand it to the app (macOS `open-url`): the real intake, parse and forward
   * path, so the page gets `app:open-link` (or, for a link it cannot use, an `app:notice`), or finds it in
   * `takePending()` if it has not asked yet.
   */
  openLink(url: string): void
  /** Every `app:notice` main raised (damaged files, bad links, a replaced registration), oldest first. */
  notices(): AppNotice[]
  /** What the attention logic decided for each incoming call: `none`, `notify` or `open-window`, and the title. */
  alerts(): AlertRecord[]
  /** What it asked the OS for, in order: `notify <title>`, `close <title>`, `attention`, `attention-stop`, `open-window`, `show-window`. */
  attentionLog(): string[]
  /** Puts the window in front (true) or behind another app (false); focusing also counts as `focus` in main. */
  setFocused(focused: boolean): void
  dispose(): Promise<void>
}

const grantedEverywhere: SystemPreferencesLike = {
  getMediaAccessStatus: () => 'granted',
  askForMediaAccess: async () => true,
}

/** The one window this harness plays, as `BrowserWindow#id` would number it. */
const WINDOW_ID = 1

/**
 * Runs the real main-process side for one page, in this Node process, through the same `connectWindowIpc` the
 * app's windows use: a `SignalingClient` over `ws`, the settings store on a real file, the Devices menu built
 * from the page's reports, the media-access logic with a stand-in `systemPreferences`, and the app-level
 * phone from `openAppPhone` (its own presence connection, the `PhoneLine`, contacts and recents files in the
 * harness's userData, the deep-link intake; only the OS side of attention is a recorder). One harness is one
 * installation of the app with one window. Bound into the page with Playwright bindings where the app uses
 * Electron's IPC. Events go to the page in order, as `webContents.send` delivers them.
 */
export async function attachMainProcess(
  context: BrowserContext,
  page: Page,
  signalingUrl: string,
  appOrigin: string,
  options: MainProcessHarnessOptions = {},
): Promise<MainProcessHarness> {
  const ownsUserData = options.userDataDir === undefined
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'tonghwa-harness-')))
  const settings = await SettingsStore.open({ userDataDir })
  const handlers = new Map<string, InvokeHandler>()
  const client = options.routed
    ? new WindowSignaling({ router: singleServerRouter({ url: signalingUrl, connection: {}, host: { kind: 'server' } }), createClient: (route) => createSignalingClient(route.url, route.connection) })
    : createSignalingClient(signalingUrl)
  const serverChoice = options.serverSettings ? new ServerChoiceService({ argv: [], env: options.serverSettings.env ?? {}, settings, packaged: { kind: 'none' }, log: () => {} }) : null
  const reports: DeviceReport[] = []
  const openedUrls: string[] = []
  let menu: MenuItemConstructorOptions | null = null
  const devicesMenu = new DevicesMenuController({ onChange: (template) => void (menu = template), locale: settings.locale() })
  // As app-services.ts does: the menu follows the language chosen in the window.
  settings.onLanguageChange((locale) => devicesMenu.setLocale(locale))

  // The app-level phone, assembled as the app does it; only the OS side of attention is a recorder.
  const windowState = { count: 1, focused: options.focused ?? true }
  const attentionLog: string[] = []
  const attentionHost: AttentionHost = {
    windows: () => ({ ...windowState }),
    openWindow: () => void attentionLog.push('open-window'),
    showWindow: () => void attentionLog.push('show-window'),
    showNotification({ title }) {
      attentionLog.push(`notify ${title}`)
      return { close: () => void attentionLog.push(`close ${title}`) }
    },
    requestAttention() {
      attentionLog.push('attention')
      return { stop: () => void attentionLog.push('attention-stop') }
    },
  }
  const phone = await openAppPhone({
    signalingUrl,
    userDataDir,
    settings,
    env: {},
    attentionHost,
    ...(options.ringTimeoutMs !== undefined ? { ringTimeoutMs: options.ringTimeoutMs } : {}),
  })
  // The OS side of links: the real intake (as for macOS `open-url`), delivering to the phone as index.ts does.
  const osApp = fakeOsApp()
  installDeepLinks({ app: osApp, argv: [], defaultApp: false, execPath: 'tonghwa', onSecondInstance: () => {}, log: () => {} }).deliverTo((url) => {
    phone.openUrl(url)
    attentionHost.showWindow()
  })

  let delivery: Promise<unknown> = Promise.resolve()
  const emit: EmitBridgeEvent = (channel, payload) => {
    delivery = delivery
      .then(() => page.evaluate(([c, p]) => (window as unknown as { __tonghwaIpcDispatch(c: string, p: unknown): void }).__tonghwaIpcDispatch(c, p), [channel, payload] as const))
      .catch(() => undefined) // the page may be gone at teardown
  }
  const dispose = connectWindowIpc({
    ipc: {
      handle: (channel, handler) => void handlers.set(channel, handler as InvokeHandler),
      removeHandler: (channel) => void handlers.delete(channel),
    },
    isTrustedSender: createSenderCheck([appOrigin]),
    emit,
    client,
    windowId: WINDOW_ID,
    settings,
    devicesMenu,
    media: createMediaAccessService({
      platform: options.platform ?? 'linux',
      systemPreferences: options.systemPreferences ?? grantedEverywhere,
      openExternal: async (url) => void openedUrls.push(url),
    }),
    phone,
    screen: new ScreenShareService({ listSources: async () => options.screenSources ?? [] }),
    ...(serverChoice ? { server: { choice: serverChoice, test: (address: string) => testServer(address) } } : {}),
  })

  await context.exposeBinding('__tonghwaIpcInvoke', async (source, channel: string, args: unknown[]) => {
    const handler = handlers.get(channel)
    if (!handler) throw new Error(`No handler for ${channel}`)
    const result = await handler({ senderFrame: { url: source.frame.url() } }, ...args)
    // Only reports that passed both gates, as main's menu saw them.
    if (channel === 'devices:report') reports.push(structuredClone(args[0]) as DeviceReport)
    return result
  })
  // What the preload reads from `process.platform`; playwright-ipc-renderer.ts hands it to `createBridge`.
  await context.addInitScript({ content: `window.__tonghwaHostPlatform = ${JSON.stringify(options.platform ?? 'linux')}` })
  await context.addInitScript({ content: await bundledIpcRenderer() })
  // A `WindowSignaling` connects as it is made.
  if (!(client instanceof WindowSignaling)) client.connect()

  let disposed = false
  return {
    channels: [...handlers.keys()],
    settingsFile: settings.path,
    contactsFile: phone.contactsPath,
    recentsFile: phone.recentsPath,
    devicesMenu: () => (reports.length > 0 ? menu : null),
    chooseFromMenu(kind, deviceId) {
      const item = findMenuItem(menu, deviceMenuItemId(kind, deviceId))
      if (!item || item.enabled === false || typeof item.click !== 'function') {
        throw new Error(`the Devices menu has no enabled ${kind} item for ${deviceId}`)
      }
      ;(item.click as () => void)()
    },
    reports: () => [...reports],
    openedUrls: () => [...openedUrls],
    identity: () => phone.line.identity,
    openLink: (url) => osApp.openUrl(url),
    notices: () => phone.inbox.raised(),
    alerts: () => phone.attention.records(),
    attentionLog: () => [...attentionLog],
    setFocused(focused) {
      windowState.focused = focused
      if (focused) phone.windowFocused(WINDOW_ID)
    },
    async dispose() {
      if (disposed) return
      disposed = true
      dispose()
      client.close()
      windowState.count = 0
      await phone.close()
      await delivery
      await settings.flush()
      if (ownsUserData) await rm(userDataDir, { recursive: true, force: true })
    },
  }
}

/** Electron's `app` as the deep-link intake uses it, with `openUrl` playing the OS (macOS `open-url`). */
function fakeOsApp(): DeepLinkAppLike & { openUrl(url: string): void } {
  let onOpenUrl: ((event: { preventDefault(): void }, url: string) => void) | null = null
  return {
    requestSingleInstanceLock: () => true,
    setAsDefaultProtocolClient: () => true,
    on(event: 'second-instance' | 'open-url', listener: never) {
      if (event === 'open-url') onOpenUrl = listener
      return this
    },
    openUrl(url) {
      onOpenUrl?.({ preventDefault() {} }, url)
    },
  }
}

function findMenuItem(menu: MenuItemConstructorOptions | null, id: string): MenuItemConstructorOptions | undefined {
  const items = Array.isArray(menu?.submenu) ? (menu.submenu as MenuItemConstructorOptions[]) : []
  for (const item of items) {
    if (item.id === id) return item
    const found = findMenuItem(item, id)
    if (found) return found
  }
  return undefined
}
