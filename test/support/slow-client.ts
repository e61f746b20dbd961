/**
 * A TCP client that never finishes its request, the way a slowloris attack holds a server's connections: it
 * sends a request line and then, every `trickleMs`, one more header line, forever. What the server answers (a
 * refusal, a 408) is kept, and when the server closes the connection is noted.
 *
 *   const slow = await openSlowClient(server.httpUrl, { localAddress: '127.0.0.5', trickleMs: 200 })
 *   expect(await slow.closedWithin(3_000)).toBe(true)
 *   expect(slow.status).toBe(408)
 */
import { connect, type Socket } from 'node:net'

export interface SlowClientOptions {
  /** Source address: any 127.x.y.z works on Linux, so one machine can play many clients. */
  localAddress?: string
  /** Sends one more header line this often, in ms. Default: never (the request line only, then silence). */
  trickleMs?: number
  /** The `Host` header sent first. Default: the URL's host. */
  host?: string
  timeoutMs?: number
}

export interface SlowClient {
  /** Everything the server sent. */
  readonly received: string
  /** The status of the server's answer, if it sent one. */
  readonly status: number | undefined
  readonly closed: boolean
  /** Resolves true once the server has closed the connection, false if it is still open after `timeoutMs`. */
  closedWithin(timeoutMs: number): Promise<boolean>
  destroy(): void
}

/** Opens the connection and sends the start of a request; resolves once connected (rejects if it cannot). */
export async function openSlowClient(url: string, options: SlowClientOptions = {}): Promise<SlowClient> {
  const target = new URL(url)
  const socket: Socket = connect({ host: target.hostname, port: Number(target.port), ...(options.localAddress !== undefined ? { localAddress: options.localAddress } : {}) })
  let received = ''
  let closed = false
  let trickle: NodeJS.Timeout | undefined
  socket.on('error', () => {})
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')))
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  void ended.then(() => {
    closed = true
    clearInterval(trickle)
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`could not connect to ${url}`)), options.timeoutMs ?? 5_000)
    socket.once('connect', () => {
      clearTimeout(timer)
      resolve()
    })
    socket.once('close', () => {
      clearTimeout(timer)
      reject(new Error(`the connection to ${url} closed before it opened`))
    })
  })
  socket.write(`GET / HTTP/1.1\r\nHost: ${options.host ?? target.host}\r\n`)
  if (options.trickleMs !== undefined) {
    let line = 0
    trickle = setInterval(() => {
      if (!socket.destroyed) socket.write(`X-Slow-${line++}: a\r\n`)
    }, options.trickleMs)
  }
  return {
    get received() {
      return received
    },
    get status() {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received)
      return match?.[1] === undefined ? undefined : Number(match[1])
    },
    get closed() {
      return closed
    },
    async closedWithin(timeoutMs) {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)))
      const result = await Promise.race([ended.then(() => true as const), timeout])
      clearTimeout(timer)
      return result
    },
    destroy() {
      clearInterval(trickle)
      socket.destroy()
    },
  }
}
