import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Duplex } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { openAppPhone, type AppPhone } from '../../../src/main/app-phone'
import { startEmbeddedServer, type EmbeddedServer } from '../../../src/main/embedded-server'
import { ServerTrustErrorCode } from '../../../src/main/server-trust/instance-check'
import { SettingsStore } from '../../../src/main/settings-store'
import { silentLogger, startSignalingServer } from '../../../src/server'
import { INSTANCE_CHALLENGE_HEADER, INSTANCE_PROOF_HEADER } from '../../../src/server/instance-proof'
import { delay, nextEvent } from './client-events'
import { recordingAttentionHost } from './recording-attention'

const embedded: EmbeddedServer[] = []
/** Everything else a test started, as a function that stops it; run last to first. */
const cleanups: Array<() => Promise<void>> = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  await Promise.all(embedded.splice(0).map((server) => server.close()))
})

function closeServer(server: Server | TcpServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()))
}

/** A user-data folder of its own: one per "user" of this machine. */
async function userData(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tonghwa-embedded-'))
  cleanups.unshift(() => rm(dir, { recursive: true, force: true }))
  return dir
}

async function start(preferredPort: number, options: { userDataDir?: string; staticDir?: string; probeTimeoutMs?: number } = {}): Promise<EmbeddedServer> {
  const server = await startEmbeddedServer({ preferredPort, logger: silentLogger, userDataDir: options.userDataDir ?? (await userData()), ...options })
  embedded.push(server)
  return server
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const probe = createTcpServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

/** Something that is not Tonghwa, holding a port: an HTTP server with another idea of /healthz. */
async function occupyWithHttp(body: string): Promise<number> {
  const server = createServer((_request, response) => response.end(body))
  cleanups.push(() => {
    server.closeAllConnections()
    return closeServer(server)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

interface Impostor {
  port: number
  /** WebSocket upgrades it answered with 101. */
  upgrades: number
  /** Every text frame a client sent it. */
  frames: string[]
}

/**
 * Another local process posing as Tonghwa on 127.0.0.1: `/healthz` says `ok` and WebSocket upgrades succeed,
 * and it writes down every frame a client sends (a `register` would hand it the personal secret). With
 * `relayTo`, it also passes the app's challenge on to a genuine server and answers with that server's proof.
 */
async function startImpostor(port = 0, relayTo?: string): Promise<Impostor> {
  const impostor: Impostor = { port: 0, upgrades: 0, frames: [] }
  const http = createServer((_request, response) => response.end('ok'))
  const wss = new WebSocketServer({ noServer: true })
  wss.on('connection', (socket) => socket.on('message', (data) => impostor.frames.push(String(data))))
  const accept = (request: IncomingMessage, socket: Duplex, head: Buffer, proof?: string) => {
    if (proof) wss.once('headers', (headers) => headers.push(`${INSTANCE_PROOF_HEADER}: ${proof}`))
    wss.handleUpgrade(request, socket, head, (client) => {
      impostor.upgrades += 1
      wss.emit('connection', client, request)
    })
  }
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const challenge = request.headers[INSTANCE_CHALLENGE_HEADER]
    if (relayTo === undefined || typeof challenge !== 'string') return accept(request, socket, head)
    const genuine = new WebSocket(relayTo, { headers: { [INSTANCE_CHALLENGE_HEADER]: challenge } })
    genuine.on('upgrade', (response) => accept(request, socket, head, String(response.headers[INSTANCE_PROOF_HEADER] ?? '')))
    genuine.on('open', () => genuine.terminate())
    genuine.on('error', () => socket.destroy())
  })
  cleanups.push(async () => {
    for (const client of wss.clients) client.terminate()
    http.closeAllConnections()
    await closeServer(http)
  })
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve))
  impostor.port = (http.address() as AddressInfo).port
  return impostor
}

/** The app's phone on `server`, exactly as app-services.ts opens it, with short reconnect delays. */
async function openPhone(server: EmbeddedServer, userDataDir: string): Promise<{ phone: AppPhone; secret: string }> {
  const settings = await SettingsStore.open({ userDataDir, log: () => {} })
  const phone = await openAppPhone({
    signalingUrl: server.url,
    userDataDir,
    settings,
    env: {},
    attentionHost: recordingAttentionHost({ count: 0, focused: true }),
    connection: { ...server.connection, backoff: { initialMs: 30, maxMs: 60, factor: 2, jitter: 0 } },
    log: () => {},
  })
  cleanups.push(() => phone.close())
  return { phone, secret: settings.personalSecret()! }
}

describe('startEmbeddedServer', () => {
  it('listens on 127.0.0.1 at the preferred port when it is free', async () => {
    const port = await freePort()
    const server = await start(port)
    expect(server).toMatchObject({ port, reused: false, url: `ws://127.0.0.1:${port}/signal`, httpUrl: `http://127.0.0.1:${port}/` })
    expect((await fetch(new URL('/healthz', server.httpUrl))).status).toBe(200)
  })

  it('reuses an embedded server this user already runs on the preferred port, and the phone registers through it', async () => {
    const userDataDir = await userData()
    const other = await start(0, { userDataDir })
    const server = await start(other.port, { userDataDir })
    expect(server).toEqual({
      url: `ws://127.0.0.1:${other.port}/signal`,
      httpUrl: `http://127.0.0.1:${other.port}/`,
      port: other.port,
      reused: true,
      connection: other.connection,
      close: expect.any(Function),
    })
    const { phone } = await openPhone(server, userDataDir)
    await nextEvent(phone.client, 'registered')
    // Closing the borrowed server is not ours to do.
    await server.close()
    expect((await fetch(new URL('/healthz', other.httpUrl))).status).toBe(200)
  })

  it('does not use an impostor that answers /healthz "ok" on the preferred port, and the phone never tells it the secret', async () => {
    const impostor = await startImpostor()
    const userDataDir = await userData()
    const server = await start(impostor.port, { userDataDir })
    expect(server.reused).toBe(false)
    expect(server.port).not.toBe(impostor.port)
    const { phone, secret } = await openPhone(server, userDataDir)
    await nextEvent(phone.client, 'registered')
    expect(impostor.frames.filter((frame) => frame.includes(secret))).toEqual([])
    expect(impostor.frames).toEqual([])
  })

  it('does not use the embedded server of another user of this machine, nor a standalone server', async () => {
    const someoneElse = await start(0, { userDataDir: await userData() })
    expect(await start(someoneElse.port)).toMatchObject({ reused: false })
    const standalone = await startSignalingServer({ port: 0, logger: silentLogger })
    cleanups.push(() => standalone.close())
    const server = await start(standalone.port)
    expect(server.reused).toBe(false)
    expect(server.port).not.toBe(standalone.port)
  })

  it('does not use an impostor that relays the challenge to a genuine server listening on another port', async () => {
    const userDataDir = await userData()
    const genuine = await start(0, { userDataDir })
    const impostor = await startImpostor(0, genuine.url)
    const server = await start(impostor.port, { userDataDir })
    expect(server.reused).toBe(false)
    expect(server.port).not.toBe(impostor.port)
    // The relay did happen: the impostor answered the probe with the genuine server's proof (for its own port).
    expect(impostor.upgrades).toBeGreaterThan(0)
  })

  it('hands nothing to an impostor that takes the port after the reused server stopped, however often the phone reconnects', async () => {
    const userDataDir = await userData()
    const genuine = await start(0, { userDataDir })
    const server = await start(genuine.port, { userDataDir })
    expect(server.reused).toBe(true)
    const { phone, secret } = await openPhone(server, userDataDir)
    await nextEvent(phone.client, 'registered')
    embedded.splice(embedded.indexOf(genuine), 1)
    await genuine.close()
    const impostor = await startImpostor(genuine.port)
    const refused = nextEvent(phone.client, 'state', (state) => state.status === 'reconnecting' && state.lastError.includes(ServerTrustErrorCode.NotProven))
    await refused
    // A few more tries, each answered by the impostor; none of them gets a frame.
    while (impostor.upgrades < 3) await delay(20)
    expect(impostor.frames.filter((frame) => frame.includes(secret))).toEqual([])
    expect(impostor.frames).toEqual([])
    expect(phone.client.state.status).not.toBe('open')
  })

  it('falls back to a free port when the preferred one is held by something else', async () => {
    const taken = await occupyWithHttp('definitely not tonghwa')
    const server = await start(taken)
    expect(server.reused).toBe(false)
    expect(server.port).not.toBe(taken)
    expect(server.url).toBe(`ws://127.0.0.1:${server.port}/signal`)
  })

  it('falls back to a free port when the holder of the preferred one never answers', async () => {
    // Accepts and says nothing; its sockets are cut at the end so that closing it does not wait on them.
    const held = new Set<Socket>()
    const silent = createTcpServer((socket) => held.add(socket))
    cleanups.push(() => {
      for (const socket of held) socket.destroy()
      return closeServer(silent)
    })
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const taken = (silent.address() as AddressInfo).port
    const server = await start(taken, { probeTimeoutMs: 200 })
    expect(server.reused).toBe(false)
    expect(server.port).not.toBe(taken)
  })

  it('serves the built renderer over HTTP for a browser on this machine', async () => {
    const staticDir = await mkdtemp(join(tmpdir(), 'tonghwa-renderer-'))
    cleanups.unshift(() => rm(staticDir, { recursive: true, force: true }))
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Tonghwa</title>')
    const server = await start(0, { staticDir })
    const response = await fetch(server.httpUrl)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<title>Tonghwa</title>')
  })

  it('frees its port on close()', async () => {
    const server = await start(0)
    embedded.splice(embedded.indexOf(server), 1)
    await server.close()
    await expect(fetch(new URL('/healthz', server.httpUrl))).rejects.toThrow()
  })
})
