import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { startSignalingServer, type RunningSignalingServer } from '../../../src/server'
import { silentLogger } from '../../../src/server/log'
import { describeServer, SERVER_INFO_PATH, SERVER_VERSION } from '../../../src/server/server-info'
import { httpRequest } from '../../support/http-request'

let server: RunningSignalingServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('GET /.well-known/tonghwa', () => {
  it('says what the server is: Tonghwa, protocol 1, its version, no TURN and no web app by default', async () => {
    server = await startSignalingServer({ logger: silentLogger })
    const response = await httpRequest(server.httpUrl, SERVER_INFO_PATH)
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(response.headers['cache-control']).toBe('no-store')
    expect(JSON.parse(response.body)).toEqual({ app: 'tonghwa', protocol: 1, version: SERVER_VERSION, turn: false, web: false })
  })

  it('says it offers TURN when it mints TURN credentials, and never shows the secret', async () => {
    server = await startSignalingServer({ logger: silentLogger, turnUrls: ['turn:turn.example.org:3478'], turnSecret: 'very-secret-turn-key' })
    const response = await httpRequest(server.httpUrl, SERVER_INFO_PATH)
    expect(JSON.parse(response.body)).toMatchObject({ turn: true })
    expect(response.body).not.toContain('very-secret-turn-key')
    expect(response.body).not.toContain('turn.example.org')
  })

  it('answers only to a Host the server serves, like the WebSocket', async () => {
    server = await startSignalingServer({ logger: silentLogger })
    const response = await httpRequest(server.httpUrl, SERVER_INFO_PATH, 'GET', { headers: { Host: `rebound.example:${server.port}` } })
    expect(response.status).toBe(421)
    expect(response.headers['x-tonghwa-error']).toBe('SIG_ERR_HOST_NOT_ALLOWED')
  })
})

describe('describeServer', () => {
  it('counts a configured turn: or turns: ICE server as TURN, and a STUN one as not', () => {
    expect(describeServer({ iceServers: [{ urls: ['stun:stun.example.org'] }], turnUrls: [] }).turn).toBe(false)
    expect(describeServer({ iceServers: [{ urls: ['turns:relay.example.org:443'], username: 'u', credential: 'c' }], turnUrls: [] }).turn).toBe(true)
    expect(describeServer({ iceServers: [], turnUrls: [], staticDir: '/srv/web' }).web).toBe(true)
  })

  it("reports package.json's version", () => {
    expect(SERVER_VERSION).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version)
  })
})
