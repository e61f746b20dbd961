/**
 * ICE servers from the server: TURN REST credentials per peer in `joined`, fresh ones pushed in `ice-servers`
 * before they expire, the new message in the shared parser and in `SignalingClient`.
 */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { parseClientMessage, parseServerMessage } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import { SignalingClient, type IceServersEvent, type WebSocketLike } from '../../../src/shared/signaling-client'
import { useSignalingServer } from '../../support/signaling-server-harness'

const SECRET = 'shared-with-coturn'
const { clients, start } = useSignalingServer()

describe('joined.iceServers with TURN', () => {
  it('carries the fixed servers, STUN, and a TURN credential for this peer, signed with the shared secret', async () => {
    const clock = () => 1_700_000_000_000
    const server = await start({
      iceServers: [{ urls: ['stun:stun.example.org'] }],
      stunUrls: ['stun:turn.example.org'],
      turnUrls: ['turn:turn.example.org:3478?transport=udp'],
      turnSecret: SECRET,
      turnCredentialTtlSeconds: 600,
      clock,
    })
    const alice = await clients.connect(server.url)
    const joined = await alice.join(generateRoomCode())
    const username = `${1_700_000_600}:${joined.peerId}`
    expect(joined.iceServers).toEqual([
      { urls: ['stun:stun.example.org'] },
      { urls: ['stun:turn.example.org'] },
      { urls: ['turn:turn.example.org:3478?transport=udp'], username, credential: createHmac('sha1', SECRET).update(username).digest('base64') },
    ])
    expect(JSON.stringify(joined)).not.toContain(SECRET)
  })

  it('pushes ice-servers with a later credential before the last one expires, and stops once the peer leaves', async () => {
    const server = await start({ turnUrls: ['turn:t.example.org'], turnSecret: SECRET, turnCredentialTtlSeconds: 2 })
    const alice = await clients.connect(server.url)
    const joined = await alice.join(generateRoomCode())
    const started = Date.now()
    const pushed = await alice.next('ice-servers', 2_500)
    // At 80 % of what was left of the first credential's lifetime (1 to 2 s).
    expect(Date.now() - started).toBeLessThan(1_800)
    const expiry = (servers: typeof joined.iceServers) => Number(servers[0]?.username?.split(':')[0])
    expect(expiry(pushed.iceServers)).toBeGreaterThan(expiry(joined.iceServers))
    expect(pushed.iceServers[0]?.username).toMatch(new RegExp(`:${joined.peerId}$`))

    alice.send({ v: 1, type: 'leave' })
    await alice.expectNoMessage(2_100)
  })

  it('pushes nothing when no TURN server is configured', async () => {
    const server = await start({ stunUrls: ['stun:s.example.org'], turnCredentialTtlSeconds: 2 })
    const alice = await clients.connect(server.url)
    expect((await alice.join(generateRoomCode())).iceServers).toEqual([{ urls: ['stun:s.example.org'] }])
    await alice.expectNoMessage(1_800)
  })
})

describe('the ice-servers message', () => {
  it('parses as a server message, with the same rules as joined.iceServers', () => {
    const iceServers = [{ urls: ['turn:t'], username: '1700000000:k3v0q9d2m1ab', credential: 'abc=' }]
    expect(parseServerMessage({ v: 1, type: 'ice-servers', iceServers })).toEqual({ ok: true, message: { v: 1, type: 'ice-servers', iceServers } })
    expect(parseServerMessage({ v: 1, type: 'ice-servers', iceServers: [{ urls: ['http://x'] }] })).toMatchObject({ ok: false, code: 'SIG_ERR_BAD_MESSAGE' })
    expect(parseServerMessage({ v: 1, type: 'ice-servers' })).toMatchObject({ ok: false, code: 'SIG_ERR_BAD_MESSAGE' })
  })

  it('is not something a client may send', () => {
    expect(parseClientMessage({ v: 1, type: 'ice-servers', iceServers: [] })).toMatchObject({ ok: false, code: 'SIG_ERR_UNKNOWN_TYPE' })
  })

  it('reaches SignalingClient listeners as an ice-servers event', () => {
    let socket: WebSocketLike | undefined
    const client = new SignalingClient({
      url: 'ws://test/signal',
      createSocket: () =>
        (socket = { readyState: 1, onopen: null, onclose: null, onerror: null, onmessage: null, send() {}, close() {} }),
    })
    const events: IceServersEvent[] = []
    client.on('ice-servers', (event) => events.push(event))
    client.connect()
    const iceServers = [{ urls: ['turn:t'], username: 'u', credential: 'c' }]
    socket?.onmessage?.({ data: JSON.stringify({ v: 1, type: 'ice-servers', iceServers }) })
    expect(events).toEqual([{ iceServers }])
    client.close()
  })
})
