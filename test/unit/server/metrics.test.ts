/** `/metrics` and `/healthz` over real HTTP, after real WebSocket traffic. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { describe, expect, it, vi } from 'vitest'
import { startSignalingServer } from '../../../src/server'
import { createHttpHandler } from '../../../src/server/http-handler'
import { silentLogger } from '../../../src/server/log'
import { generatePersonalSecret } from '../../../src/shared/personal-code'
import type { PeerId } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import { SignalingRefusal } from '../../../src/shared/signaling-errors'
import { freePort } from '../../support/free-port'
import { httpRequest } from '../../support/http-request'
import { candidate, offer } from '../../support/signal-data'
import { useSignalingServer } from '../../support/signaling-server-harness'

const { clients, start } = useSignalingServer()

/** The value of one sample line, e.g. `tonghwa_errors_total{code="SIG_ERR_UNKNOWN_PEER"}`. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  return line === undefined ? undefined : Number(line.slice(name.length + 1))
}

describe('GET /metrics', () => {
  it('reports connections, rooms, registrations, relayed messages and errors in the Prometheus text format', async () => {
    const server = await start({ metrics: true })
    const room = generateRoomCode()
    const alice = await clients.connect(server.url)
    const bob = await clients.connect(server.url)
    await alice.join(room)
    const bobId = (await bob.join(room)).peerId
    await alice.next('peer-joined')
    await alice.register(generatePersonalSecret())
    alice.send({ v: 1, type: 'signal', to: bobId, data: offer() })
    alice.send({ v: 1, type: 'signal', to: bobId, data: candidate(1) })
    alice.send({ v: 1, type: 'signal', to: bobId, data: candidate(2) })
    alice.send({ v: 1, type: 'signal', to: 'zzzzzzzzzzzz' as PeerId, data: offer() })
    alice.sendRaw('not json')
    expect((await alice.next('error')).code).toBe('SIG_ERR_UNKNOWN_PEER')
    expect((await alice.next('error')).code).toBe('SIG_ERR_BAD_MESSAGE')

    const response = await httpRequest(server.metricsUrl!, '/metrics')
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(response.headers['cache-control']).toBe('no-store')
    const text = response.body
    expect(text).toContain('# HELP tonghwa_connections Open WebSocket connections to this process.')
    expect(text).toContain('# TYPE tonghwa_messages_relayed_total counter')
    expect(sample(text, 'tonghwa_connections')).toBe(2)
    expect(sample(text, 'tonghwa_rooms')).toBe(1)
    expect(sample(text, 'tonghwa_registered')).toBe(1)
    expect(sample(text, 'tonghwa_calls_ringing')).toBe(0)
    expect(sample(text, 'tonghwa_messages_relayed_total{kind="offer"}')).toBe(1)
    expect(sample(text, 'tonghwa_messages_relayed_total{kind="candidate"}')).toBe(2)
    expect(sample(text, 'tonghwa_messages_received_total{type="join"}')).toBe(2)
    expect(sample(text, 'tonghwa_messages_received_total{type="signal"}')).toBe(4)
    expect(sample(text, 'tonghwa_errors_total{code="SIG_ERR_UNKNOWN_PEER"}')).toBe(1)
    expect(sample(text, 'tonghwa_errors_total{code="SIG_ERR_BAD_MESSAGE"}')).toBe(1)
    // The process metrics come from the same library.
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m)
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m)

    await bob.close()
    await vi.waitFor(async () => expect(sample((await httpRequest(server.metricsUrl!, '/metrics')).body, 'tonghwa_connections')).toBe(1))
  })

  it('keeps each server’s numbers apart (own registry, not the global one)', async () => {
    const server = await start({ metrics: true })
    const other = await startSignalingServer({ logger: silentLogger, metrics: true })
    try {
      await clients.connect(server.url)
      expect(sample((await httpRequest(other.metricsUrl!, '/metrics')).body, 'tonghwa_connections')).toBe(0)
      expect(sample((await httpRequest(server.metricsUrl!, '/metrics')).body, 'tonghwa_connections')).toBe(1)
    } finally {
      await other.close()
    }
  })

  it('is 404 unless metrics are turned on (the library default, for the embedded server)', async () => {
    const server = await start()
    expect((await httpRequest(server.httpUrl, '/metrics')).status).toBe(404)
    expect(server.metricsUrl).toBeUndefined()
  })

  it('is never served on the signaling port, only on a loopback listener of its own', async () => {
    const server = await start({ metrics: true, host: '127.0.0.1' })
    // What an outsider who reaches the public port asks for.
    const outside = await httpRequest(server.httpUrl, '/metrics', 'GET', { localAddress: '127.0.0.9' })
    expect(outside.status).toBe(404)
    expect(outside.body).not.toContain('tonghwa_')
    const metricsUrl = new URL(server.metricsUrl!)
    expect(metricsUrl.hostname).toBe('127.0.0.1')
    expect(metricsUrl.port).not.toBe(String(server.port))
    expect((await httpRequest(server.metricsUrl!, '/metrics')).body).toContain('tonghwa_connections')
  })

  it('answers on the metrics listener only to its own Host names, like the signaling port', async () => {
    const server = await start({ metrics: true, allowedHosts: ['prometheus-target.internal'] })
    const port = new URL(server.metricsUrl!).port
    const rebound = await httpRequest(server.metricsUrl!, '/metrics', 'GET', { headers: { Host: `evil.example:${port}` } })
    expect(rebound.status).toBe(421)
    expect(rebound.headers['x-tonghwa-error']).toBe(SignalingRefusal.HostNotAllowed)
    expect((await httpRequest(server.metricsUrl!, '/metrics', 'GET', { headers: { Host: `prometheus-target.internal:${port}` } })).status).toBe(200)
    expect((await httpRequest(server.metricsUrl!, '/metrics', 'GET', { headers: { Host: `localhost:${port}` } })).status).toBe(200)
  })

  it('refuses to start when the metrics port is taken, and leaves nothing listening', async () => {
    const first = await start({ metrics: true })
    const taken = Number(new URL(first.metricsUrl!).port)
    const port = await freePort()
    const failed = startSignalingServer({ logger: silentLogger, port, metrics: true, metricsPort: taken })
    await expect(failed).rejects.toMatchObject({ code: 'EADDRINUSE' })
    // The signaling port it had bound is free again.
    const again = await startSignalingServer({ logger: silentLogger, port })
    await again.close()
  })
})

describe('GET /healthz', () => {
  function call(handler: ReturnType<typeof createHttpHandler>): Promise<{ status: number; body: string }> {
    return new Promise((resolve) => {
      const response = {
        req: { method: 'GET' },
        setHeader() {},
        writeHead(status: number) {
          this.status = status
        },
        end(body: string) {
          resolve({ status: this.status, body })
        },
        status: 0,
      }
      handler({ method: 'GET', url: '/healthz' } as IncomingMessage, response as unknown as ServerResponse)
    })
  }

  it('answers 503 unavailable while the shared state is unreachable, and 200 ok once it is back', async () => {
    let healthy = false
    const handler = createHttpHandler({ logger: silentLogger, healthy: async () => healthy })
    expect(await call(handler)).toEqual({ status: 503, body: 'unavailable' })
    healthy = true
    expect(await call(handler)).toEqual({ status: 200, body: 'ok' })
  })

  it('answers 503 when the health check itself fails', async () => {
    const handler = createHttpHandler({ logger: silentLogger, healthy: () => Promise.reject(new Error('timeout')) })
    expect(await call(handler)).toEqual({ status: 503, body: 'unavailable' })
  })
})
