/**
 * A resume claim whose token verifies takes its peer id over from a connection that still holds it
 * (docs/protocol.md, "Resuming a peer id after a reconnect"). The usual case: a client whose public address changed
 * mid-call reconnects while the server still holds its old, half-open socket. Played here by a hand-made WebSocket
 * (raw-ws.ts) that never answers anything, not even the close frame, so the server must cut it, late.
 */
import { describe, expect, it } from 'vitest'
import { parseServerMessage, type JoinedMessage, type ServerMessage } from '../../../src/shared/protocol'
import { generateRoomCode, type RoomCode } from '../../../src/shared/room-code'
import { SignalingCloseReason, SignalingErrorCode } from '../../../src/shared/signaling-errors'
import { openRawWebSocket, textFrame, type RawWebSocket } from '../../support/raw-ws'
import { errorCount, useSignalingServer } from '../../support/signaling-server-harness'
import { offer, answer } from '../../support/signal-data'

const { clients, start } = useSignalingServer({ metrics: true })

/** Joins `room` over a raw socket and returns what `joined` said. */
async function rawJoin(raw: RawWebSocket, room: RoomCode): Promise<JoinedMessage> {
  raw.write(textFrame(JSON.stringify({ v: 1, type: 'join', room })))
  for (let waited = 0; waited < 2_000; waited += 10) {
    const joined = raw
      .texts()
      .map((text) => parseServerMessage(text))
      .map((parsed) => (parsed.ok ? parsed.message : undefined))
      .find((message): message is Extract<ServerMessage, { type: 'joined' }> => message?.type === 'joined')
    if (joined) return joined
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('no joined on the raw socket')
}

describe('a resume claim on an id a connection still holds', () => {
  it('hands the id to the claimant, cuts the half-open holder, and tells the other member nothing', async () => {
    const server = await start()
    const room = generateRoomCode()
    const alice = await clients.connect(server.url)
    const aliceId = (await alice.join(room)).peerId
    const stale = await openRawWebSocket(server.url)
    const { peerId: bobId, resumeToken } = await rawJoin(stale, room)
    expect(await alice.next('peer-joined')).toMatchObject({ peerId: bobId })

    const bob = await clients.connect(server.url)
    bob.send({ v: 1, type: 'join', room, resume: { peerId: bobId, token: resumeToken! } })
    expect(await bob.next('joined')).toMatchObject({ peerId: bobId, peers: [aliceId], resumeToken })
    // The holder never answers the close frame: it is cut after 2 s, and its departure is handled only then.
    expect(await stale.closed(5_000)).toEqual({ code: 4000, reason: SignalingCloseReason.ResumedElsewhere })
    await alice.expectNoMessage(100)

    // The id goes on with Bob's new connection, both ways, and still fills its place in the room.
    alice.send({ v: 1, type: 'signal', to: bobId, data: offer() })
    expect(await bob.next('signal')).toEqual({ v: 1, type: 'signal', from: aliceId, data: offer() })
    bob.send({ v: 1, type: 'signal', to: aliceId, data: answer() })
    expect(await alice.next('signal')).toEqual({ v: 1, type: 'signal', from: bobId, data: answer() })
    const carol = await clients.connect(server.url)
    carol.send({ v: 1, type: 'join', room })
    expect((await carol.next('error')).code).toBe(SignalingErrorCode.RoomFull)
    expect(server.stats()).toMatchObject({ connections: 3, rooms: 1 })
    expect(await errorCount(server.httpUrl, SignalingCloseReason.ResumedElsewhere)).toBe(1)

    // Only the holder's own departure tells the room.
    await bob.close()
    expect(await alice.next('peer-left')).toEqual({ v: 1, type: 'peer-left', peerId: bobId, reason: 'disconnected' })
  })

  it('keeps the new holder when the old connection closes at once after the take-over', async () => {
    const server = await start()
    const room = generateRoomCode()
    const alice = await clients.connect(server.url)
    const aliceId = (await alice.join(room)).peerId
    const old = await clients.connect(server.url)
    const { peerId: bobId, resumeToken } = await old.join(room)
    await alice.next('peer-joined')

    const bob = await clients.connect(server.url)
    bob.send({ v: 1, type: 'join', room, resume: { peerId: bobId, token: resumeToken! } })
    expect((await bob.next('joined')).peerId).toBe(bobId)
    // A live old connection reads why it was closed (and must not claim the id back).
    expect(await old.closed()).toEqual({ code: 4000, reason: SignalingCloseReason.ResumedElsewhere })
    await alice.expectNoMessage(100)
    alice.send({ v: 1, type: 'signal', to: bobId, data: offer() })
    expect(await bob.next('signal')).toMatchObject({ from: aliceId })
  })

  it('takes the id even from a connection that goes on answering pings, but never one in another room', async () => {
    const server = await start()
    const room = generateRoomCode()
    const old = await clients.connect(server.url)
    const { peerId: bobId, resumeToken } = await old.join(room)
    const elsewhere = await clients.connect(server.url)
    elsewhere.send({ v: 1, type: 'join', room: generateRoomCode(), resume: { peerId: bobId, token: resumeToken! } })
    expect((await elsewhere.next('joined')).peerId).not.toBe(bobId)
    expect(old.isOpen).toBe(true)

    const bob = await clients.connect(server.url)
    bob.send({ v: 1, type: 'join', room, resume: { peerId: bobId, token: resumeToken! } })
    expect(await bob.next('joined')).toMatchObject({ peerId: bobId, peers: [] })
    expect((await old.closed()).reason).toBe(SignalingCloseReason.ResumedElsewhere)
  })
})
