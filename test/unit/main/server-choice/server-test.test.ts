import { mkdtemp, rm } from 'node:fs/promises'
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import { connect, createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls'
import { WebSocketServer } from 'ws'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { testServer } from '../../../../src/main/server-choice/server-test'
import { startSignalingServer, type RunningSignalingServer } from '../../../../src/server'
import type { SignalingServerOptions } from '../../../../src/server/options'
import { silentLogger } from '../../../../src/server/log'
import { SERVER_VERSION } from '../../../../src/server/server-info'
import { freePort } from '../../../support/free-port'
import { makeTestCertificates, type ServerCertificate, type TestCertificates } from '../../../support/test-certificates'

let certificates: TestCertificates
let certificateDir: string
const cleanups: Array<() => Promise<void>> = []

beforeAll(async () => {
  certificateDir = await mkdtemp(join(tmpdir(), 'tonghwa-server-test-'))
  certificates = await makeTestCertificates(certificateDir)
})
afterAll(async () => {
  await rm(certificateDir, { recursive: true, force: true })
})
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function signalingServer(options: Partial<SignalingServerOptions> = {}): Promise<RunningSignalingServer> {
  const server = await startSignalingServer({ logger: silentLogger, ...options })
  cleanups.push(() => server.close())
  return server
}

function listening<S extends HttpServer | TcpServer | TlsServer>(server: S): Promise<number> {
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  cleanups.push(
    () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  )
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)))
}

/** TLS in front of a plain port, byte for byte, as a TLS-terminating proxy (nginx, Caddy) would put it. */
function tlsFront(certificate: ServerCertificate, backendPort: number): Promise<number> {
  const front = createTlsServer(certificate, (client) => {
    const backend = connect(backendPort, '127.0.0.1')
    client.pipe(backend).pipe(client)
    client.on('error', () => backend.destroy())
    backend.on('error', () => client.destroy())
  })
  return listening(front)
}

/** An HTTP server with a WebSocket on /signal that answers every frame with `reply`; `info` is its /.well-known/tonghwa. */
async function lookAlike(info: object | null, reply: object | null): Promise<number> {
  const http = createHttpServer((request, response) => {
    if (request.url === '/.well-known/tonghwa' && info !== null) {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(info))
    } else response.writeHead(404).end('not found')
  })
  const wss = new WebSocketServer({ server: http, path: '/signal' })
  wss.on('connection', (socket) => socket.on('message', () => reply !== null && socket.send(JSON.stringify(reply))))
  cleanups.push(async () => wss.close())
  return listening(http)
}

describe('Test (Settings → Server) against a real Tonghwa server', () => {
  it('says what works: its version, and that it offers no TURN', async () => {
    const server = await signalingServer()
    expect(await testServer(server.url)).toEqual({ ok: true, url: server.url, version: SERVER_VERSION, protocol: 1, turn: false })
    // Test joined nothing and registered nothing there.
    expect(server.stats()).toMatchObject({ rooms: 0, registered: 0 })
  })

  it('says it offers TURN when the server mints TURN credentials', async () => {
    const server = await signalingServer({ turnUrls: ['turn:turn.example.org:3478'], turnSecret: 'turn-secret' })
    expect(await testServer(server.url)).toMatchObject({ ok: true, turn: true })
  })

  it('passes through TLS with a certificate the client trusts, for the name it is for', async () => {
    const server = await signalingServer({ allowedHosts: ['localhost'] })
    const port = await tlsFront(certificates.good, server.port)
    expect(await testServer(`wss://localhost:${port}/signal`, { ca: certificates.ca })).toMatchObject({ ok: true, version: SERVER_VERSION })
  })
})

describe('Test says exactly what is wrong', () => {
  it('SERVER_TEST_NAME_NOT_FOUND: the name does not resolve', async () => {
    expect(await testServer('wss://tonghwa-test.invalid/signal')).toEqual({
      ok: false,
      problem: { code: 'SERVER_TEST_NAME_NOT_FOUND', host: 'tonghwa-test.invalid', reason: 'unknown-name' },
    })
  })

  it('SERVER_TEST_NO_ANSWER refused: nothing listens on the port', async () => {
    const port = await freePort()
    expect(await testServer(`ws://127.0.0.1:${port}/signal`)).toEqual({ ok: false, problem: { code: 'SERVER_TEST_NO_ANSWER', reason: 'refused' } })
  })

  it('SERVER_TEST_NO_ANSWER timeout: something takes the connection and never answers', async () => {
    const port = await listening(createTcpServer(() => {}))
    expect(await testServer(`ws://127.0.0.1:${port}/signal`, { timeoutMs: 300 })).toEqual({ ok: false, problem: { code: 'SERVER_TEST_NO_ANSWER', reason: 'timeout' } })
  })

  it.each([
    ['self-signed', () => certificates.selfSigned, 'localhost', 'self-signed', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['for another name', () => certificates.wrongName, 'localhost', 'wrong-name', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['expired', () => certificates.expired, 'localhost', 'expired', 'CERT_HAS_EXPIRED'],
  ])('SERVER_TEST_BAD_CERTIFICATE: a certificate that is %s', async (_, certificate, host, reason, detail) => {
    const server = await signalingServer({ allowedHosts: ['localhost'] })
    const port = await tlsFront(certificate(), server.port)
    expect(await testServer(`wss://${host}:${port}/signal`, { ca: certificates.ca })).toEqual({
      ok: false,
      problem: { code: 'SERVER_TEST_BAD_CERTIFICATE', reason, detail },
    })
  })

  it('SERVER_TEST_BAD_CERTIFICATE untrusted-issuer: signed by an authority the app does not trust', async () => {
    const server = await signalingServer({ allowedHosts: ['localhost'] })
    const port = await tlsFront(certificates.good, server.port)
    expect(await testServer(`wss://localhost:${port}/signal`)).toMatchObject({ ok: false, problem: { code: 'SERVER_TEST_BAD_CERTIFICATE', reason: 'untrusted-issuer' } })
  })

  it('SERVER_TEST_BAD_CERTIFICATE not-tls: a wss:// address where the port speaks plain HTTP', async () => {
    const server = await signalingServer()
    expect(await testServer(`wss://localhost:${server.port}/signal`)).toMatchObject({ ok: false, problem: { code: 'SERVER_TEST_BAD_CERTIFICATE', reason: 'not-tls' } })
  })

  it('SERVER_TEST_NOT_TONGHWA: a plain web server', async () => {
    const port = await listening(createHttpServer((_request, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>Welcome</h1>')))
    expect(await testServer(`ws://127.0.0.1:${port}/signal`)).toEqual({ ok: false, problem: { code: 'SERVER_TEST_NOT_TONGHWA', detail: 'HTTP 200 at /signal' } })
  })

  it('SERVER_TEST_NOT_TONGHWA: a WebSocket that speaks something else', async () => {
    const port = await lookAlike(null, { hello: 'world' })
    expect(await testServer(`ws://127.0.0.1:${port}/signal`)).toMatchObject({ ok: false, problem: { code: 'SERVER_TEST_NOT_TONGHWA' } })
  })

  it('SERVER_TEST_OTHER_PROTOCOL: a server that says it speaks version 2', async () => {
    const port = await lookAlike({ app: 'tonghwa', protocol: 2, version: '2.0.0', turn: true }, null)
    expect(await testServer(`ws://127.0.0.1:${port}/signal`)).toEqual({ ok: false, problem: { code: 'SERVER_TEST_OTHER_PROTOCOL', theirs: 2, ours: 1 } })
  })

  it('SERVER_TEST_OTHER_PROTOCOL: a server without the info route that answers a version-1 frame in version 2', async () => {
    const port = await lookAlike(null, { v: 2, type: 'error', code: 'SIG_ERR_UNSUPPORTED_VERSION', message: 'protocol version must be 2' })
    expect(await testServer(`ws://127.0.0.1:${port}/signal`)).toEqual({ ok: false, problem: { code: 'SERVER_TEST_OTHER_PROTOCOL', theirs: 2, ours: 1 } })
  })

  it('SERVER_TEST_ORIGIN_REFUSED: a real server whose Origin policy refuses clients without an Origin, as the app is', async () => {
    const server = await signalingServer({ allowMissingOrigin: false, allowedOrigins: ['https://app.example.org'] })
    expect(await testServer(server.url)).toEqual({ ok: false, problem: { code: 'SERVER_TEST_ORIGIN_REFUSED' } })
  })

  it('SERVER_TEST_HOST_REFUSED: a real server behind a proxy that was not told its public name', async () => {
    const server = await signalingServer()
    const port = await tlsFront(certificates.good, server.port)
    expect(await testServer(`wss://localhost:${port}/signal`, { ca: certificates.ca })).toEqual({ ok: false, problem: { code: 'SERVER_TEST_HOST_REFUSED', host: `localhost:${port}` } })
  })

  it('SERVER_TEST_BUSY: a Tonghwa server that takes no new connection for now', async () => {
    const http = createHttpServer((_request, response) => response.writeHead(404).end())
    http.on('upgrade', (_request, socket: Socket) => socket.end('HTTP/1.1 503 Service Unavailable\r\nX-Tonghwa-Error: SIG_ERR_SERVER_FULL\r\nRetry-After: 5\r\nContent-Length: 0\r\n\r\n'))
    const port = await listening(http)
    expect(await testServer(`ws://127.0.0.1:${port}/signal`)).toEqual({ ok: false, problem: { code: 'SERVER_TEST_BUSY', status: 503, retryAfterMs: 5_000 } })
  })

  it('passes an older Tonghwa server without the info route, with its version and TURN offer unknown', async () => {
    const port = await lookAlike(null, { v: 1, type: 'error', code: 'SIG_ERR_NOT_IN_ROOM', message: 'leave sent while not in a room' })
    expect(await testServer(`ws://127.0.0.1:${port}/signal`)).toEqual({ ok: true, url: `ws://127.0.0.1:${port}/signal`, version: null, protocol: 1, turn: null })
  })

  it.each([
    ['ws:// to another machine', 'ws://203.0.113.5/signal', 'insecure'],
    ['an https:// address', 'https://signal.example.org/', 'not-websocket'],
    ['nothing', '  ', 'empty'],
  ])('SERVER_TEST_BAD_ADDRESS for %s, without connecting anywhere', async (_, address, problem) => {
    expect(await testServer(address, { lookup: async () => Promise.reject(new Error('must not look up')) })).toEqual({ ok: false, problem: { code: 'SERVER_TEST_BAD_ADDRESS', problem } })
  })
})
