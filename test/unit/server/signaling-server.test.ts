import { describe, expect, it, vi } from 'vitest'
import { startSignalingServer, type SignalingServerOptions } from '../../../src/server'
import { silentLogger } from '../../../src/server/log'
import { isPeerId, MAX_FRAME_BYTES, type PeerId, type ResumeToken } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'
import { answer, candidate, offer } from '../../support/signal-data'
import { connectClient, type TestClient } from '../../support/ws-client'
import { useSignalingServer } from '../../support/signaling-server-harness'

const { clients, start, running } = useSignalingServer()

/** Two connected peers in one fresh room; `alice` joined first. */
async function startCall(options: Partial<SignalingServerOptions> = {}) {
  const { url } = await start(options)
  const room = generateRoomCode()
  const alice = await clients.connect(url)
  const bob = await clients.connect(url)
  const aliceJoined = await alice.join(room)
  const bobJoined = await bob.join(room)
  await alice.next('peer-joined')
  return { url, room, alice, bob, aliceId: aliceJoined.peerId, bobId: bobJoined.peerId }
}

async function expectError(client: TestClient, code: SignalingErrorCode): Promise<void> {
  const error = await client.next('error')
  expect(error.code).toBe(code)
  expect(error.message.length).toBeGreaterThan(0)
}

describe('startSignalingServer', () => {
  it('listens on a free loopback port and reports its WebSocket and HTTP URLs', async () => {
    const { url, httpUrl, port } = await start()
    expect(port).toBeGreaterThan(0)
    expect(url).toBe(`ws://127.0.0.1:${port}/signal`)
    expect(httpUrl).toBe(`http://127.0.0.1:${port}/`)
  })

  it('refuses ICE servers that clients would reject, before listening', async () => {
    await expect(startSignalingServer({ logger: silentLogger, iceServers: [{ urls: ['http://example.org'] }] })).rejects.toThrow(/iceServers/)
  })

  it('rejects with the listen error when the port is taken', async () => {
    const { port } = await start()
    await expect(startSignalingServer({ logger: silentLogger, port })).rejects.toThrow(/EADDRINUSE/)
  })

  it('refuses a WebSocket upgrade on any other path with 404', async () => {
    const { port } = await start()
    await expect(connectClient(`ws://127.0.0.1:${port}/other`)).rejects.toThrow(/404/)
    await expect(connectClient(`ws://127.0.0.1:${port}/signal/extra`)).rejects.toThrow(/404/)
  })

  it('counts connections and rooms in stats()', async () => {
    const { url } = await start()
    expect(running()?.stats()).toMatchObject({ connections: 0, rooms: 0 })
    const alice = await clients.connect(url)
    const bob = await clients.connect(url)
    await alice.join(generateRoomCode())
    await bob.join(generateRoomCode())
    expect(running()?.stats()).toMatchObject({ connections: 2, rooms: 2 })
    await bob.close()
    await vi.waitFor(() => expect(running()?.stats()).toMatchObject({ connections: 1, rooms: 1 }))
  })
})

describe('joining a room', () => {
  it('gives each peer a server-chosen id and tells it who was already there', async () => {
    const iceServers = [{ urls: ['stun:stun.example.org:3478'] }, { urls: ['turn:turn.example.org'], username: 'u', credential: 'p' }]
    const { url } = await start({ iceServers })
    const room = generateRoomCode()
    const alice = await clients.connect(url)
    const bob = await clients.connect(url)

    const aliceJoined = await alice.join(room)
    expect(aliceJoined).toEqual({ v: 1, type: 'joined', room, peerId: aliceJoined.peerId, peers: [], iceServers, resumeToken: aliceJoined.resumeToken })
    expect(isPeerId(aliceJoined.peerId)).toBe(true)
    expect(aliceJoined.resumeToken).toMatch(/^[A-Za-z0-9_-]{22}$/)

    const bobJoined = await bob.join(room)
    expect(bobJoined.peers).toEqual([aliceJoined.peerId])
    expect(bobJoined.peerId).not.toBe(aliceJoined.peerId)
    expect(await alice.next('peer-joined')).toEqual({ v: 1, type: 'peer-joined', peerId: bobJoined.peerId })
  })

  it('rejects a third peer with SIG_ERR_ROOM_FULL and lets it join another room', async () => {
    const { url, room, alice, bob } = await startCall()
    const carol = await clients.connect(url)
    carol.send({ v: 1, type: 'join', room })
    await expectError(carol, SignalingErrorCode.RoomFull)
    await alice.expectNoMessage()
    await bob.expectNoMessage(0)
    expect((await carol.join(generateRoomCode())).peers).toEqual([])
  })

  it('answers a second join on the same connection with SIG_ERR_ALREADY_IN_ROOM', async () => {
    const { alice, bob, room } = await startCall()
    alice.send({ v: 1, type: 'join', room: generateRoomCode() })
    await expectError(alice, SignalingErrorCode.AlreadyInRoom)
    alice.send({ v: 1, type: 'join', room })
    await expectError(alice, SignalingErrorCode.AlreadyInRoom)
    await bob.expectNoMessage()
  })

  it('answers a room code that is not canonical with SIG_ERR_BAD_ROOM_CODE', async () => {
    const { url } = await start()
    const alice = await clients.connect(url)
    const room = generateRoomCode()
    alice.sendRaw({ v: 1, type: 'join', room: room.toLowerCase() })
    await expectError(alice, SignalingErrorCode.BadRoomCode)
    alice.sendRaw({ v: 1, type: 'join', room: `${room.slice(0, 3)}-${room.slice(3)}` })
    await expectError(alice, SignalingErrorCode.BadRoomCode)
    await alice.join(room)
  })
})

describe('relaying signals', () => {
  it('relays an offer, an answer and candidates with from set by the server', async () => {
    const { alice, bob, aliceId, bobId } = await startCall()

    alice.send({ v: 1, type: 'signal', to: bobId, data: offer() })
    expect(await bob.next('signal')).toEqual({ v: 1, type: 'signal', from: aliceId, data: offer() })

    bob.send({ v: 1, type: 'signal', to: aliceId, data: answer() })
    expect(await alice.next('signal')).toEqual({ v: 1, type: 'signal', from: bobId, data: answer() })

    alice.send({ v: 1, type: 'signal', to: bobId, data: candidate(1) })
    bob.send({ v: 1, type: 'signal', to: aliceId, data: candidate(2) })
    expect(await bob.next('signal')).toEqual({ v: 1, type: 'signal', from: aliceId, data: candidate(1) })
    expect(await alice.next('signal')).toEqual({ v: 1, type: 'signal', from: bobId, data: candidate(2) })
  })

  it('rejects a client-supplied from as an unexpected field and relays nothing', async () => {
    const { alice, bob, bobId } = await startCall()
    alice.sendRaw({ v: 1, type: 'signal', to: bobId, from: bobId, data: offer() })
    await expectError(alice, SignalingErrorCode.BadMessage)
    await bob.expectNoMessage()
  })

  it('relays signals in the order the sender sent them', async () => {
    const { alice, bob, bobId } = await startCall()
    for (let i = 0; i < 50; i++) alice.send({ v: 1, type: 'signal', to: bobId, data: candidate(i) })
    for (let i = 0; i < 50; i++) expect((await bob.next('signal')).data).toEqual(candidate(i))
  })

  it('answers a signal before join with SIG_ERR_NOT_IN_ROOM', async () => {
    const { url, bob, bobId } = await startCall()
    const mallory = await clients.connect(url)
    mallory.send({ v: 1, type: 'signal', to: bobId, data: offer() })
    await expectError(mallory, SignalingErrorCode.NotInRoom)
    await bob.expectNoMessage()
  })

  it('answers a signal to a peer in another room with SIG_ERR_UNKNOWN_PEER and relays nothing', async () => {
    const { url, bob, bobId } = await startCall()
    const mallory = await clients.connect(url)
    await mallory.join(generateRoomCode())
    mallory.send({ v: 1, type: 'signal', to: bobId, data: offer() })
    await expectError(mallory, SignalingErrorCode.UnknownPeer)
    await bob.expectNoMessage()
  })

  it('answers a signal to an unknown id or to oneself with SIG_ERR_UNKNOWN_PEER', async () => {
    const { alice, aliceId, bob } = await startCall()
    alice.send({ v: 1, type: 'signal', to: 'zzzzzzzzzzzz' as PeerId, data: offer() })
    await expectError(alice, SignalingErrorCode.UnknownPeer)
    alice.send({ v: 1, type: 'signal', to: aliceId, data: offer() })
    await expectError(alice, SignalingErrorCode.UnknownPeer)
    await bob.expectNoMessage()
  })
})

describe('malformed frames', () => {
  it('answers each malformed frame with its code and keeps the connection usable', async () => {
    const { url } = await start()
    const alice = await clients.connect(url)
    const bob = await clients.connect(url)

    alice.sendRaw('{"v":1,"type":"join"')
    await expectError(alice, SignalingErrorCode.BadMessage)
    alice.sendRaw(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))
    await expectError(alice, SignalingErrorCode.BadMessage)
    alice.sendRaw({ v: 1, type: 'dance' })
    await expectError(alice, SignalingErrorCode.UnknownType)
    alice.sendRaw({ v: 2, type: 'join', room: generateRoomCode() })
    await expectError(alice, SignalingErrorCode.UnsupportedVersion)
    alice.sendRaw('[1,2,3]')
    await expectError(alice, SignalingErrorCode.BadMessage)
    alice.sendRaw({ v: 1, type: 'leave', extra: true })
    await expectError(alice, SignalingErrorCode.BadMessage)
    alice.sendRaw({ v: 1, type: 'signal', to: 'not-a-peer', data: offer() })
    await expectError(alice, SignalingErrorCode.BadMessage)
    alice.sendRaw({ v: 1, type: 'signal', to: 'zzzzzzzzzzzz', data: offer('') })
    await expectError(alice, SignalingErrorCode.BadMessage)

    expect(alice.isOpen).toBe(true)
    const room = generateRoomCode()
    const aliceJoined = await alice.join(room)
    const bobJoined = await bob.join(room)
    await alice.next('peer-joined')
    alice.send({ v: 1, type: 'signal', to: bobJoined.peerId, data: offer() })
    expect(await bob.next('signal')).toEqual({ v: 1, type: 'signal', from: aliceJoined.peerId, data: offer() })
  })

  it('parses binary frames of UTF-8 JSON like text frames', async () => {
    const { url } = await start()
    const alice = await clients.connect(url)
    const room = generateRoomCode()
    alice.sendRaw(Buffer.from(JSON.stringify({ v: 1, type: 'join', room })))
    expect((await alice.next('joined')).room).toBe(room)
  })

  it('accepts a frame of exactly maxPayload bytes', async () => {
    const { url } = await start()
    const alice = await clients.connect(url)
    const frame = JSON.stringify({ v: 1, type: 'join', room: generateRoomCode() })
    alice.sendRaw(frame.padEnd(MAX_FRAME_BYTES, ' '))
    await alice.next('joined')
  })

  it('closes the connection with 1007 on a text frame that is not UTF-8, as RFC 6455 requires', async () => {
    const { url } = await start()
    const alice = await clients.connect(url)
    alice.sendRaw(Buffer.from([0x7b, 0xff, 0x7d]), { binary: false })
    expect((await alice.closed()).code).toBe(1007)
  })

  it('closes the connection with 1009 and SIG_ERR_MESSAGE_TOO_LARGE on an oversized frame', async () => {
    const { alice, bob, aliceId } = await startCall()
    alice.sendRaw('x'.repeat(MAX_FRAME_BYTES + 1))
    expect(await alice.closed()).toEqual({ code: 1009, reason: SignalingErrorCode.MessageTooLarge })
    expect(await bob.next('peer-left')).toEqual({ v: 1, type: 'peer-left', peerId: aliceId, reason: 'disconnected' })
  })
})

describe('leaving', () => {
  it('tells the room peer-left with reason left, and the peer can join again with a new id', async () => {
    const { room, alice, bob, aliceId } = await startCall()
    alice.send({ v: 1, type: 'leave' })
    expect(await bob.next('peer-left')).toEqual({ v: 1, type: 'peer-left', peerId: aliceId, reason: 'left' })
    expect(alice.isOpen).toBe(true)

    const rejoined = await alice.join(room)
    expect(rejoined.peerId).not.toBe(aliceId)
    expect(rejoined.peers).toHaveLength(1)
    expect((await bob.next('peer-joined')).peerId).toBe(rejoined.peerId)
  })

  it('answers a leave outside a room with SIG_ERR_NOT_IN_ROOM', async () => {
    const { url } = await start()
    const alice = await clients.connect(url)
    alice.send({ v: 1, type: 'leave' })
    await expectError(alice, SignalingErrorCode.NotInRoom)
  })

  it('no longer relays to a peer that left', async () => {
    const { alice, bob, bobId } = await startCall()
    bob.send({ v: 1, type: 'leave' })
    await alice.next('peer-left')
    alice.send({ v: 1, type: 'signal', to: bobId, data: offer() })
    await expectError(alice, SignalingErrorCode.UnknownPeer)
    await bob.expectNoMessage()
  })

  it('tells the room peer-left with reason disconnected when a socket closes, and frees the slot', async () => {
    const { url, room, alice, bob, bobId } = await startCall()
    await bob.close()
    expect(await alice.next('peer-left')).toEqual({ v: 1, type: 'peer-left', peerId: bobId, reason: 'disconnected' })
    const carol = await clients.connect(url)
    expect((await carol.join(room)).peers).toHaveLength(1)
  })
})

describe('heartbeat', () => {
  const heartbeatIntervalMs = 100

  it('terminates a peer that stops answering pings, frees its slot and tells the room, within two intervals', async () => {
    const { url } = await start({ heartbeatIntervalMs })
    const room = generateRoomCode()
    const silent = await clients.connect(url, { autoPong: false })
    const alice = await clients.connect(url)
    const silentId = (await silent.join(room)).peerId
    await alice.join(room)
    const started = Date.now()

    expect(await alice.next('peer-left', 5 * heartbeatIntervalMs)).toEqual({ v: 1, type: 'peer-left', peerId: silentId, reason: 'disconnected' })
    // At most two intervals after connecting (ping on one tick, terminate on the next), plus scheduling slack.
    expect(Date.now() - started).toBeLessThan(3 * heartbeatIntervalMs + 100)
    expect((await silent.closed()).code).toBe(1006)
    const carol = await clients.connect(url)
    expect((await carol.join(room)).peers).toHaveLength(1)
  })

  it('keeps peers that answer pings', async () => {
    const { alice, bob } = await startCall({ heartbeatIntervalMs })
    await alice.expectNoMessage(4 * heartbeatIntervalMs)
    await bob.expectNoMessage(0)
    expect(alice.isOpen && bob.isOpen).toBe(true)
  })
})

describe('resuming a peer id after a reconnect', () => {
  it('gives a dropped peer its old id back and tells the room it joined again', async () => {
    const { url } = await start()
    const room = generateRoomCode()
    const alice = await clients.connect(url)
    const bob = await clients.connect(url)
    await alice.join(room)
    const { peerId: bobId, resumeToken } = await bob.join(room)
    await alice.next('peer-joined')
    await bob.close()
    expect(await alice.next('peer-left')).toMatchObject({ peerId: bobId, reason: 'disconnected' })
    const again = await clients.connect(url)
    again.send({ v: 1, type: 'join', room, resume: { peerId: bobId, token: resumeToken! } })
    expect(await again.next('joined')).toMatchObject({ peerId: bobId, resumeToken })
    expect(await alice.next('peer-joined')).toEqual({ v: 1, type: 'peer-joined', peerId: bobId })
  })

  it('gives a fresh id for an id it never gave out, as after a server restart (resume-claims.test.ts has the attack)', async () => {
    const { url } = await start()
    const room = generateRoomCode()
    const peerId = 'abcdefghijkl' as PeerId
    const token = 'AAAAAAAAAAAAAAAAAAAAAA' as ResumeToken
    const bob = await clients.connect(url)
    bob.send({ v: 1, type: 'join', room, resume: { peerId, token } })
    const joined = await bob.next('joined')
    expect(joined.peerId).not.toBe(peerId)
    expect(joined.resumeToken).not.toBe(token)
  })

  it('gives a fresh id when the claimed one is held by a live connection', async () => {
    const { url, bobId } = await startCall()
    const carol = await clients.connect(url)
    carol.send({ v: 1, type: 'join', room: generateRoomCode(), resume: { peerId: bobId, token: 'AAAAAAAAAAAAAAAAAAAAAA' as ResumeToken } })
    const joined = await carol.next('joined')
    expect(joined.peerId).not.toBe(bobId)
  })

  it('gives a fresh id when the token does not match the one the id was given', async () => {
    const { url, room, alice, bob, bobId } = await startCall()
    await bob.close()
    await alice.next('peer-left')
    const mallory = await clients.connect(url)
    mallory.send({ v: 1, type: 'join', room, resume: { peerId: bobId, token: 'BBBBBBBBBBBBBBBBBBBBBB' as ResumeToken } })
    const joined = await mallory.next('joined')
    expect(joined.peerId).not.toBe(bobId)
  })
})

describe('close()', () => {
  it('closes every client with 1001 and SIG_ERR_SERVER_SHUTTING_DOWN, then frees the port', async () => {
    const { url, alice, bob } = await startCall()
    const idle = await clients.connect(url)
    const closing = running()?.close()
    const expected = { code: 1001, reason: SignalingErrorCode.ServerShuttingDown }
    expect(await alice.closed()).toEqual(expected)
    expect(await bob.closed()).toEqual(expected)
    expect(await idle.closed()).toEqual(expected)
    await closing
    await expect(connectClient(url, { timeoutMs: 500 })).rejects.toThrow(/ECONNREFUSED/)
  })

  it('returns the same promise when called twice', async () => {
    const running = await start()
    const first = running.close()
    expect(running.close()).toBe(first)
    await first
  })

  it('does not wait for a client that ignores the closing handshake beyond the grace period', async () => {
    const { url } = await start({ shutdownGraceMs: 100 })
    const stuck = await clients.connect(url)
    // A paused client reads nothing, so it never answers the server's close frame.
    stuck.socket.pause()
    const started = Date.now()
    await running()?.close()
    expect(Date.now() - started).toBeLessThan(1_000)
    // The close frame was sent before the cut, so the client still learns why once it reads again.
    stuck.socket.resume()
    expect((await stuck.closed()).code).toBe(1001)
  })
})
