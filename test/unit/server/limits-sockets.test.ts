/**
 * Connections that never become WebSockets, against a real server: one address holding many (slowloris), a
 * request head trickled forever, and a flood that would exhaust the file descriptors (docs/security.md,
 * "Sockets that never become WebSockets").
 */
import { describe, expect, it } from 'vitest'
import type { LogFields, Logger } from '../../../src/server/log'
import { generateRoomCode } from '../../../src/shared/room-code'
import { SignalingRefusal } from '../../../src/shared/signaling-errors'
import { httpRequest } from '../../support/http-request'
import { openRawWebSocket, type RawWebSocket } from '../../support/raw-ws'
import { offer } from '../../support/signal-data'
import { openSlowClient, type SlowClient } from '../../support/slow-client'
import { useSignalingServer } from '../../support/signaling-server-harness'

const { clients, start } = useSignalingServer({ metrics: true })

/** `count` slow clients from `address`, opened one after another. */
async function slowClients(url: string, address: string, count: number, trickleMs?: number): Promise<SlowClient[]> {
  const opened: SlowClient[] = []
  for (let i = 0; i < count; i++) opened.push(await openSlowClient(url, { localAddress: address, ...(trickleMs !== undefined ? { trickleMs } : {}) }))
  return opened
}

function capturingLogger(): Logger & { lines: { msg: string; fields: LogFields }[] } {
  const lines: { msg: string; fields: LogFields }[] = []
  const log = (msg: string, fields: LogFields = {}) => void lines.push({ msg, fields })
  return { lines, debug: log, info: log, warn: log, error: log }
}

describe('connections per address before the upgrade', () => {
  it('answers connections past maxPendingSocketsPerAddress with 429 SIG_ERR_TOO_MANY_SOCKETS as they open, and only for that address', async () => {
    const { url, httpUrl } = await start({ maxPendingSocketsPerAddress: 20 })
    const held = await slowClients(httpUrl, '127.0.0.5', 30, 500)
    await expect.poll(() => held.filter((client) => client.closed).length).toBe(10)
    const refused = held.filter((client) => client.closed)
    for (const client of refused) {
      expect(client.status).toBe(429)
      expect(client.received).toContain(`X-Tonghwa-Error: ${SignalingRefusal.TooManySockets}`)
    }
    // The first 20 are the ones kept: a new connection does not push out the address's own older ones.
    expect(held.slice(0, 20).every((client) => !client.closed)).toBe(true)
    // Another address is untouched: its health check and its call.
    expect((await httpRequest(httpUrl, '/healthz', 'GET', { localAddress: '127.0.0.6' })).status).toBe(200)
    const caller = await clients.connect(url, { localAddress: '127.0.0.6' })
    expect(await caller.join(generateRoomCode())).toMatchObject({ type: 'joined' })
    for (const client of held) client.destroy()
  })

  it('gives an address its share back as its connections become WebSockets or close', async () => {
    const { url, httpUrl } = await start({ maxPendingSocketsPerAddress: 2 })
    const open = [await clients.connect(url), await clients.connect(url), await clients.connect(url)]
    expect(open.length).toBe(3)
    const held = await slowClients(httpUrl, '127.0.0.1', 3)
    await expect.poll(() => held.filter((client) => client.closed).length).toBe(1)
    held[0]!.destroy()
    await expect.poll(async () => (await httpRequest(httpUrl, '/healthz')).status).toBe(200)
    for (const client of held) client.destroy()
  })

  it('does not cap connections per address behind a trusted proxy, where every connection comes from the proxy', async () => {
    const { httpUrl } = await start({ maxPendingSocketsPerAddress: 3, trustProxy: true })
    const held = await slowClients(httpUrl, '127.0.0.7', 8)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(held.filter((client) => client.closed)).toEqual([])
    for (const client of held) client.destroy()
  })
})

describe('slow request heads', () => {
  it('closes a connection that trickles its request head with 408 once headersTimeoutMs has passed', async () => {
    const { httpUrl } = await start({ headersTimeoutMs: 1_000 })
    const started = performance.now()
    const trickler = await openSlowClient(httpUrl, { localAddress: '127.0.0.8', trickleMs: 100 })
    const silent = await openSlowClient(httpUrl, { localAddress: '127.0.0.8' })
    expect(await trickler.closedWithin(4_000)).toBe(true)
    expect(await silent.closedWithin(1_000)).toBe(true)
    // Node checks the deadline every second at most: closed between one and about two seconds in.
    expect(performance.now() - started).toBeGreaterThanOrEqual(950)
    expect(trickler.status).toBe(408)
  })

  it('leaves WebSockets alone once they are open, however long they stay quiet', async () => {
    const { url } = await start({ headersTimeoutMs: 1_000 })
    const client = await clients.connect(url)
    await new Promise((resolve) => setTimeout(resolve, 2_200))
    expect(await client.join(generateRoomCode())).toMatchObject({ type: 'joined' })
  })
})

describe('near the file-descriptor limit', () => {
  // 40 sockets in all (104 open files minus the reserve of 64), 24 of them WebSockets at most.
  const nearlyFull = { openFilesLimit: 104, fileDescriptorReserve: 64 }

  it('closes the oldest idle connections for new ones, so /healthz answers and a call goes on, and says why in the log', async () => {
    const logger = capturingLogger()
    const { url, httpUrl } = await start({ ...nearlyFull, logger })
    const room = generateRoomCode()
    const alice = await clients.connect(url, { localAddress: '127.0.1.1' })
    const bob = await clients.connect(url, { localAddress: '127.0.1.2' })
    await alice.join(room)
    const bobId = (await bob.join(room)).peerId
    await alice.next('peer-joined')

    const flood: SlowClient[] = []
    for (let address = 1; address <= 6; address++) flood.push(...(await slowClients(httpUrl, `127.0.2.${address}`, 10, 500)))
    // 60 opened, 38 places: the 22 oldest were closed to make room for the newest.
    await expect.poll(() => flood.filter((client) => client.closed).length).toBe(22)
    expect(flood.slice(0, 22).every((client) => client.closed)).toBe(true)

    expect((await httpRequest(httpUrl, '/healthz', 'GET', { localAddress: '127.0.3.1' })).status).toBe(200)
    alice.send({ v: 1, type: 'signal', to: bobId, data: offer() })
    expect(await bob.next('signal')).toMatchObject({ data: offer() })
    const line = logger.lines.find((entry) => entry.fields.code === SignalingRefusal.ServerFull)
    expect(line?.msg).toMatch(/file-descriptor limit/)
    expect(line?.fields).toMatchObject({ maxSockets: 40, openFilesLimit: 104 })
    for (const client of flood) client.destroy()
  })

  it('refuses WebSockets past the budget with 503 SIG_ERR_SERVER_FULL, keeping room for plain HTTP', async () => {
    const { url, httpUrl } = await start(nearlyFull)
    const open: RawWebSocket[] = []
    let refusal: Error | undefined
    for (let i = 0; i < 30 && refusal === undefined; i++) {
      try {
        open.push(await openRawWebSocket(url, { localAddress: `127.0.4.${i + 1}` }))
      } catch (error) {
        refusal = error as Error
      }
    }
    expect(open.length).toBe(24)
    expect(refusal?.message).toBe(`upgrade refused with 503 ${SignalingRefusal.ServerFull}`)
    expect((await httpRequest(httpUrl, '/healthz', 'GET', { localAddress: '127.0.4.200' })).status).toBe(200)
    open.pop()!.destroy()
    await expect.poll(async () => {
      const again = await openRawWebSocket(url, { localAddress: '127.0.4.201' }).catch(() => undefined)
      again?.destroy()
      return again !== undefined
    }).toBe(true)
    for (const raw of open) raw.destroy()
  })

  it('refuses to start when the open-files limit leaves too few sockets', async () => {
    await expect(start({ openFilesLimit: 80, fileDescriptorReserve: 64 })).rejects.toThrow(/raise ulimit -n/)
  })
})
