/**
 * The limits on what flows over an open connection, against a real server: frames per second, bytes waiting
 * for a client that does not read, frames waiting to be handled, and the size and pieces of one message.
 */
import { describe, expect, it } from 'vitest'
import { generateRoomCode } from '../../../src/shared/room-code'
import { SignalingCloseReason, SignalingErrorCode } from '../../../src/shared/signaling-errors'
import { openRawWebSocket, encodeFrame, textFrame } from '../../support/raw-ws'
import { candidate, offer } from '../../support/signal-data'
import { errorCount, useSignalingServer } from '../../support/signaling-server-harness'

const { clients, start } = useSignalingServer({ metrics: true })

describe('the message rate', () => {
  it('refuses frames past the burst with SIG_ERR_RATE_LIMITED, in order, then closes a client that keeps on with 1008', async () => {
    const { url } = await start({ messageBurst: 10, messagesPerSecond: 1, maxRateViolations: 3 })
    const client = await clients.connect(url)
    for (let i = 0; i < 14; i++) client.send({ v: 1, type: 'leave' })
    for (let i = 0; i < 10; i++) expect((await client.next('error')).code).toBe(SignalingErrorCode.NotInRoom)
    for (let i = 0; i < 3; i++) {
      const refused = await client.next('error')
      expect(refused.code).toBe(SignalingErrorCode.RateLimited)
      expect(refused.retryAfterMs).toBeGreaterThan(0)
    }
    expect(await client.closed()).toEqual({ code: 1008, reason: SignalingErrorCode.RateLimited })
  })

  it('forgives a client that calms down until its burst is back', async () => {
    const { url } = await start({ messageBurst: 3, messagesPerSecond: 30, maxRateViolations: 1 })
    const client = await clients.connect(url)
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) client.send({ v: 1, type: 'leave' })
      for (let i = 0; i < 3; i++) expect((await client.next('error')).code).toBe(SignalingErrorCode.NotInRoom)
      expect((await client.next('error')).code).toBe(SignalingErrorCode.RateLimited)
      await new Promise((resolve) => setTimeout(resolve, 150))
    }
    expect(client.isOpen).toBe(true)
  })

  it('relays a whole call setup at the default limits: offer, answer and a burst of 80 candidates each way', async () => {
    const { url } = await start()
    const room = generateRoomCode()
    const alice = await clients.connect(url)
    const bob = await clients.connect(url)
    const aliceId = (await alice.join(room)).peerId
    const bobId = (await bob.join(room)).peerId
    await alice.next('peer-joined')
    alice.send({ v: 1, type: 'signal', to: bobId, data: offer() })
    bob.send({ v: 1, type: 'signal', to: aliceId, data: offer() })
    for (let i = 0; i < 80; i++) {
      alice.send({ v: 1, type: 'signal', to: bobId, data: candidate(i) })
      bob.send({ v: 1, type: 'signal', to: aliceId, data: candidate(i) })
    }
    for (let i = 0; i < 81; i++) {
      expect((await alice.next('signal')).from).toBe(bobId)
      expect((await bob.next('signal')).from).toBe(aliceId)
    }
  })
})

describe('a client that does not read', () => {
  /**
   * Alice and a raw client `slow` in one room; `slow` stops reading and Alice sends it 30 MB of offers (loopback
   * TCP buffers hold megabytes before the server's own buffer grows, so a lot is sent).
   */
  async function floodAClientThatDoesNotRead(url: string, aliceTimeoutMs: number) {
    const room = generateRoomCode()
    const alice = await clients.connect(url, { timeoutMs: aliceTimeoutMs })
    await alice.join(room)
    const slow = await openRawWebSocket(url)
    slow.write(textFrame(JSON.stringify({ v: 1, type: 'join', room })))
    const slowId = (await alice.next('peer-joined')).peerId
    // From now on nothing is read: the kernel's buffers fill up, then the server's.
    slow.socket.pause()
    const bigOffer = offer(`v=0 ${'x'.repeat(50_000)}`)
    for (let i = 0; i < 600; i++) alice.send({ v: 1, type: 'signal', to: slowId, data: bigOffer })
    return { alice, slow, slowId }
  }

  it('is closed with 1013 SIG_ERR_SLOW_CONSUMER once more than maxBufferedBytesPerConnection waits for it, and its room is told', async () => {
    const { url, httpUrl } = await start({ maxBufferedBytesPerConnection: 256 * 1024, messageBurst: 1_000 })
    const { alice, slow, slowId } = await floodAClientThatDoesNotRead(url, 5_000)
    await expect.poll(() => errorCount(httpUrl, SignalingCloseReason.SlowConsumer), { timeout: 5_000 }).toBe(1)
    // Reading again, it finds what was sent before the limit, then the close frame.
    slow.socket.resume()
    expect(await slow.closed()).toEqual({ code: 1013, reason: SignalingCloseReason.SlowConsumer })
    expect(await alice.next('peer-left')).toEqual({ v: 1, type: 'peer-left', peerId: slowId, reason: 'disconnected' })
  })

  it('is cut off after a short grace if it never reads its close frame', async () => {
    const { url } = await start({ maxBufferedBytesPerConnection: 64 * 1024, messageBurst: 1_000 })
    const { alice, slow, slowId } = await floodAClientThatDoesNotRead(url, 6_000)
    expect(await alice.next('peer-left')).toMatchObject({ peerId: slowId, reason: 'disconnected' })
    slow.destroy()
  })
})

describe('frames waiting to be handled', () => {
  it('closes the connection with 1013 SIG_ERR_BACKLOG when a frame waited longer than maxFrameWaitMs', async () => {
    // A join slowed down by the attempt throttle holds the frames behind it: here for 300 ms, allowed 100.
    const { url } = await start({ freeFailedAttempts: 0, failedAttemptDelayMs: 300, maxFailedAttemptDelayMs: 300, maxFrameWaitMs: 100 })
    const client = await clients.connect(url)
    await client.join(generateRoomCode())
    client.send({ v: 1, type: 'leave' })
    client.send({ v: 1, type: 'join', room: generateRoomCode() })
    client.send({ v: 1, type: 'leave' })
    await client.next('joined')
    expect(await client.closed()).toEqual({ code: 1013, reason: SignalingCloseReason.Backlog })
  })
})

describe('the size and pieces of a message', () => {
  it('handles a valid message that comes in several fragments', async () => {
    const { url } = await start()
    const raw = await openRawWebSocket(url)
    const text = Buffer.from(JSON.stringify({ v: 1, type: 'join', room: generateRoomCode() }))
    raw.write(Buffer.concat([
      encodeFrame({ opcode: 0x1, fin: false, payload: text.subarray(0, 10) }),
      encodeFrame({ opcode: 0x0, fin: false, payload: text.subarray(10, 20) }),
      encodeFrame({ opcode: 0x0, fin: true, payload: text.subarray(20) }),
    ]))
    await expect.poll(() => raw.texts().length).toBe(1)
    expect(JSON.parse(raw.texts()[0]!)).toMatchObject({ type: 'joined' })
    raw.destroy()
  })

  it('closes with 1008 SIG_ERR_TOO_MANY_FRAGMENTS when one message comes in more than maxFragments pieces', async () => {
    const { url, httpUrl } = await start({ maxFragments: 16 })
    const raw = await openRawWebSocket(url)
    const pieces = [encodeFrame({ opcode: 0x1, fin: false, payload: Buffer.from('{') })]
    for (let i = 0; i < 40; i++) pieces.push(encodeFrame({ opcode: 0x0, fin: false }))
    raw.write(Buffer.concat(pieces))
    expect(await raw.closed()).toEqual({ code: 1008, reason: SignalingCloseReason.TooManyFragments })
    expect(await errorCount(httpUrl, SignalingCloseReason.TooManyFragments)).toBe(1)
  })

  it('closes with 1009 SIG_ERR_MESSAGE_TOO_LARGE when fragments add up to more than maxPayload', async () => {
    const { url } = await start({ maxPayload: 1_000 })
    const raw = await openRawWebSocket(url)
    const pieces = [encodeFrame({ opcode: 0x1, fin: false, payload: Buffer.alloc(400, 0x20) })]
    for (let i = 0; i < 3; i++) pieces.push(encodeFrame({ opcode: 0x0, fin: false, payload: Buffer.alloc(400, 0x20) }))
    raw.write(Buffer.concat(pieces))
    expect(await raw.closed()).toEqual({ code: 1009, reason: SignalingErrorCode.MessageTooLarge })
  })

  it('closes with 1009 on a frame that only claims to be huge, without waiting for its bytes', async () => {
    const { url } = await start()
    const raw = await openRawWebSocket(url)
    raw.write(encodeFrame({ opcode: 0x1, payload: Buffer.from('{}'), claimedLength: 2 ** 40 }))
    expect(await raw.closed()).toEqual({ code: 1009, reason: SignalingErrorCode.MessageTooLarge })
  })
})
