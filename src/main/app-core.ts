/**
 * The app's main side without Electron: the settings, which server (server-choice/), how the app reaches and is
 * reached (reach/app-reach.ts: its own server, the local network), the phone, and a signaling link for each
 * window that follows every change. `app-services.ts` adds Electron's pieces (menus, notifications, OS media
 * access, screen capture); the network lab's tests run exactly this in each "computer".
 */
import { networkInterfaces } from 'node:os'
import makeMdns from 'multicast-dns'
import type { ServerChoice } from '../shared/server-choice'
import { openAppPhone, type AppPhone } from './app-phone'
import type { AttentionHost } from './attention'
import type { MdnsSocket } from './lan/lan-discovery'
import { AppReach, type AppReachOptions, type ReachStatus } from './reach/app-reach'
import { WindowSignaling } from './reach/window-signaling'
import { openServerChoice, type ServerChoiceService } from './server-choice/server-choice-service'
import { SettingsStore } from './settings-store'
import { createSignalingClient } from './signaling-connection'

export interface AppCoreOptions {
  userDataDir: string
  /** The built renderer, which the app's own server also serves to a browser on this computer. */
  rendererDir: string
  argv: readonly string[]
  env: Readonly<Record<string, string | undefined>>
  /** `process.resourcesPath` in a packaged app; null in development. */
  resourcesDir: string | null
  systemLanguages?: () => readonly string[]
  attentionHost: AttentionHost
  /** How the app finds the local network. Default: multicast DNS on every interface. null: never. */
  lan?: AppReachOptions['lan']
  ringTimeoutMs?: number
  log?: (message: string) => void
}

export interface AppCore {
  readonly settings: SettingsStore
  readonly serverChoice: ServerChoiceService
  readonly reach: AppReach
  readonly phone: AppPhone
  /** A new window's signaling link; closed with `link.close()` when the window goes. */
  openWindowSignaling(): WindowSignaling
  /** "Let people on this network reach me": saved, and in effect at once. */
  setLanReachable(reachable: boolean): Promise<void>
  /** Where the app can be reached now, for the home screen. */
  reachStatus(): ReachStatus & { lanReachable: boolean }
  /** Called after every change of `reachStatus()`. */
  onReachChange(listener: () => void): () => void
  /** Hangs up, unregisters, stops the own server and finishes writing; never rejects. */
  close(): Promise<void>
}

/** The multicast socket for DNS-SD: port 5353 on every interface, IPv4. */
export function defaultLan(): NonNullable<AppReachOptions['lan']> {
  return { createSocket: () => makeMdns() as unknown as MdnsSocket, interfaces: () => networkInterfaces() }
}

export async function startAppCore(options: AppCoreOptions): Promise<AppCore> {
  const log = options.log ?? console.warn
  const settings = await SettingsStore.open({ userDataDir: options.userDataDir, ...(options.systemLanguages ? { systemLanguages: options.systemLanguages } : {}) })
  // Which server (server-choice/): --server-url > TONGHWA_SERVER_URL > Settings → Server > packaged default > automatic.
  const serverChoice = await openServerChoice({ argv: options.argv, env: options.env, settings, resourcesDir: options.resourcesDir, log })
  const reach = await AppReach.start({
    userDataDir: options.userDataDir,
    staticDir: options.rendererDir,
    choice: serverChoice.choice,
    lanReachable: settings.lanReachable(),
    lan: options.lan === undefined ? defaultLan() : options.lan,
    log,
  })
  const home = reach.homeRoute()
  const phone = await openAppPhone({
    signalingUrl: home.url,
    connection: home.connection,
    routeCall: reach.routeCall,
    userDataDir: options.userDataDir,
    settings,
    env: options.env,
    attentionHost: options.attentionHost,
    ...(options.ringTimeoutMs !== undefined ? { ringTimeoutMs: options.ringTimeoutMs } : {}),
    log,
  })
  const windows = new Set<WindowSignaling>()
  const reachListeners = new Set<() => void>()
  reach.onChange(() => reachListeners.forEach((listener) => listener()))

  // One change at a time, in order: the person may switch back before the first switch finished.
  let following: Promise<void> = Promise.resolve()
  const follow = (choice: ServerChoice): Promise<void> => {
    following = following.then(async () => {
      await reach.setChoice(choice)
      const route = reach.homeRoute()
      await phone.rehome(route.url, route.connection).catch((error: unknown) => log(`[server] the phone could not move: ${error instanceof Error ? error.message : String(error)}`))
      // Windows in a call stay where the call is; the others wait at the new place (window-signaling.ts).
      for (const window of windows) window.rehome()
    })
    return following
  }
  serverChoice.onServerChoiceChange((choice) => follow(choice))

  return {
    settings,
    serverChoice,
    reach,
    phone,
    openWindowSignaling() {
      const link = new WindowSignaling({ router: reach.router, createClient: (route) => createSignalingClient(route.url, route.connection), log })
      windows.add(link)
      const close = link.close.bind(link)
      link.close = () => {
        windows.delete(link)
        close()
      }
      return link
    },
    async setLanReachable(reachable) {
      await settings.saveLanReachable(reachable)
      await reach.setLanReachable(reachable)
    },
    reachStatus: () => ({ ...reach.status(), lanReachable: settings.lanReachable() }),
    onReachChange(listener) {
      reachListeners.add(listener)
      return () => reachListeners.delete(listener)
    },
    async close() {
      await following.catch(() => undefined)
      for (const window of [...windows]) window.close()
      const results = await Promise.allSettled([phone.close(), settings.flush()])
      for (const result of results) if (result.status === 'rejected') log(`[main] did not close cleanly: ${String(result.reason)}`)
      await reach.close().catch((error: unknown) => log(`[main] the own server did not stop cleanly: ${String(error)}`))
    },
  }
}
