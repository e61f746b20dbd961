/**
 * Claiming someone else's peer id with `join.resume` (docs/security.md, "Resume claims"), against a real server:
 * a claim is granted only for a token that is the server's MAC of that room and id under its resume key, so a
 * token the server did not make is refused whatever the server saw before (a restart, another process, any
 * number of joins), and the real one is granted just the same.
 */
import { describe, expect, it } from 'vitest'
import type { PeerId, ResumeToken } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import { SignalingErrorCode } from '../../../src/shared/signaling-errors'
import { useSignalingServer } from '../../support/signaling-server-harness'

const { clients, start } = useSignalingServer()
const WRONG_TOKEN = 'BBBBBBBBBBBBBBBBBBBBBB' as ResumeToken
/** The tokens the server used to keep, plus one: joining this many pushed the oldest out of its old table. */
const OLD_TABLE_SIZE = 10_000
const KEY = 'resume-claims-test-key-0123456789abcdef'

describe('claiming a peer id with a token the server did not make', () => {
  it('gets a fresh id for an id the server never issued', async () => {
    const { url } = await start()
    const mallory = await clients.connect(url)
    const claimed = 'abcdefghijkl' as PeerId
    mallory.send({ v: 1, type: 'join', room: generateRoomCode(), resume: { peerId: claimed, token: WRONG_TOKEN } })
    const joined = await mallory.next('joined')
    expect(joined.peerId).not.toBe(claimed)
    expect(joined.resumeToken).not.toBe(WRONG_TOKEN)
  })

  it('gets a fresh id with a wrong token after any number of joins, while the real token still works', async () => {
    const { url } = await start()
    const room = generateRoomCode()
    const alice = await clients.connect(url, { localAddress: '127.0.7.1' })
    const bob = await clients.connect(url, { localAddress: '127.0.7.2' })
    await alice.join(room)
    const { peerId: bobId, resumeToken: bobToken } = await bob.join(room)
    await alice.next('peer-joined')
    await bob.close()
    await alice.next('peer-left')

    // Each connection joins 100 empty rooms (within the free misses of its address and its message burst).
    const perClient = 100
    const churners = await Promise.all(
      Array.from({ length: Math.ceil((OLD_TABLE_SIZE + 1) / perClient) }, (_, i) => clients.connect(url, { localAddress: `127.0.${8 + (i >> 8)}.${(i & 255) + 1}`, timeoutMs: 30_000 })),
    )
    await Promise.all(
      churners.map(async (client) => {
        for (let i = 0; i < perClient; i++) {
          client.send({ v: 1, type: 'join', room: generateRoomCode() })
          client.send({ v: 1, type: 'leave' })
        }
        for (let i = 0; i < perClient; i++) await client.next('joined')
      }),
    )

    const mallory = await clients.connect(url, { localAddress: '127.0.7.3' })
    mallory.send({ v: 1, type: 'join', room, resume: { peerId: bobId, token: WRONG_TOKEN } })
    const joined = await mallory.next('joined')
    expect(joined.peerId).not.toBe(bobId)
    expect(await alice.next('peer-joined')).toEqual({ v: 1, type: 'peer-joined', peerId: joined.peerId })
    await mallory.close()
    await alice.next('peer-left')

    const bobAgain = await clients.connect(url, { localAddress: '127.0.7.2' })
    bobAgain.send({ v: 1, type: 'join', room, resume: { peerId: bobId, token: bobToken! } })
    expect(await bobAgain.next('joined')).toMatchObject({ peerId: bobId, resumeToken: bobToken })
    expect(await alice.next('peer-joined')).toEqual({ v: 1, type: 'peer-joined', peerId: bobId })
  }, 60_000)

  it('counts a wrong token as a miss of the claimant’s address, and a right one not', async () => {
    // One miss blocks: the first attempt after it is refused.
    const { url } = await start({ freeFailedAttempts: 0, blockAfterFailedAttempts: 1 })
    const room = generateRoomCode()
    const alice = await clients.connect(url, { localAddress: '127.0.7.1' })
    const bob = await clients.connect(url, { localAddress: '127.0.7.2' })
    const mallory = await clients.connect(url, { localAddress: '127.0.7.3' })
    await alice.join(room)
    const { peerId: bobId, resumeToken: bobToken } = await bob.join(room)
    await bob.close()
    expect(await alice.next('peer-joined')).toMatchObject({ peerId: bobId })
    expect(await alice.next('peer-left')).toMatchObject({ peerId: bobId })

    // Bob's claim meets Alice and verifies: no miss, so his address may go on joining.
    const bobAgain = await clients.connect(url, { localAddress: '127.0.7.2' })
    bobAgain.send({ v: 1, type: 'join', room, resume: { peerId: bobId, token: bobToken! } })
    expect((await bobAgain.next('joined')).peerId).toBe(bobId)
    bobAgain.send({ v: 1, type: 'leave' })
    bobAgain.send({ v: 1, type: 'join', room, resume: { peerId: bobId, token: bobToken! } })
    expect((await bobAgain.next('joined')).peerId).toBe(bobId)
    await bobAgain.close()
    for (const type of ['peer-joined', 'peer-left', 'peer-joined', 'peer-left'] as const) await alice.next(type)

    // Mallory's claim meets Alice too, but with a wrong token: a miss, and her next attempt is refused.
    mallory.send({ v: 1, type: 'join', room, resume: { peerId: bobId, token: WRONG_TOKEN } })
    expect((await mallory.next('joined')).peerId).not.toBe(bobId)
    mallory.send({ v: 1, type: 'leave' })
    mallory.send({ v: 1, type: 'join', room })
    expect((await mallory.next('error')).code).toBe(SignalingErrorCode.TooManyAttempts)
  })

  it('refuses a real token after a restart under another key, and grants it after a restart under the same key', async () => {
    const room = generateRoomCode()
    const first = await start({ resumeKey: KEY })
    const bob = await clients.connect(first.url)
    const { peerId: bobId, resumeToken: bobToken } = await bob.join(room)
    await clients.closeAll()
    await first.close()

    const otherKey = await start({ resumeKey: `${KEY}-rotated` })
    const claimant = await clients.connect(otherKey.url)
    claimant.send({ v: 1, type: 'join', room, resume: { peerId: bobId, token: bobToken! } })
    expect((await claimant.next('joined')).peerId).not.toBe(bobId)
    await clients.closeAll()
    await otherKey.close()

    const sameKey = await start({ resumeKey: KEY })
    const bobAgain = await clients.connect(sameKey.url)
    bobAgain.send({ v: 1, type: 'join', room, resume: { peerId: bobId, token: bobToken! } })
    expect(await bobAgain.next('joined')).toMatchObject({ peerId: bobId, resumeToken: bobToken })
  })

  it('does not grant a token in another room than the one it was made for', async () => {
    const { url } = await start()
    const bob = await clients.connect(url)
    const { peerId: bobId, resumeToken: bobToken } = await bob.join(generateRoomCode())
    await bob.close()
    const elsewhere = await clients.connect(url)
    elsewhere.send({ v: 1, type: 'join', room: generateRoomCode(), resume: { peerId: bobId, token: bobToken! } })
    expect((await elsewhere.next('joined')).peerId).not.toBe(bobId)
  })
})
