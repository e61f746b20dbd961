/**
 * Tonghwa installed on a computer of the network lab: the app's real main side (`startAppCore`, in a Node process
 * of its own inside the computer's namespace, lab-app-main.ts) and its window (the built renderer in a Chromium
 * inside the same namespace, with the real preload bridge), joined by a Unix socket in place of Electron's IPC.
 *
 *   const alice = await startLabApp(lab, lab.computer('alice'))
 *   await alice.page.getByTestId('new-room').click()
 *   alice.identity()            // { code, status } as main's phone has it
 *   await alice.control('set-reachable', false)
 *   await alice.quit()          // as the person quitting the app (goodbye on the network)
 *
 * Each app has fresh settings (its own user-data folder in the lab's directory) and no environment variable.
 */
import { mkdirSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { join, resolve } from 'node:path'
import { build } from 'vite'
import type { Browser, Page } from '@playwright/test'
import type { Lab, LabComputer } from '../../../support/netlab'
import type { RunningProcess } from '../../../support/child-process'
import { chromiumLaunchOptions } from '../chromium'
import { bundledIpcRenderer } from '../main-process-harness'
import { recordPeerConnections } from '../record-peer-connections'
import type { PhoneIdentity } from '../../../../src/shared/phone'
import type { NetworkStatus } from '../../../../src/shared/ipc-contract'

let bundled: Promise<string> | undefined

/** lab-app-main.ts as one ES module next to the repository's node_modules, built once per worker. */
function bundledMain(): Promise<string> {
  bundled ??= (async () => {
    const outDir = resolve('test-results/.lab-app')
    await build({
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir,
        emptyOutDir: true,
        minify: false,
        ssr: resolve('test/e2e/support/lab-app/lab-app-main.ts'),
        target: 'node20',
        rollupOptions: { output: { format: 'es', entryFileNames: 'lab-app-main.mjs' } },
      },
    })
    return join(outDir, 'lab-app-main.mjs')
  })()
  return bundled
}

export interface LabApp {
  readonly name: string
  readonly page: Page
  /** The app's own server's page, e.g. http://127.0.0.1:47800/ inside the namespace. */
  readonly httpUrl: string
  identity(): Promise<PhoneIdentity>
  status(): Promise<NetworkStatus>
  control<T = unknown>(name: string, value?: unknown): Promise<T>
  /** The person quits the app: it hangs up, says goodbye on the network and exits. */
  quit(): Promise<void>
  /** The app's main side dies at once (a crash, a power cut): nothing is said to anyone. */
  kill(): Promise<void>
}

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

export interface LabAppOptions {
  ringTimeoutMs?: number
  /** Extra environment of the app's main side, e.g. `NODE_EXTRA_CA_CERTS` for a lab server's test CA. */
  env?: Record<string, string>
}

export async function startLabApp(lab: Lab, computer: LabComputer, options: LabAppOptions = {}): Promise<LabApp> {
  const dir = join(lab.directory(), `app-${computer.name}`)
  mkdirSync(dir, { recursive: true })
  const socketPath = join(dir, 'ipc.sock')
  const main = lab.spawnNode(computer, [
    await bundledMain(),
    JSON.stringify({ socketPath, userDataDir: join(dir, 'user-data'), rendererDir: resolve('out/renderer'), ...(options.ringTimeoutMs ? { ringTimeoutMs: options.ringTimeoutMs } : {}) }),
  ], { env: { ...process.env, ...options.env } })
  const ready = await readyLine(main, computer.name)
  const socket = await connectWhenListening(socketPath)
  const pending = new Map<number, Pending>()
  let nextId = 1
  let page: Page | null = null
  let delivery: Promise<unknown> = Promise.resolve()
  let buffer = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => {
    buffer += chunk
    for (let index = buffer.indexOf('\n'); index >= 0; index = buffer.indexOf('\n')) {
      const message = JSON.parse(buffer.slice(0, index)) as { id?: number; result?: unknown; error?: { message: string; code?: string }; event?: string; payload?: unknown }
      buffer = buffer.slice(index + 1)
      if (message.event !== undefined) {
        const target = page
        const { event, payload } = message
        // In order, as webContents.send delivers them; the page may be gone at teardown.
        if (target) delivery = delivery.then(() => target.evaluate(([c, p]) => (window as unknown as { __tonghwaIpcDispatch(c: string, p: unknown): void }).__tonghwaIpcDispatch(c, p), [event, payload] as const)).catch(() => undefined)
        continue
      }
      const waiter = pending.get(message.id ?? -1)
      if (!waiter) continue
      pending.delete(message.id!)
      if (message.error) waiter.reject(new Error(message.error.message))
      else waiter.resolve(message.result)
    }
  })
  socket.on('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${computer.name}: the app's main side went away`))
    pending.clear()
  })
  const request = (line: Record<string, unknown>): Promise<unknown> =>
    new Promise((resolvePromise, reject) => {
      const id = nextId++
      pending.set(id, { resolve: resolvePromise, reject })
      socket.write(`${JSON.stringify({ id, ...line })}\n`)
    })

  const launch = chromiumLaunchOptions()
  const browser: Browser = await lab.launchChromium(computer, launch)
  const context = await browser.newContext()
  await context.exposeBinding('__tonghwaIpcInvoke', (source, channel: string, args: unknown[]) => {
    // JSON has no `undefined`: an optional argument left out must stay out, not arrive as null.
    const sent = [...args]
    while (sent.length > 0 && sent.at(-1) === undefined) sent.pop()
    return request({ invoke: channel, args: sent, url: source.frame.url() })
  })
  await context.addInitScript({ content: 'window.__tonghwaHostPlatform = "linux"' })
  await context.addInitScript({ content: await bundledIpcRenderer() })
  await context.addInitScript(recordPeerConnections)
  page = await context.newPage()
  page.on('pageerror', (error) => console.error(`[${computer.name} page error] ${error.message}`))
  await page.goto(ready.httpUrl)

  return {
    name: computer.name,
    page,
    httpUrl: ready.httpUrl,
    identity: () => request({ control: 'identity' }) as Promise<PhoneIdentity>,
    status: () => request({ control: 'status' }) as Promise<NetworkStatus>,
    control: <T>(name: string, value?: unknown) => request({ control: name, value }) as Promise<T>,
    async quit() {
      await request({ control: 'quit' }).catch(() => undefined)
      await main.exited()
      await browser.close().catch(() => undefined)
    },
    async kill() {
      await main.kill()
      socket.destroy()
    },
  }
}

function readyLine(main: RunningProcess, name: string): Promise<{ httpUrl: string }> {
  return new Promise((resolvePromise, reject) => {
    let text = ''
    const timer = setTimeout(() => reject(new Error(`${name}: the app did not start within 20 s:\n${main.output()}`)), 20_000)
    main.child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8')
      const line = text.split('\n').find((entry) => entry.startsWith('{"ready":true'))
      if (!line) return
      clearTimeout(timer)
      resolvePromise(JSON.parse(line) as { httpUrl: string })
    })
    void main.exited().then(() => {
      clearTimeout(timer)
      reject(new Error(`${name}: the app exited before it was ready:\n${main.output()}`))
    })
  })
}

async function connectWhenListening(path: string): Promise<Socket> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const socket = await new Promise<Socket | null>((resolvePromise) => {
      const candidate = connect(path)
      candidate.once('connect', () => resolvePromise(candidate))
      candidate.once('error', () => resolvePromise(null))
    })
    if (socket) return socket
    await new Promise((done) => setTimeout(done, 100))
  }
  throw new Error(`no app listening on ${path}`)
}
