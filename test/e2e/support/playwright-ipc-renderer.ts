/**
 * Bundled into test pages in place of Electron's preload: the real `createBridge` from src/preload, given an
 * `ipcRenderer` whose transport is a pair of Playwright bindings instead of Electron's IPC. Everything the
 * preload does (one method a message, channel names from the contract, payloads without the event object)
 * runs as in the app.
 */
import { createBridge } from '../../../src/preload/bridge'

type Handler = (event: unknown, payload: unknown) => void

interface HarnessWindow {
  /** Exposed by the test with `page.exposeBinding`: runs the main-side handler in the Node test process. */
  __tonghwaIpcInvoke(channel: string, args: unknown[]): Promise<unknown>
  /** Called by the test to deliver what main sends with `webContents.send`. */
  __tonghwaIpcDispatch?: (channel: string, payload: unknown) => void
  tonghwa?: unknown
  /** Set by the harness from its `platform` option: the OS the preload would read from `process.platform`. */
  __tonghwaHostPlatform?: NodeJS.Platform
}

const harness = window as unknown as HarnessWindow
const handlers = new Map<string, Set<Handler>>()

harness.__tonghwaIpcDispatch = (channel, payload) => {
  // Electron passes an IpcRendererEvent first; the bridge must never hand it to the page.
  for (const handler of handlers.get(channel) ?? []) handler({ sender: 'main' }, payload)
}

harness.tonghwa = Object.freeze(
  createBridge({
    invoke: (channel, ...args) => harness.__tonghwaIpcInvoke(channel, args),
    on(channel, handler) {
      let set = handlers.get(channel)
      if (!set) handlers.set(channel, (set = new Set()))
      set.add(handler as Handler)
    },
    removeListener(channel, handler) {
      handlers.get(channel)?.delete(handler as Handler)
    },
  }, harness.__tonghwaHostPlatform ?? 'linux'),
)
