import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SignalingClient, type WebSocketLike } from '../../../src/shared/signaling-client'
import type { ConnectionState } from '../../../src/shared/ipc-contract'
import { generateRoomCode } from '../../../src/shared/room-code'
import type { PeerId } from '../../../src/shared/protocol'

/** A socket the test drives by hand: opens, receives and closes when told to. */
class ScriptedSocket implements WebSocketLike {
  readyState = 0
  onopen: WebSocketLike['onopen'] = null
  onclose: WebSocketLike['onclose'] = null
  onerror: WebSocketLike['onerror'] = null
  onmessage: WebSocketLike['onmessage'] = null
  readonly sent: unknown[] = []
  closedWith: { code?: number; reason?: string } | null = null

  send(data: string): void {
    this.sent.push(JSON.parse(data))
  }
  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason }
    this.readyState = 3
  }
  open(): void {
    this.readyState = 1
    this.onopen?.({})
  }
  receive(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) })
  }
  drop(code = 1006, reason = ''): void {
    this.readyState = 3
    this.onclose?.({ code, reason })
  }
}

const PEER_A = 'aaaaaaaaaaaa' as PeerId
const PEER_B = 'bbbbbbbbbbbb' as PeerId

describe('SignalingClient', () => {
  let sockets: ScriptedSocket[]
  let client: SignalingClient
  let states: ConnectionState[]

  beforeEach(() => {
    vi.useFakeTimers()
    sockets = []
    client = new SignalingClient({
      url: 'ws://127.0.0.1:1/signal',
      createSocket: () => {
        const socket = new ScriptedSocket()
        sockets.push(socket)
        return socket
      },
      backoff: { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 },
    })
    states = []
    client.on('state', (state) => states.push(state))
  })

  afterEach(() => {
    client.close()
    vi.useRealTimers()
  })

  it('sends a join made before the connection opened as soon as it opens', () => {
    const room = generateRoomCode()
    client.connect()
    client.join(room)
    expect(sockets[0]!.sent).toEqual([])
    sockets[0]!.open()
    expect(sockets[0]!.sent).toEqual([{ v: 1, type: 'join', room }])
    expect(states.map((s) => s.status)).toEqual(['connecting', 'open'])
  })

  it('reconnects with growing delays and rejoins its room after the link drops', () => {
    const room = generateRoomCode()
    client.connect()
    sockets[0]!.open()
    client.join(room)
    sockets[0]!.drop(1006)

    expect(client.state).toMatchObject({ status: 'reconnecting', attempt: 1, retryInMs: 100 })
    vi.advanceTimersByTime(99)
    expect(sockets).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sockets).toHaveLength(2)
    sockets[1]!.drop(1006)
    expect(client.state).toMatchObject({ status: 'reconnecting', attempt: 2, retryInMs: 200 })
    vi.advanceTimersByTime(200)
    sockets[2]!.open()
    expect(sockets[2]!.sent).toEqual([{ v: 1, type: 'join', room }])
    expect(client.state).toEqual({ status: 'open' })
  })

  it('says why it is reconnecting, with the close reason the server gave', () => {
    client.connect()
    sockets[0]!.open()
    sockets[0]!.drop(1001, 'SIG_ERR_SERVER_SHUTTING_DOWN')
    expect(client.state).toMatchObject({ status: 'reconnecting', lastError: 'SIG_ERR_SERVER_SHUTTING_DOWN (1001)' })
  })

  it('forgets a room the server refused, so it does not knock again after reconnecting', () => {
    const room = generateRoomCode()
    const errors: string[] = []
    client.on('error', (error) => errors.push(error.code))
    client.connect()
    sockets[0]!.open()
    client.join(room)
    sockets[0]!.receive({ v: 1, type: 'error', code: 'SIG_ERR_ROOM_FULL', message: 'full' })
    expect(errors).toEqual(['SIG_ERR_ROOM_FULL'])
    expect(client.room).toBeNull()
    sockets[0]!.drop()
    vi.advanceTimersByTime(100)
    sockets[1]!.open()
    expect(sockets[1]!.sent).toEqual([])
  })

  it('delivers each server message as its own typed event', () => {
    const room = generateRoomCode()
    const seen: string[] = []
    client.on('joined', (e) => seen.push(`joined ${e.peerId} with ${e.peers.join(',')}`))
    client.on('peer-joined', (e) => seen.push(`peer-joined ${e.peerId}`))
    client.on('description', (e) => seen.push(`${e.description.type} from ${e.from}`))
    client.on('candidate', (e) => seen.push(`candidate from ${e.from}`))
    client.on('peer-left', (e) => seen.push(`peer-left ${e.peerId} ${e.reason}`))
    client.connect()
    const socket = sockets[0]!
    socket.open()
    socket.receive({ v: 1, type: 'joined', room, peerId: PEER_A, peers: [], iceServers: [] })
    socket.receive({ v: 1, type: 'peer-joined', peerId: PEER_B })
    socket.receive({ v: 1, type: 'signal', from: PEER_B, data: { kind: 'description', description: { type: 'offer', sdp: 'v=0' } } })
    socket.receive({ v: 1, type: 'signal', from: PEER_B, data: { kind: 'candidate', candidate: { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null } } })
    socket.receive({ v: 1, type: 'peer-left', peerId: PEER_B, reason: 'left' })
    expect(seen).toEqual([
      `joined ${PEER_A} with `,
      `peer-joined ${PEER_B}`,
      `offer from ${PEER_B}`,
      `candidate from ${PEER_B}`,
      `peer-left ${PEER_B} left`,
    ])
  })

  it('reports a malformed server frame as an error and carries on', () => {
    const errors: string[] = []
    const joined = vi.fn()
    client.on('error', (error) => errors.push(`${error.code}: ${error.message}`))
    client.on('joined', joined)
    client.connect()
    sockets[0]!.open()
    sockets[0]!.receive('{not json')
    sockets[0]!.receive({ v: 1, type: 'joined', room: 'nope', peerId: PEER_A, peers: [], iceServers: [] })
    sockets[0]!.receive({ v: 2, type: 'joined' })
    expect(errors).toHaveLength(3)
    expect(errors[0]).toMatch(/^SIG_ERR_BAD_MESSAGE: .*not valid JSON/)
    expect(errors[2]).toMatch(/^SIG_ERR_UNSUPPORTED_VERSION/)
    expect(joined).not.toHaveBeenCalled()
    expect(client.state).toEqual({ status: 'open' })
  })

  it('does not send signals while the link is down, and says so', () => {
    client.connect()
    expect(client.sendDescription(PEER_B, { type: 'offer', sdp: 'v=0' })).toBe(false)
    sockets[0]!.open()
    expect(client.sendDescription(PEER_B, { type: 'offer', sdp: 'v=0' })).toBe(true)
    expect(sockets[0]!.sent).toEqual([{ v: 1, type: 'signal', to: PEER_B, data: { kind: 'description', description: { type: 'offer', sdp: 'v=0' } } }])
  })

  it('stops for good on close: no retry timer, no socket, state closed', () => {
    client.connect()
    sockets[0]!.open()
    sockets[0]!.drop()
    client.close()
    expect(vi.getTimerCount()).toBe(0)
    vi.advanceTimersByTime(10_000)
    expect(sockets).toHaveLength(1)
    expect(client.state).toEqual({ status: 'closed' })
  })

  it('keeps retrying when creating the socket itself throws', () => {
    let calls = 0
    const throwing = new SignalingClient({
      url: 'ws://bad',
      createSocket: () => {
        calls += 1
        throw new SyntaxError('Invalid URL')
      },
      backoff: { initialMs: 100, maxMs: 100, factor: 2, jitter: 0 },
    })
    throwing.connect()
    expect(throwing.state).toMatchObject({ status: 'reconnecting', lastError: 'Invalid URL' })
    vi.advanceTimersByTime(100)
    expect(calls).toBe(2)
    throwing.close()
  })
})
