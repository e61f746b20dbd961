/**
 * Claiming someone else's peer id with `join.resume` (docs/security.md, "Resume claims"), against a real server:
 * a claim is granted only for a token the server itself issued for that id, so an id whose token the server
 * never issued, or has forgotten (the table is bounded, and joins fill it), is never handed to the claimant.
 */
import { describe, expect, it } from 'vitest'
import * as options from '../../../src/server/options'
import type { PeerId, ResumeToken } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import { useSignalingServer } from '../../support/signaling-server-harness'

const { clients, start } = useSignalingServer()
const WRONG_TOKEN = 'BBBBBBBBBBBBBBBBBBBBBB' as ResumeToken
/** How many tokens the server keeps by default: joining this many more pushes the oldest out. */
const TABLE_SIZE = (options as { DEFAULT_MAX_RESUME_TOKENS?: number }).DEFAULT_MAX_RESUME_TOKENS ?? 10_000

describe('claiming a peer id with a token the server does not know', () => {
  it('gets a fresh id for an id the server never issued', async () => {
    const { url } = await start()
    const mallory = await clients.connect(url)
    const claimed = 'abcdefghijkl' as PeerId
    mallory.send({ v: 1, type: 'join', room: generateRoomCode(), resume: { peerId: claimed, token: WRONG_TOKEN } })
    const joined = await mallory.next('joined')
    expect(joined.peerId).not.toBe(claimed)
    expect(joined.resumeToken).not.toBe(WRONG_TOKEN)
  })

  it('gets a fresh id after enough joins pushed the real token out of the table', async () => {
    const { url } = await start()
    const room = generateRoomCode()
    const alice = await clients.connect(url, { localAddress: '127.0.7.1' })
    const bob = await clients.connect(url, { localAddress: '127.0.7.2' })
    await alice.join(room)
    const { peerId: bobId } = await bob.join(room)
    await alice.next('peer-joined')
    await bob.close()
    await alice.next('peer-left')

    // Each connection joins 100 empty rooms (within the free misses of its address and its message burst).
    const perClient = 100
    const churners = await Promise.all(
      Array.from({ length: Math.ceil((TABLE_SIZE + 1) / perClient) }, (_, i) => clients.connect(url, { localAddress: `127.0.${8 + (i >> 8)}.${(i & 255) + 1}`, timeoutMs: 30_000 })),
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
  }, 60_000)
})
