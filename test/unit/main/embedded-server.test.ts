import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { answersHealthCheck, startEmbeddedServer, type EmbeddedServer } from '../../../src/main/embedded-server'
import { silentLogger, startSignalingServer } from '../../../src/server'

const embedded: EmbeddedServer[] = []
/** Everything else a test started, as a function that stops it. */
const cleanups: Array<() => Promise<void>> = []
let staticDir: string | undefined

afterEach(async () => {
  await Promise.all(embedded.splice(0).map((server) => server.close()))
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()))
  if (staticDir) await rm(staticDir, { recursive: true, force: true })
  staticDir = undefined
})

function closeServer(server: Server | TcpServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()))
}

async function start(preferredPort: number, options: { staticDir?: string; probeTimeoutMs?: number } = {}): Promise<EmbeddedServer> {
  const server = await startEmbeddedServer({ preferredPort, logger: silentLogger, ...options })
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

describe('startEmbeddedServer', () => {
  it('listens on 127.0.0.1 at the preferred port when it is free', async () => {
    const port = await freePort()
    const server = await start(port)
    expect(server).toMatchObject({ port, reused: false, url: `ws://127.0.0.1:${port}/signal`, httpUrl: `http://127.0.0.1:${port}/` })
    expect(await answersHealthCheck(server.httpUrl, 1_000)).toBe(true)
  })

  it('uses another Tonghwa already serving on the preferred port instead of starting a second server', async () => {
    const other = await startSignalingServer({ port: 0, logger: silentLogger })
    cleanups.push(() => other.close())
    const server = await start(other.port)
    expect(server).toEqual({
      url: `ws://127.0.0.1:${other.port}/signal`,
      httpUrl: `http://127.0.0.1:${other.port}/`,
      port: other.port,
      reused: true,
      close: expect.any(Function),
    })
    // Closing the borrowed server is not ours to do.
    await server.close()
    expect(await answersHealthCheck(other.httpUrl, 1_000)).toBe(true)
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
    staticDir = await mkdtemp(join(tmpdir(), 'tonghwa-renderer-'))
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
    expect(await answersHealthCheck(server.httpUrl, 500)).toBe(false)
  })
})
