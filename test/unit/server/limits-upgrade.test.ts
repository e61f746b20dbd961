/** The limits checked on the upgrade request, against a real server: Origin, connections per address. */
import { describe, expect, it } from 'vitest'
import { startSignalingServer } from '../../../src/server'
import { silentLogger } from '../../../src/server/log'
import { SignalingRefusal } from '../../../src/shared/signaling-errors'
import { generateRoomCode } from '../../../src/shared/room-code'
import { openRawWebSocket, requestUpgrade } from '../../support/raw-ws'
import { errorCount, useSignalingServer } from '../../support/signaling-server-harness'

const { clients, start, running } = useSignalingServer({ metrics: true })

describe('the Origin check', () => {
  it('refuses a browser page from another origin with 403 and SIG_ERR_ORIGIN_NOT_ALLOWED, and counts it', async () => {
    const { url, httpUrl } = await start()
    const answer = await requestUpgrade(url, { origin: 'https://evil.example' })
    expect(answer.status).toBe(403)
    expect(answer.body).toBe(SignalingRefusal.OriginNotAllowed)
    expect(answer.headers['x-tonghwa-error']).toBe(SignalingRefusal.OriginNotAllowed)
    expect(await errorCount(httpUrl, SignalingRefusal.OriginNotAllowed)).toBe(1)
  })

  it("lets in the server's own web app: an Origin whose host and port are the Host asked for, whatever the scheme", async () => {
    const { url, port } = await start()
    expect((await requestUpgrade(url, { origin: `http://127.0.0.1:${port}` })).status).toBe(101)
    // Behind a TLS-terminating proxy the page is https while the server sees plain HTTP with the same Host.
    expect((await requestUpgrade(url, { origin: `https://127.0.0.1:${port}` })).status).toBe(101)
    // Another page on the same machine (another port) is another origin.
    expect((await requestUpgrade(url, { origin: `http://127.0.0.1:${port + 1}` })).status).toBe(403)
  })

  it('refuses the opaque origin null (sandboxed frames, file: pages)', async () => {
    const { url } = await start()
    expect((await requestUpgrade(url, { origin: 'null' })).status).toBe(403)
  })

  it('lets in native clients that send no Origin, unless allowMissingOrigin is false', async () => {
    const { url } = await start()
    const client = await clients.connect(url)
    expect(await client.join(generateRoomCode())).toMatchObject({ type: 'joined' })
    await running()?.close()
    const strict = await start({ allowMissingOrigin: false })
    expect((await requestUpgrade(strict.url)).status).toBe(403)
  })

  it('lets in the origins listed in allowedOrigins, and any origin with *', async () => {
    const { url } = await start({ allowedOrigins: ['https://app.example.org'] })
    expect((await requestUpgrade(url, { origin: 'https://app.example.org' })).status).toBe(101)
    expect((await requestUpgrade(url, { origin: 'https://app.example.org.evil.example' })).status).toBe(403)
    await running()?.close()
    const open = await start({ allowedOrigins: ['*'] })
    expect((await requestUpgrade(open.url, { origin: 'https://anything.example' })).status).toBe(101)
  })

  it('refuses to start with an allowed origin that is not an origin', async () => {
    await expect(startSignalingServer({ logger: silentLogger, allowedOrigins: ['https://app.example.org/path'] })).rejects.toThrow(/allowedOrigins/)
  })
})

describe('connections per address', () => {
  it('refuses connections past maxConnectionsPerAddress with 429 SIG_ERR_TOO_MANY_CONNECTIONS, and admits again once one closes', async () => {
    const { url } = await start({ maxConnectionsPerAddress: 3 })
    const open = await Promise.all([1, 2, 3].map(() => clients.connect(url)))
    const refused = await requestUpgrade(url)
    expect(refused.status).toBe(429)
    expect(refused.body).toBe(SignalingRefusal.TooManyConnections)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    // Another address is counted on its own.
    expect((await requestUpgrade(url, { localAddress: '127.0.0.2' })).status).toBe(101)
    await open[0]!.close()
    await expect.poll(async () => (await requestUpgrade(url)).status).toBe(101)
  })

  it('counts a refused handshake as no connection at all', async () => {
    const { url } = await start({ maxConnectionsPerAddress: 1 })
    for (let i = 0; i < 3; i++) {
      // A bad handshake (no key) is refused by ws with 400; the slot must come back each time.
      const answer = await requestUpgrade(url, { headers: { 'Sec-WebSocket-Version': '8' } })
      expect(answer.status).toBe(400)
    }
    await expect.poll(async () => (await requestUpgrade(url)).status).toBe(101)
  })

  it('refuses connections opened faster than the rate with 429 SIG_ERR_CONNECTING_TOO_FAST and a Retry-After', async () => {
    const { url } = await start({ connectionBurstPerAddress: 5, connectionsPerSecondPerAddress: 1 })
    const statuses: number[] = []
    const bodies: string[] = []
    for (let i = 0; i < 8; i++) {
      const answer = await requestUpgrade(url)
      statuses.push(answer.status)
      bodies.push(answer.body)
    }
    expect(statuses.slice(0, 5)).toEqual([101, 101, 101, 101, 101])
    expect(statuses.slice(5)).toEqual([429, 429, 429])
    expect(bodies[7]).toBe(SignalingRefusal.ConnectingTooFast)
    expect((await requestUpgrade(url, { localAddress: '127.0.0.3' })).status).toBe(101)
  })

  it('trusts X-Forwarded-For only when told it runs behind a proxy', async () => {
    const { url } = await start({ maxConnectionsPerAddress: 1 })
    const first = await clients.connect(url)
    // Without trustProxy the header is ignored: both come from 127.0.0.1.
    expect((await requestUpgrade(url, { headers: { 'X-Forwarded-For': '203.0.113.9' } })).status).toBe(429)
    await first.close()
    await running()?.close()
    const proxied = await start({ maxConnectionsPerAddress: 1, trustProxy: true })
    const held = await requestUpgradeKeepingSocket(proxied.url, '203.0.113.9')
    expect((await requestUpgrade(proxied.url, { headers: { 'X-Forwarded-For': '198.51.100.1, 203.0.113.9' } })).status).toBe(429)
    expect((await requestUpgrade(proxied.url, { headers: { 'X-Forwarded-For': '203.0.113.9, 198.51.100.1' } })).status).toBe(101)
    held.close()
  })
})

/** A connection that stays open, from `forwardedFor` as a trusted proxy would report it. */
async function requestUpgradeKeepingSocket(url: string, forwardedFor: string): Promise<{ close(): void }> {
  const raw = await openRawWebSocket(url, { headers: { 'X-Forwarded-For': forwardedFor } })
  return { close: () => raw.destroy() }
}
