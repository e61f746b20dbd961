/**
 * How `tonghwa://` links reach the app, on each OS, and the single-instance lock that makes them reach the
 * instance that is already running:
 * - the app registers itself for the scheme (`setAsDefaultProtocolClient`; in development, `electron .` must
 *   also name the app's path, or the OS would start bare Electron);
 * - Windows and Linux start the app with the link as an argument: at launch it is in `argv`; when the app
 *   already runs, the new process fails to get the lock, quits, and the running one gets `second-instance`
 *   with that process's argv;
 * - macOS sends `open-url`, also at launch, so the listener is attached before `ready`.
 * Links that arrive before the app can handle them (before `ready`) wait, bounded, until `deliverTo`.
 * Electron's `app` is passed in and typed structurally: tested in Node with a fake.
 */
import { resolve } from 'node:path'
import { DEEP_LINK_SCHEME, findDeepLinkArg } from './deep-link'

/** The part of Electron's `app` used here. */
export interface DeepLinkAppLike {
  requestSingleInstanceLock(): boolean
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown
}

export interface DeepLinkWiringOptions {
  app: DeepLinkAppLike
  /** `process.argv` of this process: it may carry the link the app was started with. */
  argv: readonly string[]
  /** `process.defaultApp`: true when run as `electron <path>` (development) rather than as the packaged app. */
  defaultApp: boolean
  /** `process.execPath`. */
  execPath: string
  /** Another start of the app was folded into this one (with or without a link): bring a window forward. */
  onSecondInstance: () => void
  /** Default `console.warn`. */
  log?: (message: string) => void
}

export interface DeepLinkIntake {
  /** False when another instance holds the lock: it has been handed this process's argv; quit now. */
  readonly primary: boolean
  /** Starts handing link URLs (raw, unparsed) to `handler`, the ones that waited first. */
  deliverTo(handler: (url: string) => void): void
}

/** Links kept before `deliverTo`: the OS delivers one per click, so a few is plenty. */
const MAX_EARLY_LINKS = 4

export function installDeepLinks(options: DeepLinkWiringOptions): DeepLinkIntake {
  const { app, log = console.warn } = options
  if (!app.requestSingleInstanceLock()) return { primary: false, deliverTo: () => {} }

  const registered = options.defaultApp
    ? // argv[1] is the app's path in `electron <path>`; without it there is nothing the OS could start.
      options.argv.length >= 2 && app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, options.execPath, [resolve(options.argv[1]!)])
    : app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME)
  if (!registered) log(`[deep-link] could not register as the handler of ${DEEP_LINK_SCHEME}:// links`)

  let handler: ((url: string) => void) | null = null
  let early: string[] = []
  const receive = (url: string) => {
    if (handler) handler(url)
    else early = [...early, url].slice(-MAX_EARLY_LINKS)
  }

  app.on('open-url', (event, url) => {
    event.preventDefault()
    receive(url)
  })
  app.on('second-instance', (_event, argv) => {
    const link = findDeepLinkArg(argv)
    if (link !== null) receive(link)
    options.onSecondInstance()
  })
  const startLink = findDeepLinkArg(options.argv)
  if (startLink !== null) receive(startLink)

  return {
    primary: true,
    deliverTo(next) {
      handler = next
      const waiting = early
      early = []
      for (const url of waiting) next(url)
    },
  }
}
