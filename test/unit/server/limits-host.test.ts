/**
 * DNS rebinding against a real server: a page whose own name was made to resolve to the server sends `Host`
 * and `Origin` naming that same host, which passes the Origin check alone (docs/security.md, "DNS rebinding").
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogFields, Logger } from '../../../src/server/log'
import { generateRoomCode } from '../../../src/shared/room-code'
import { SignalingRefusal } from '../../../src/shared/signaling-errors'
import { httpRequest } from '../../support/http-request'
import { requestUpgrade } from '../../support/raw-ws'
import { errorCount, useSignalingServer } from '../../support/signaling-server-harness'

const { clients, start } = useSignalingServer({ metrics: true })
let webApp: string

beforeAll(async () => {
  webApp = await mkdtemp(join(tmpdir(), 'tonghwa-web-'))
  await writeFile(join(webApp, 'index.html'), '<!doctype html><title>Tonghwa</title>')
})

afterAll(async () => {
  await rm(webApp, { recursive: true, force: true })
})

describe('an upgrade from a rebound name', () => {
  it('is refused with 421 SIG_ERR_HOST_NOT_ALLOWED when Host and Origin name the attacker’s host, and counted and logged', async () => {
    const lines: LogFields[] = []
    const logger: Logger = { debug() {}, info() {}, warn: (_msg, fields = {}) => void lines.push(fields), error() {} }
    const { url, httpUrl, port } = await start({ logger })
    const answer = await requestUpgrade(url, { host: `evil.example:${port}`, origin: `http://evil.example:${port}` })
    expect(answer.status).toBe(421)
    expect(answer.body).toBe(SignalingRefusal.HostNotAllowed)
    expect(answer.headers['x-tonghwa-error']).toBe(SignalingRefusal.HostNotAllowed)
    expect(await errorCount(httpUrl, SignalingRefusal.HostNotAllowed)).toBe(1)
    expect(lines).toContainEqual(expect.objectContaining({ code: SignalingRefusal.HostNotAllowed, host: `evil.example:${port}` }))
  })

  it('is let in when Host and Origin name the loopback address or localhost the server listens on', async () => {
    const { url, port } = await start()
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      expect((await requestUpgrade(url, { host, origin: `http://${host}` })).status, host).toBe(101)
    }
    // The desktop app's own connection: no Origin, Host as in the URL.
    const app = await clients.connect(url)
    expect(await app.join(generateRoomCode())).toMatchObject({ type: 'joined' })
  })

  it('is refused for any Host the listener does not serve, even without an Origin', async () => {
    const { url, port } = await start()
    for (const host of [`127.0.0.1:${port + 1}`, '127.0.0.1', `evil.example:${port}`, `localhost.evil.example:${port}`]) {
      expect((await requestUpgrade(url, { host })).status, host).toBe(421)
    }
  })

  it('is let in for the public name behind a proxy once it is in allowedHosts', async () => {
    const { url } = await start({ allowedHosts: ['signal.example.org'] })
    expect((await requestUpgrade(url, { host: 'signal.example.org', origin: 'https://signal.example.org' })).status).toBe(101)
    expect((await requestUpgrade(url, { host: 'evil.example', origin: 'https://evil.example' })).status).toBe(421)
  })
})

describe('plain HTTP from a rebound name', () => {
  it('gets 421 for the web app’s files, but /healthz answers whatever the Host', async () => {
    const { httpUrl, port } = await start({ staticDir: webApp })
    const rebound = { headers: { Host: `evil.example:${port}` } }
    const page = await httpRequest(httpUrl, '/', 'GET', rebound)
    expect(page.status).toBe(421)
    expect(page.body).toBe(SignalingRefusal.HostNotAllowed)
    expect(page.body).not.toContain('Tonghwa')
    expect((await httpRequest(httpUrl, '/healthz', 'GET', rebound)).status).toBe(200)
    expect((await httpRequest(httpUrl, '/')).body).toContain('Tonghwa')
  })
})

describe('a listener on every interface', () => {
  it("answers to the machine's own addresses on its port, and to no other name", async () => {
    const { url, port } = await start({ host: '0.0.0.0' })
    const own = Object.values(networkInterfaces()).flatMap((list) => list ?? []).filter((entry) => entry.family === 'IPv4')
    expect(own.length).toBeGreaterThan(0)
    const target = url.replace('0.0.0.0', '127.0.0.1')
    for (const entry of own) expect((await requestUpgrade(target, { host: `${entry.address}:${port}` })).status, entry.address).toBe(101)
    expect((await requestUpgrade(target, { host: `evil.example:${port}` })).status).toBe(421)
    expect((await requestUpgrade(target, { host: `192.0.2.1:${port}` })).status).toBe(421)
  })
})
