/**
 * A real `ws` client for tests against a real signaling server. Every frame it receives goes through the
 * shared `parseServerMessage`, so a test that passes also proves the server only sends frames clients accept.
 *
 *   const clients = createClientPool()
 *   afterEach(() => clients.closeAll())
 *   const alice = await clients.connect(server.url)
 *   const joined = await alice.join(room)
 *   const signal = await bob.next('signal')
 *   const { code } = await alice.register(secret)
 */
import { WebSocket } from 'ws'
import {
  encodeMessage,
  parseServerMessage,
  type ClientMessage,
  type JoinedMessage,
  type RegisteredMessage,
  type ServerMessage,
} from '../../src/shared/protocol'
import type { PersonalSecret } from '../../src/shared/personal-code'
import type { RoomCode } from '../../src/shared/room-code'

export type ServerMessageType = ServerMessage['type']
export type ServerMessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>

export interface CloseInfo {
  code: number
  reason: string
}

export interface TestClientOptions {
  /** Answer the server's pings (the ws default). `false` plays a peer that went silent. Default `true`. */
  autoPong?: boolean
  /** How long `next`, `closed` and `connectClient` wait before failing, in ms. Default 2000. */
  timeoutMs?: number
  /** `Origin` header to send, as a browser would. Default: none (a native client). */
  origin?: string
  /** Source address, e.g. `127.0.0.7`: on Linux any 127.x.y.z is this machine, so one test can be many clients. */
  localAddress?: string
  /** Extra headers of the upgrade request, e.g. `X-Forwarded-For` as a proxy would add it. */
  headers?: Record<string, string>
}

type Received = { ok: true; message: ServerMessage } | { ok: false; error: Error }
type Waiter = (received: Received) => void

const DEFAULT_TIMEOUT_MS = 2_000

export class TestClient {
  readonly socket: WebSocket
  readonly #timeoutMs: number
  readonly #queue: Received[] = []
  readonly #waiters: Waiter[] = []
  readonly #closed: Promise<CloseInfo>
  #closeInfo: CloseInfo | undefined

  /** Use `connectClient` (or a pool); this takes a socket that has not opened yet. */
  constructor(socket: WebSocket, timeoutMs: number) {
    this.socket = socket
    this.#timeoutMs = timeoutMs
    socket.on('message', (data, isBinary) => {
      const parsed = parseServerMessage(data)
      this.#deliver(
        parsed.ok
          ? { ok: true, message: parsed.message }
          : { ok: false, error: new Error(`server sent an invalid ${isBinary ? 'binary' : 'text'} frame (${parsed.reason}): ${String(data).slice(0, 200)}`) },
      )
    })
    // ws emits 'error' when the server breaks the protocol or cuts the connection; the close event that
    // follows is what tests look at, but without a listener the error would crash the test run.
    socket.on('error', () => {})
    this.#closed = new Promise((resolve) => {
      socket.once('close', (code, reason) => {
        this.#closeInfo = { code, reason: reason.toString() }
        resolve(this.#closeInfo)
        const error = new Error(`connection closed (${code} ${reason.toString() || 'no reason'})`)
        for (const waiter of this.#waiters.splice(0)) waiter({ ok: false, error })
      })
    })
  }

  /** Sends a well-formed frame, encoded exactly as real clients encode it. */
  send(message: ClientMessage): void {
    this.socket.send(encodeMessage(message))
  }

  /**
   * Sends anything, for malformed-frame tests: a string or Buffer as is (a Buffer goes as a binary frame unless
   * `binary: false`), any other value as JSON text.
   */
  sendRaw(data: unknown, options: { binary?: boolean } = {}): void {
    if (typeof data === 'string') this.socket.send(data, { binary: options.binary ?? false })
    else if (Buffer.isBuffer(data)) this.socket.send(data, { binary: options.binary ?? true })
    else this.socket.send(JSON.stringify(data), { binary: options.binary ?? false })
  }

  /**
   * The next message from the server, in order. With `type`, fails if the next message is of another type
   * (so an unexpected message is never skipped silently). Fails on timeout or if the connection closes first.
   */
  next<T extends ServerMessageType>(type?: T, timeoutMs = this.#timeoutMs): Promise<ServerMessageOf<T>> {
    const what = type ?? 'message'
    return new Promise((resolve, reject) => {
      const take: Waiter = (received) => {
        clearTimeout(timer)
        if (!received.ok) return reject(received.error)
        if (type !== undefined && received.message.type !== type) {
          return reject(new Error(`expected ${type}, got ${JSON.stringify(received.message)}`))
        }
        resolve(received.message as ServerMessageOf<T>)
      }
      const timer = setTimeout(() => {
        const index = this.#waiters.indexOf(take)
        if (index !== -1) this.#waiters.splice(index, 1)
        reject(new Error(`no ${what} within ${timeoutMs} ms`))
      }, timeoutMs)
      const queued = this.#queue.shift()
      if (queued) take(queued)
      else if (this.#closeInfo) take({ ok: false, error: new Error(`connection already closed (${this.#closeInfo.code}) before ${what}`) })
      else this.#waiters.push(take)
    })
  }

  /** Fails if any message arrives within `ms` (or is already waiting). */
  async expectNoMessage(ms = 50): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms))
    const queued = this.#queue[0]
    if (queued) throw new Error(`expected no message, got ${queued.ok ? JSON.stringify(queued.message) : queued.error.message}`)
  }

  /** Sends `join` and waits for `joined` (fails on an `error` instead). */
  async join(room: RoomCode): Promise<JoinedMessage> {
    this.send({ v: 1, type: 'join', room })
    return this.next('joined')
  }

  /** Sends `register` and waits for `registered` (fails on an `error` instead). */
  async register(secret: PersonalSecret): Promise<RegisteredMessage> {
    this.send({ v: 1, type: 'register', secret })
    return this.next('registered')
  }

  /** Resolves with the close code and reason once the connection is closed (by either side). */
  closed(timeoutMs = this.#timeoutMs): Promise<CloseInfo> {
    return withTimeout(this.#closed, timeoutMs, 'the connection did not close')
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN
  }

  /** Closes cleanly (1000) and waits; cuts the socket if the server does not answer in time. */
  async close(): Promise<CloseInfo> {
    if (this.#closeInfo) return this.#closeInfo
    if (this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate()
    else this.socket.close(1000)
    try {
      return await this.closed()
    } catch {
      this.socket.terminate()
      return this.#closed
    }
  }

  #deliver(received: Received): void {
    const waiter = this.#waiters.shift()
    if (waiter) waiter(received)
    else this.#queue.push(received)
  }
}

/** Opens a connection and resolves once it is open; rejects if the server refuses the upgrade. */
export async function connectClient(url: string, options: TestClientOptions = {}): Promise<TestClient> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const socket = new WebSocket(url, {
    autoPong: options.autoPong ?? true,
    ...(options.origin !== undefined ? { origin: options.origin } : {}),
    ...(options.localAddress !== undefined ? { localAddress: options.localAddress } : {}),
    ...(options.headers !== undefined ? { headers: options.headers } : {}),
  })
  const client = new TestClient(socket, timeoutMs)
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', (error) => reject(error))
  })
  try {
    await withTimeout(opened, timeoutMs, `could not connect to ${url}`)
  } catch (error) {
    socket.terminate()
    throw error
  }
  return client
}

export interface ClientPool {
  connect(url: string, options?: TestClientOptions): Promise<TestClient>
  /** Closes every client this pool opened; call it in `afterEach`. */
  closeAll(): Promise<void>
}

export function createClientPool(): ClientPool {
  const clients = new Set<TestClient>()
  return {
    async connect(url, options) {
      const client = await connectClient(url, options)
      clients.add(client)
      return client
    },
    async closeAll() {
      await Promise.all([...clients].map((client) => client.close()))
      clients.clear()
    },
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error instanceof Error ? error : new Error(String(error)))
      },
    )
  })
}
