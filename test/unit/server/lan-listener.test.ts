import { describe, expect, it } from 'vitest'
import { connect } from 'node:net'
import { lanTags, generateLanSalt } from '../../../src/shared/lan-tag'
import { generateRoomCode } from '../../../src/shared/room-code'
import { generatePersonalSecret } from '../../../src/shared/personal-code'
import { derivePersonalCode } from '../../../src/server/derive-personal-code'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'
import type { CallId } from '../../../src/shared/calls'
import { useSignalingServer } from '../../support/signaling-server-harness'
import { httpRequest } from '../../support/http-request'

/**
 * The server's local-network side (docs/lan.md), on real sockets: the loopback listener is this computer's own
 * app; the LAN listener, here on 127.0.0.2, is where other apps on the network come in, from 127.0.0.3.
 */
const { clients, start } = useSignalingServer()
const LAN_HOST = '127.0.0.2'
const NEIGHBOUR = '127.0.0.3'

async function lanServer() {
  const server = await start({ staticDir: 'src/renderer' })
  const salt = generateLanSalt()
  const port = await server.openLan({ salt, host: LAN_HOST })
  return { server, salt, lanUrl: `ws://${LAN_HOST}:${port}/signal`, lanHttp: `http://${LAN_HOST}:${port}/` }
}

describe('the local-network listener', () => {
  it('proves it has a room one of its people is in, and says nothing of one it does not have', async () => {
    const { server, salt, lanUrl } = await lanServer()
    const room = generateRoomCode()
    const own = await clients.connect(server.url)
    await own.join(room)
    const neighbour = await clients.connect(lanUrl, { localAddress: NEIGHBOUR })
    const tags = await lanTags(room, salt)
    neighbour.send({ v: 1, type: 'locate', ask: tags.ask })
    expect(await neighbour.next('located')).toEqual({ v: 1, type: 'located', ask: tags.ask, answer: tags.answer })
    const other = await lanTags(generateRoomCode(), salt)
    neighbour.send({ v: 1, type: 'locate', ask: other.ask })
    expect(await neighbour.next('located')).toEqual({ v: 1, type: 'located', ask: other.ask, answer: null })
  })

  it('lets a neighbour join a room its people are in, never open one, and never register', async () => {
    const { server, lanUrl } = await lanServer()
    const room = generateRoomCode()
    const own = await clients.connect(server.url)
    await own.join(room)
    const neighbour = await clients.connect(lanUrl, { localAddress: NEIGHBOUR })
    const joined = await neighbour.join(room)
    expect(joined.peers).toHaveLength(1)
    const stranger = await clients.connect(lanUrl, { localAddress: NEIGHBOUR })
    stranger.send({ v: 1, type: 'join', room: generateRoomCode() })
    expect(await stranger.next('error')).toMatchObject({ code: SignalingErrorCode.LocalOnly })
    stranger.send({ v: 1, type: 'register', secret: generatePersonalSecret() })
    expect(await stranger.next('error')).toMatchObject({ code: SignalingErrorCode.LocalOnly })
  })

  it('rings this app saying who calls, and only a neighbour may say it', async () => {
    const { server, salt, lanUrl } = await lanServer()
    const secret = generatePersonalSecret()
    const callee = await clients.connect(server.url)
    const { code } = await callee.register(secret)
    expect(code).toBe(derivePersonalCode(secret))
    const neighbour = await clients.connect(lanUrl, { localAddress: NEIGHBOUR })
    const tags = await lanTags(code, salt)
    neighbour.send({ v: 1, type: 'locate', ask: tags.ask })
    expect((await neighbour.next('located')).answer).toBe(tags.answer)

    const from = derivePersonalCode(generatePersonalSecret())
    const room = generateRoomCode()
    neighbour.send({ v: 1, type: 'invite', callId: 'k3v0q9d2m1ab' as CallId, to: code, room })
    expect(await neighbour.next('error')).toMatchObject({ code: SignalingErrorCode.CallerUnknown })
    neighbour.send({ v: 1, type: 'invite', callId: 'k3v0q9d2m1ab' as CallId, to: code, room, from })
    expect(await callee.next('incoming-call')).toMatchObject({ from, room })
    expect(await neighbour.next('call-update')).toMatchObject({ state: 'ringing' })

    const local = await clients.connect(server.url)
    await local.register(generatePersonalSecret())
    local.send({ v: 1, type: 'invite', callId: 'k3v0q9d2m1ac' as CallId, to: code, room, from })
    expect(await local.next('error')).toMatchObject({ code: SignalingErrorCode.CallerUnknown })
  })

  it('serves no pages to the network, only the health check', async () => {
    const { server, lanHttp } = await lanServer()
    expect((await httpRequest(server.httpUrl, '/')).status).toBe(200)
    expect((await httpRequest(lanHttp, '/', 'GET', { localAddress: NEIGHBOUR })).status).toBe(404)
    expect((await httpRequest(lanHttp, '/healthz', 'GET', { localAddress: NEIGHBOUR })).body).toBe('ok')
    expect((await httpRequest(lanHttp, '/', 'GET', { localAddress: NEIGHBOUR, headers: { host: 'evil.example' } })).status).toBe(421)
  })

  it('closes at once when switched off: visitors are cut, nothing listens, this computer keeps its calls', async () => {
    const { server, lanUrl } = await lanServer()
    const room = generateRoomCode()
    const own = await clients.connect(server.url)
    await own.join(room)
    const neighbour = await clients.connect(lanUrl, { localAddress: NEIGHBOUR })
    await neighbour.join(room)
    await own.next('peer-joined')
    const port = server.lanPort()
    await server.closeLan()
    expect((await neighbour.closed()).code).toBe(1001)
    expect(server.lanPort()).toBeUndefined()
    const refused = await new Promise<string>((resolve) => {
      const socket = connect({ host: LAN_HOST, port: port!, localAddress: NEIGHBOUR })
      socket.once('connect', () => resolve('connected'))
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
    })
    expect(refused).toBe('ECONNREFUSED')
    expect(await own.next('peer-left')).toMatchObject({ reason: 'disconnected' })
    expect(server.hasRoom(room)).toBe(true)
  })
})
