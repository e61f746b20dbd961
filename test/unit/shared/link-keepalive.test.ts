/**
 * The keepalive of a `SignalingClient` during a call (link-keepalive.ts): a ping every interval while in a room,
 * a socket that answers none given up and reconnected with the resume claim, and quiet towards servers that
 * predate `ping`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PeerId, ResumeToken } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import { SignalingCloseReason } from '../../../src/shared/signaling-errors'
import { scriptedClient } from './scripted-socket'

const PEER = 'aaaaaaaaaaaa' as PeerId
const TOKEN = 'q8Xr1m0Zb3kP9sT2uVwYzA' as ResumeToken

describe('the signaling keepalive', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  function inACall(keepaliveMs = 1_000) {
    const scripted = scriptedClient({ keepaliveMs })
    const room = generateRoomCode()
    scripted.client.connect()
    scripted.latest().open()
    scripted.client.join(room)
    scripted.latest().receive({ type: 'joined', room, peerId: PEER, peers: [], iceServers: [], resumeToken: TOKEN })
    return { ...scripted, room }
  }

  it('pings once a second in a call, and not at all outside one', () => {
    const { client, latest } = scriptedClient({ keepaliveMs: 1_000 })
    client.connect()
    latest().open()
    vi.advanceTimersByTime(5_000)
    expect(latest().sentOf('ping')).toEqual([])

    const { client: calling, latest: socket } = inACall()
    for (let i = 1; i <= 3; i++) {
      vi.advanceTimersByTime(1_000)
      expect(socket().sentOf('ping')).toHaveLength(i)
      socket().receive({ type: 'pong' })
    }
    calling.leave()
    vi.advanceTimersByTime(5_000)
    expect(socket().sentOf('ping')).toHaveLength(3)
    client.close()
    calling.close()
  })

  it('gives up a socket whose ping waits 5 s, and rejoins claiming the same peer id', () => {
    const { client, sockets, room } = inACall()
    const states: string[] = []
    client.on('state', (state) => states.push(state.status === 'reconnecting' ? `reconnecting: ${state.lastError}` : state.status))
    vi.advanceTimersByTime(1_000)
    expect(sockets[0]!.sentOf('ping')).toHaveLength(1)
    vi.advanceTimersByTime(4_000)
    expect(sockets).toHaveLength(1)
    vi.advanceTimersByTime(1_000)
    expect(states).toEqual(['reconnecting: no answer to ping for 5000 ms'])
    // A ping is never sent twice on one socket: the first one either comes back or condemns it.
    expect(sockets[0]!.sentOf('ping')).toHaveLength(1)
    vi.advanceTimersByTime(100)
    sockets[1]!.open()
    expect(sockets[1]!.sentOf('join')).toEqual([{ v: 1, type: 'join', room, resume: { peerId: PEER, token: TOKEN } }])
    client.close()
  })

  it('keeps a socket whose pings are answered', () => {
    const { client, sockets } = inACall()
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(1_000)
      sockets[0]!.receive({ type: 'pong' })
    }
    expect(sockets).toHaveLength(1)
    expect(client.state).toEqual({ status: 'open' })
    client.close()
  })

  it('stops pinging a server that does not know ping, without telling the app', () => {
    const { client, sockets } = inACall()
    const errors: string[] = []
    client.on('error', (error) => errors.push(error.code))
    vi.advanceTimersByTime(1_000)
    sockets[0]!.receive({ type: 'error', code: 'SIG_ERR_UNKNOWN_TYPE', message: 'unknown message type "ping"' })
    vi.advanceTimersByTime(10_000)
    expect(sockets[0]!.sentOf('ping')).toHaveLength(1)
    expect(sockets).toHaveLength(1)
    expect(errors).toEqual([])
    client.close()
  })

  it('does not claim its id back after another connection took it over', () => {
    const { client, sockets, room } = inACall()
    sockets[0]!.drop(4000, SignalingCloseReason.ResumedElsewhere)
    vi.advanceTimersByTime(100)
    sockets[1]!.open()
    expect(sockets[1]!.sentOf('join')).toEqual([{ v: 1, type: 'join', room }])
    client.close()
  })

  it('leaves no timer behind when closed', () => {
    const { client } = inACall()
    client.close()
    expect(vi.getTimerCount()).toBe(0)
  })
})
