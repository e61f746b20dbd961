import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SignalingClient, type WebSocketLike } from '../../../src/shared/signaling-client'
import type { ConnectionState } from '../../../src/shared/ipc-contract'
import { generateRoomCode } from '../../../src/shared/room-code'
import type { PeerId } from '../../../src/shared/protocol'
import type { CallId } from '../../../src/shared/calls'
import { generatePersonalSecret, type PersonalSecret } from '../../../src/shared/personal-code'

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

describe('SignalingClient calling a person', () => {
  const callId = 'k3v0q9d2m1ab' as CallId
  let sockets: ScriptedSocket[]
  let client: SignalingClient
  let secret: PersonalSecret

  beforeEach(() => {
    vi.useFakeTimers()
    sockets = []
    secret = generatePersonalSecret()
    client = new SignalingClient({
      url: 'ws://127.0.0.1:1/signal',
      createSocket: () => {
        const socket = new ScriptedSocket()
        sockets.push(socket)
        return socket
      },
      backoff: { initialMs: 100, maxMs: 100, factor: 2, jitter: 0 },
    })
  })

  afterEach(() => {
    client.close()
    vi.useRealTimers()
  })

  /** Drops the current socket and opens the next one after the (fixed) backoff. */
  function reconnect(): ScriptedSocket {
    sockets.at(-1)!.drop()
    vi.advanceTimersByTime(100)
    const socket = sockets.at(-1)!
    socket.open()
    return socket
  }

  it('registers as soon as the connection opens, and again after every reconnect, before rejoining its room', () => {
    const room = generateRoomCode()
    client.register(secret)
    client.join(room)
    client.connect()
    sockets[0]!.open()
    expect(sockets[0]!.sent).toEqual([{ v: 1, type: 'register', secret }, { v: 1, type: 'join', room }])
    expect(reconnect().sent).toEqual([{ v: 1, type: 'register', secret }, { v: 1, type: 'join', room }])
    expect(reconnect().sent).toEqual([{ v: 1, type: 'register', secret }, { v: 1, type: 'join', room }])
  })

  it('knows its confirmed code only while the connection that registered it is up', () => {
    const code = generateRoomCode()
    const registered: string[] = []
    client.on('registered', (event) => registered.push(event.code))
    client.connect()
    sockets[0]!.open()
    client.register(secret)
    expect(client.registeredCode).toBeNull()
    sockets[0]!.receive({ v: 1, type: 'registered', code })
    expect(client.registeredCode).toBe(code)
    const next = reconnect()
    expect(client.registeredCode).toBeNull()
    next.receive({ v: 1, type: 'registered', code })
    expect(registered).toEqual([code, code])
  })

  it('forgets its registration on SIG_ERR_REPLACED, so it does not take the code back after reconnecting', () => {
    const errors: string[] = []
    client.on('error', (error) => errors.push(error.code))
    client.connect()
    sockets[0]!.open()
    client.register(secret)
    sockets[0]!.receive({ v: 1, type: 'registered', code: generateRoomCode() })
    sockets[0]!.receive({ v: 1, type: 'error', code: 'SIG_ERR_REPLACED', message: 'replaced' })
    expect(errors).toEqual(['SIG_ERR_REPLACED'])
    expect(client.registeredCode).toBeNull()
    expect(reconnect().sent).toEqual([])
  })

  it('keeps its registration through other errors', () => {
    client.connect()
    sockets[0]!.open()
    client.register(secret)
    sockets[0]!.receive({ v: 1, type: 'error', code: 'SIG_ERR_UNKNOWN_CALL', message: 'no such call' })
    sockets[0]!.receive({ v: 1, type: 'error', code: 'SIG_ERR_ROOM_FULL', message: 'full' })
    expect(reconnect().sent).toEqual([{ v: 1, type: 'register', secret }])
  })

  it('unregisters the old secret before registering a regenerated one on the same connection', () => {
    const regenerated = generatePersonalSecret()
    client.connect()
    sockets[0]!.open()
    client.register(secret)
    client.register(regenerated)
    expect(sockets[0]!.sent).toEqual([
      { v: 1, type: 'register', secret },
      { v: 1, type: 'unregister' },
      { v: 1, type: 'register', secret: regenerated },
    ])
    expect(reconnect().sent).toEqual([{ v: 1, type: 'register', secret: regenerated }])
  })

  it('sends only the newest secret when the secret changes while the link is down', () => {
    const regenerated = generatePersonalSecret()
    client.connect()
    sockets[0]!.open()
    client.register(secret)
    sockets[0]!.drop()
    client.register(regenerated)
    vi.advanceTimersByTime(100)
    sockets[1]!.open()
    expect(sockets[1]!.sent).toEqual([{ v: 1, type: 'register', secret: regenerated }])
  })

  it('registering the same secret again sends it again without unregistering', () => {
    client.connect()
    sockets[0]!.open()
    client.register(secret)
    client.register(secret)
    expect(sockets[0]!.sent).toEqual([
      { v: 1, type: 'register', secret },
      { v: 1, type: 'register', secret },
    ])
  })

  it('stops registering after unregister(), and sends unregister only when the server holds a registration', () => {
    client.connect()
    client.register(secret)
    client.unregister()
    sockets[0]!.open()
    expect(sockets[0]!.sent).toEqual([])
    client.register(secret)
    client.unregister()
    expect(sockets[0]!.sent).toEqual([{ v: 1, type: 'register', secret }, { v: 1, type: 'unregister' }])
    expect(reconnect().sent).toEqual([])
  })

  it('forgets its registration on close(), like its room', () => {
    client.connect()
    sockets[0]!.open()
    client.register(secret)
    client.close()
    client.connect()
    sockets[1]!.open()
    expect(sockets[1]!.sent).toEqual([])
  })

  it('refuses to register something that is not a personal secret', () => {
    expect(() => client.register('hunter2' as PersonalSecret)).toThrow(TypeError)
    client.connect()
    sockets[0]!.open()
    expect(sockets[0]!.sent).toEqual([])
  })

  it('sends invite, answer and cancel frames, and says false without sending while the link is down', () => {
    const to = generateRoomCode()
    const room = generateRoomCode()
    client.connect()
    expect(client.invite(callId, to, room)).toBe(false)
    expect(client.answerCall(callId, true)).toBe(false)
    expect(client.cancelCall(callId, 'hung-up')).toBe(false)
    sockets[0]!.open()
    expect(sockets[0]!.sent).toEqual([])

    expect(client.invite(callId, to, room)).toBe(true)
    expect(client.answerCall(callId, true, 'busy')).toBe(true)
    expect(client.answerCall(callId, false)).toBe(true)
    expect(client.answerCall(callId, false, 'busy')).toBe(true)
    expect(client.cancelCall(callId, 'no-answer')).toBe(true)
    expect(sockets[0]!.sent).toEqual([
      { v: 1, type: 'invite', callId, to, room },
      { v: 1, type: 'answer', callId, accept: true },
      { v: 1, type: 'answer', callId, accept: false },
      { v: 1, type: 'answer', callId, accept: false, reason: 'busy' },
      { v: 1, type: 'cancel', callId, reason: 'no-answer' },
    ])
    // Calls are not queued across a drop: the server ended them with the connection.
    expect(reconnect().sent).toEqual([])
  })

  it('delivers registered, incoming-call, call-update and call-cancelled as typed events', () => {
    const code = generateRoomCode()
    const from = generateRoomCode()
    const room = generateRoomCode()
    const seen: string[] = []
    client.on('registered', (e) => seen.push(`registered ${e.code}`))
    client.on('incoming-call', (e) => seen.push(`incoming ${e.callId} from ${e.from} in ${e.room}`))
    client.on('call-update', (e) => seen.push(`update ${e.callId} ${e.state}`))
    client.on('call-cancelled', (e) => seen.push(`cancelled ${e.callId} ${e.reason}`))
    client.connect()
    const socket = sockets[0]!
    socket.open()
    socket.receive({ v: 1, type: 'registered', code })
    socket.receive({ v: 1, type: 'incoming-call', callId, from, room })
    socket.receive({ v: 1, type: 'call-update', callId, state: 'ringing' })
    socket.receive({ v: 1, type: 'call-update', callId, state: 'no-answer' })
    socket.receive({ v: 1, type: 'call-cancelled', callId, reason: 'no-answer' })
    expect(seen).toEqual([
      `registered ${code}`,
      `incoming ${callId} from ${from} in ${room}`,
      `update ${callId} ringing`,
      `update ${callId} no-answer`,
      `cancelled ${callId} no-answer`,
    ])
  })

  it('reports a malformed call frame as an error instead of an event', () => {
    const errors: string[] = []
    const updates = vi.fn()
    client.on('error', (error) => errors.push(error.code))
    client.on('call-update', updates)
    client.connect()
    sockets[0]!.open()
    sockets[0]!.receive({ v: 1, type: 'call-update', callId, state: 'ringing-loudly' })
    expect(errors).toEqual(['SIG_ERR_BAD_MESSAGE'])
    expect(updates).not.toHaveBeenCalled()
  })

  describe('resuming its peer id after a reconnect', () => {
    const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAA'
    const joined = (room: string, peerId: PeerId) => ({ v: 1, type: 'joined', room, peerId, peers: [], iceServers: [], resumeToken: TOKEN })

    it('claims the peer id and token from joined when it rejoins the same room', () => {
      const room = generateRoomCode()
      client.connect()
      sockets[0]!.open()
      client.join(room)
      sockets[0]!.receive(joined(room, PEER_A))
      sockets[0]!.drop(1006)
      vi.advanceTimersByTime(100)
      sockets[1]!.open()
      expect(sockets[1]!.sent).toEqual([{ v: 1, type: 'join', room, resume: { peerId: PEER_A, token: TOKEN } }])
    })

    it('claims the newest id after a second drop, once the server gave another one', () => {
      const room = generateRoomCode()
      client.connect()
      sockets[0]!.open()
      client.join(room)
      sockets[0]!.receive(joined(room, PEER_A))
      sockets[0]!.drop(1006)
      vi.advanceTimersByTime(100)
      sockets[1]!.open()
      sockets[1]!.receive(joined(room, PEER_B))
      sockets[1]!.drop(1006)
      vi.advanceTimersByTime(100)
      sockets[2]!.open()
      expect(sockets[2]!.sent).toEqual([{ v: 1, type: 'join', room, resume: { peerId: PEER_B, token: TOKEN } }])
    })

    it('joins without a claim after leave() and a new join()', () => {
      const room = generateRoomCode()
      client.connect()
      sockets[0]!.open()
      client.join(room)
      sockets[0]!.receive(joined(room, PEER_A))
      client.leave()
      client.join(room)
      sockets[0]!.drop(1006)
      vi.advanceTimersByTime(100)
      sockets[1]!.open()
      expect(sockets[1]!.sent).toEqual([{ v: 1, type: 'join', room }])
    })

    it('forgets the claim on close()', () => {
      const room = generateRoomCode()
      client.connect()
      sockets[0]!.open()
      client.join(room)
      sockets[0]!.receive(joined(room, PEER_A))
      client.close()
      client.connect()
      client.join(room)
      sockets[1]!.open()
      expect(sockets[1]!.sent).toEqual([{ v: 1, type: 'join', room }])
    })

    it('sends no claim when the server gave no token', () => {
      const room = generateRoomCode()
      client.connect()
      sockets[0]!.open()
      client.join(room)
      sockets[0]!.receive({ v: 1, type: 'joined', room, peerId: PEER_A, peers: [], iceServers: [] })
      sockets[0]!.drop(1006)
      vi.advanceTimersByTime(100)
      sockets[1]!.open()
      expect(sockets[1]!.sent).toEqual([{ v: 1, type: 'join', room }])
    })
  })
})
