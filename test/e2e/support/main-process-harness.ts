import { resolve } from 'node:path'
import { readFile } from 'node:fs/promises'
import { build } from 'vite'
import type { BrowserContext, Page } from '@playwright/test'
import { createSenderCheck } from '../../../src/main/app-origin'
import { registerSignalingIpc } from '../../../src/main/ipc-handlers'
import { createSignalingClient } from '../../../src/main/signaling-connection'
import type { BridgeEvents } from '../../../src/shared/ipc-contract'

type InvokeHandler = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown

let bundledRenderer: Promise<string> | undefined

/** The page-side half (playwright-ipc-renderer.ts and the real preload bridge), bundled once per worker. */
function bundledIpcRenderer(): Promise<string> {
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

export interface MainProcessHarness {
  /** Channels the handlers registered, as main's `ipcMain` would hold them. */
  readonly channels: string[]
  dispose(): Promise<void>
}

/**
 * Runs the real main-process side for one page, in this Node process: a `SignalingClient` over `ws` and the IPC
 * handlers from src/main, bound into the page with Playwright bindings where the app uses Electron's IPC.
 * Events go to the page in order, as `webContents.send` delivers them.
 */
export async function attachMainProcess(context: BrowserContext, page: Page, signalingUrl: string, appOrigin: string): Promise<MainProcessHarness> {
  const handlers = new Map<string, InvokeHandler>()
  const client = createSignalingClient(signalingUrl)
  let delivery: Promise<unknown> = Promise.resolve()
  const emit = <C extends keyof BridgeEvents>(channel: C, payload: BridgeEvents[C]): void => {
    delivery = delivery
      .then(() => page.evaluate(([c, p]) => (window as unknown as { __tonghwaIpcDispatch(c: string, p: unknown): void }).__tonghwaIpcDispatch(c, p), [channel, payload] as const))
      .catch(() => undefined) // the page may be gone at teardown
  }
  const dispose = registerSignalingIpc({
    ipc: {
      handle: (channel, handler) => void handlers.set(channel, handler as InvokeHandler),
      removeHandler: (channel) => void handlers.delete(channel),
    },
    client,
    emit,
    isTrustedSender: createSenderCheck([appOrigin]),
  })

  await context.exposeBinding('__tonghwaIpcInvoke', async (source, channel: string, args: unknown[]) => {
    const handler = handlers.get(channel)
    if (!handler) throw new Error(`No handler for ${channel}`)
    return handler({ senderFrame: { url: source.frame.url() } }, ...args)
  })
  await context.addInitScript({ content: await bundledIpcRenderer() })
  client.connect()

  return {
    channels: [...handlers.keys()],
    async dispose() {
      dispose()
      client.close()
      await delivery
    },
  }
}
