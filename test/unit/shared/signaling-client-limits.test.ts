import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ConnectionState, SignalingErrorEvent } from '../../../src/shared/ipc-contract'
import { generatePersonalSecret } from '../../../src/shared/personal-code'
import type { PeerId } from '../../../src/shared/protocol'
import { generateRoomCode } from '../../../src/shared/room-code'
import type { SignalingClient } from '../../../src/shared/signaling-client'
import { scriptedClient, type ScriptedSocket } from './scripted-socket'
import type { CallId } from '../../../src/shared/calls'

/** What the server's limits look like to the client: throttled messages, closes for load, refused upgrades. */
describe('SignalingClient under the server limits', () => {
  let sockets: ScriptedSocket[]
  let client: SignalingClient
  let states: ConnectionState[]
  let errors: SignalingErrorEvent[]
  const latest = (): ScriptedSocket => sockets[sockets.length - 1]!

  beforeEach(() => {
    vi.useFakeTimers()
    ;({ client, sockets } = scriptedClient({ backoff: { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 }, refusedRetryMs: 60_000 }))
    states = []
    errors = []
    client.on('state', (state) => states.push(state))
    client.on('error', (error) => errors.push(error))
  })

  afterEach(() => {
    client.close()
    vi.useRealTimers()
  })

  /** The socket fails the way the app's `ws` adapter reports an HTTP refusal of the upgrade. */
  function refuse(socket: ScriptedSocket, refusal: { status: number; code: string | null; retryAfterMs: number | null }): void {
    socket.onerror?.({ type: 'error', message: `Unexpected server response: ${refusal.status}`, refusal })
    socket.onerror?.({ type: 'error', message: 'WebSocket was closed before the connection was established' })
    socket.drop(1006)
  }

  it.each(['SIG_ERR_SLOW_CONSUMER', 'SIG_ERR_BACKLOG'])('reconnects with the ordinary backoff and rejoins after a 1013 close with %s', (reason) => {
    const room = generateRoomCode()
    client.connect()
    latest().open()
    client.join(room)
    latest().receive({ type: 'joined', room, peerId: 'aaaaaaaaaaaa', peers: [], iceServers: [], resumeToken: 'x'.repeat(22) })
    latest().drop(1013, reason)

    expect(client.state).toMatchObject({ status: 'reconnecting', retryInMs: 100, lastError: `${reason} (1013)` })
    expect(client.state).not.toHaveProperty('refusal')
    vi.advanceTimersByTime(100)
    expect(sockets).toHaveLength(2)
    latest().open()
    expect(latest().sentOf('join')).toEqual([{ v: 1, type: 'join', room, resume: { peerId: 'aaaaaaaaaaaa', token: 'x'.repeat(22) } }])
  })

  it('waits at least as long as Retry-After says when the upgrade is refused with 429', () => {
    client.connect()
    refuse(latest(), { status: 429, code: 'SIG_ERR_CONNECTING_TOO_FAST', retryAfterMs: 5_000 })

    expect(client.state).toEqual({
      status: 'reconnecting',
      attempt: 2,
      retryInMs: 5_000,
      lastError: 'The server refused the connection: this network connects too often',
      refusal: { status: 429, code: 'SIG_ERR_CONNECTING_TOO_FAST', retryAfterMs: 5_000 },
    })
    vi.advanceTimersByTime(4_999)
    expect(sockets).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sockets).toHaveLength(2)
  })

  it('keeps its own backoff when it is longer than Retry-After', () => {
    client.connect()
    refuse(latest(), { status: 429, code: 'SIG_ERR_TOO_MANY_CONNECTIONS', retryAfterMs: 10 })
    expect(client.state).toMatchObject({ status: 'reconnecting', retryInMs: 200, lastError: 'The server refused the connection: too many connections from this network' })
  })

  it('stops retrying fast and says why when the server does not accept this app (403 origin not allowed)', () => {
    client.connect()
    refuse(latest(), { status: 403, code: 'SIG_ERR_ORIGIN_NOT_ALLOWED', retryAfterMs: null })

    expect(client.state).toMatchObject({
      status: 'reconnecting',
      retryInMs: 60_000,
      lastError: 'This server does not accept connections from this app (origin not allowed)',
      refusal: { status: 403, code: 'SIG_ERR_ORIGIN_NOT_ALLOWED' },
    })
    vi.advanceTimersByTime(59_999)
    expect(sockets).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sockets).toHaveLength(2)
  })

  it('waits as long after 421 host not allowed, which no retry can change, and honours Retry-After of 503 server full', () => {
    client.connect()
    refuse(latest(), { status: 421, code: 'SIG_ERR_HOST_NOT_ALLOWED', retryAfterMs: null })
    expect(client.state).toMatchObject({
      status: 'reconnecting',
      retryInMs: 60_000,
      lastError: 'The server does not answer to the name this app uses for it (host not allowed)',
    })
    vi.advanceTimersByTime(60_000)
    refuse(latest(), { status: 503, code: 'SIG_ERR_SERVER_FULL', retryAfterMs: 10_000 })
    expect(client.state).toMatchObject({ retryInMs: 10_000, lastError: 'The server is full and refused the connection; trying again later' })
  })

  it('keeps the ordinary backoff for a failed connection that carries no refusal (as in a browser)', () => {
    client.connect()
    latest().onerror?.({ type: 'error' })
    latest().drop(1006)
    expect(client.state).toEqual({ status: 'reconnecting', attempt: 2, retryInMs: 200, lastError: 'could not connect (1006)' })
  })

  it('hands on retryAfterMs and forgets a join refused with SIG_ERR_TOO_MANY_ATTEMPTS', () => {
    const room = generateRoomCode()
    client.connect()
    latest().open()
    client.join(room)
    latest().receive({ type: 'error', code: 'SIG_ERR_TOO_MANY_ATTEMPTS', message: 'too many failed attempts', retryAfterMs: 42_000 })

    expect(errors).toEqual([{ code: 'SIG_ERR_TOO_MANY_ATTEMPTS', message: 'too many failed attempts', retryAfterMs: 42_000 }])
    expect(client.room).toBeNull()
    latest().drop()
    vi.advanceTimersByTime(100)
    latest().open()
    expect(latest().sentOf('join')).toEqual([])
  })

  it('sends a registration the server throttled again once the server takes it', () => {
    const secret = generatePersonalSecret()
    client.connect()
    client.register(secret)
    latest().open()
    latest().receive({ type: 'error', code: 'SIG_ERR_TOO_MANY_ATTEMPTS', message: 'too many failed attempts', retryAfterMs: 3_000 })

    vi.advanceTimersByTime(2_999)
    expect(latest().sentOf('register')).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(latest().sentOf('register')).toEqual([{ v: 1, type: 'register', secret }, { v: 1, type: 'register', secret }])
  })

  it.each(['SIG_ERR_TOO_MANY_NEW_CODES', 'SIG_ERR_NEW_CODES_THROTTLED', 'SIG_ERR_CODE_TABLE_FULL'])(
    'sends a registration refused with %s again after retryAfterMs, and never takes it for another attempt',
    (code) => {
      const secret = generatePersonalSecret()
      const room = generateRoomCode()
      client.connect()
      latest().open()
      // A join sent first and not yet answered: the refusal is the registration's, not the join's.
      client.join(room)
      client.register(secret)
      latest().receive({ type: 'error', code, message: 'no new code for now', retryAfterMs: 60_000 })

      expect(client.room).toBe(room)
      vi.advanceTimersByTime(59_999)
      expect(latest().sentOf('register')).toHaveLength(1)
      vi.advanceTimersByTime(1)
      expect(latest().sentOf('register')).toEqual([{ v: 1, type: 'register', secret }, { v: 1, type: 'register', secret }])
    },
  )

  it('keeps its room when the throttled message was an invite sent after joining', () => {
    const room = generateRoomCode()
    client.connect()
    client.register(generatePersonalSecret())
    latest().open()
    latest().receive({ type: 'registered', code: generateRoomCode() })
    client.join(room)
    latest().receive({ type: 'joined', room, peerId: 'aaaaaaaaaaaa' as PeerId, peers: [], iceServers: [] })
    client.invite('c'.repeat(22) as CallId, generateRoomCode(), generateRoomCode())
    latest().receive({ type: 'error', code: 'SIG_ERR_TOO_MANY_ATTEMPTS', message: 'too many failed attempts', retryAfterMs: 1_000 })

    expect(client.room).toBe(room)
    vi.advanceTimersByTime(5_000)
    expect(latest().sentOf('register')).toHaveLength(1)
  })
})
