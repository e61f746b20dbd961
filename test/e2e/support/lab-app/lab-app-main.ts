/**
 * One "computer" of the network lab running Tonghwa's main side: the real `startAppCore` (its own server, the
 * local network over real multicast DNS, the phone, the settings files) and one window's real IPC handlers
 * (`connectWindowIpc`), with the IPC transport swapped for JSON lines on a Unix socket that the test process
 * bridges to the page. Bundled by lab-app.ts and run inside the computer's namespace:
 *
 *   node lab-app-main.mjs '{"socketPath": …, "userDataDir": …, "rendererDir": …}'
 *
 * Lines in: `{ id, invoke, args, url }` (a page's command, `url` its frame for the sender check) or
 * `{ id, control, value }` (the test's own questions). Lines out: `{ id, result }` / `{ id, error }`, and
 * `{ event, payload }` for what main sends the page.
 */
import { createServer, type Socket } from 'node:net'
import { createSenderCheck } from '../../../../src/main/app-origin'
import { startAppCore } from '../../../../src/main/app-core'
import type { AttentionHost } from '../../../../src/main/attention'
import { DevicesMenuController } from '../../../../src/main/devices-menu-controller'
import type { EmitBridgeEvent } from '../../../../src/main/ipc-handlers'
import { createMediaAccessService } from '../../../../src/main/media-commands'
import { ScreenShareService } from '../../../../src/main/screen-share'
import { testServer } from '../../../../src/main/server-choice/server-test'
import { connectWindowIpc } from '../../../../src/main/window-ipc'

interface Options {
  socketPath: string
  userDataDir: string
  rendererDir: string
  env?: Record<string, string>
  ringTimeoutMs?: number
}

type Handler = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown

const options = JSON.parse(process.argv[2] ?? '{}') as Options
const attentionLog: string[] = []
const attentionHost: AttentionHost = {
  windows: () => ({ count: 1, focused: true }),
  openWindow: () => void attentionLog.push('open-window'),
  showWindow: () => void attentionLog.push('show-window'),
  showNotification: ({ title }) => {
    attentionLog.push(`notify ${title}`)
    return { close: () => void attentionLog.push(`close ${title}`) }
  },
  requestAttention: () => ({ stop: () => {} }),
}

const core = await startAppCore({
  userDataDir: options.userDataDir,
  rendererDir: options.rendererDir,
  argv: [],
  env: options.env ?? {},
  resourcesDir: null,
  attentionHost,
  ...(options.ringTimeoutMs !== undefined ? { ringTimeoutMs: options.ringTimeoutMs } : {}),
  log: (message) => process.stderr.write(`${message}\n`),
})
const embedded = core.reach.embedded
if (!embedded) throw new Error('lab app: automatic mode expected, with the own server running')
const appOrigin = new URL(embedded.httpUrl).origin

let peer: Socket | null = null
const send = (line: unknown) => peer?.write(`${JSON.stringify(line)}\n`)
const handlers = new Map<string, Handler>()
const emit: EmitBridgeEvent = (channel, payload) => send({ event: channel, payload })
const devicesMenu = new DevicesMenuController({ onChange: () => {}, locale: core.settings.locale() })
const link = core.openWindowSignaling()
const disposeIpc = connectWindowIpc({
  ipc: { handle: (channel, handler) => void handlers.set(channel, handler as Handler), removeHandler: (channel) => void handlers.delete(channel) },
  isTrustedSender: createSenderCheck([appOrigin]),
  emit,
  client: link,
  windowId: 1,
  settings: core.settings,
  devicesMenu,
  media: createMediaAccessService({ platform: 'linux', systemPreferences: { getMediaAccessStatus: () => 'granted', askForMediaAccess: async () => true }, openExternal: async () => {} }),
  phone: core.phone,
  screen: new ScreenShareService({ listSources: async () => [] }),
  server: { choice: core.serverChoice, test: (address) => testServer(address) },
  network: { status: () => core.reachStatus(), setReachable: (reachable) => core.setLanReachable(reachable), onChange: (listener) => core.onReachChange(listener) },
})

async function control(name: string, value: unknown): Promise<unknown> {
  switch (name) {
    case 'identity':
      return core.phone.line.identity
    case 'status':
      return core.reachStatus()
    case 'route':
      return link.route
    case 'set-reachable':
      await core.setLanReachable(Boolean(value))
      return core.reachStatus()
    case 'attention':
      return [...attentionLog]
    case 'quit':
      disposeIpc()
      await core.close()
      setTimeout(() => process.exit(0), 50)
      return 'bye'
    default:
      throw new Error(`unknown control ${name}`)
  }
}

const server = createServer((socket) => {
  peer = socket
  let buffer = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => {
    buffer += chunk
    for (let index = buffer.indexOf('\n'); index >= 0; index = buffer.indexOf('\n')) {
      const line = buffer.slice(0, index)
      buffer = buffer.slice(index + 1)
      void answer(JSON.parse(line) as { id: number; invoke?: string; args?: unknown[]; url?: string; control?: string; value?: unknown })
    }
  })
})

async function answer(request: { id: number; invoke?: string; args?: unknown[]; url?: string; control?: string; value?: unknown }): Promise<void> {
  try {
    let result: unknown
    if (request.control !== undefined) result = await control(request.control, request.value)
    else {
      const handler = handlers.get(request.invoke ?? '')
      if (!handler) throw new Error(`No handler for ${request.invoke}`)
      result = await handler({ senderFrame: { url: request.url ?? '' } }, ...(request.args ?? []))
    }
    send({ id: request.id, result: result ?? null })
  } catch (error) {
    const coded = error as { name?: string; message?: string; code?: string }
    send({ id: request.id, error: { name: coded.name ?? 'Error', message: coded.message ?? String(error), ...(coded.code ? { code: coded.code } : {}) } })
  }
}

server.listen(options.socketPath, () => {
  process.stdout.write(`${JSON.stringify({ ready: true, httpUrl: embedded.httpUrl, identity: core.phone.line.identity })}\n`)
})
process.on('SIGTERM', () => void core.close().finally(() => process.exit(0)))
