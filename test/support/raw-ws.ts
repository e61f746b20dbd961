/**
 * WebSocket by hand, over a plain TCP socket, for tests that must send what no WebSocket library sends: bad
 * UTF-8 in a text frame, unknown opcodes, unmasked client frames, a thousand fragments, a frame that claims to
 * be huge; and for tests that read the HTTP answer to a refused upgrade (status, `X-Tonghwa-Error`).
 *
 *   const raw = await openRawWebSocket(server.url)
 *   raw.sendFrame({ opcode: 0x1, payload: Buffer.from([0xc3, 0x28]) })
 *   expect(await raw.closed()).toMatchObject({ code: 1007 })
 *
 *   const answer = await requestUpgrade(server.url, { origin: 'https://evil.example' })
 *   expect(answer.status).toBe(403)
 */
import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'

export interface UpgradeOptions {
  origin?: string
  /** The `Host` header. Default: the URL's host, as every client sends it. */
  host?: string
  /** Extra request headers, e.g. `X-Forwarded-For`. */
  headers?: Record<string, string>
  /** Source address to connect from: any 127.x.y.z works on Linux, so one machine can play many clients. */
  localAddress?: string
  timeoutMs?: number
}

export interface UpgradeAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

export interface FrameSpec {
  opcode: number
  payload?: Buffer
  /** Final fragment; default true. */
  fin?: boolean
  /** Mask the payload, as clients must; default true. */
  mask?: boolean
  /** Claim this payload length in the header instead of the real one (the payload is sent as given). */
  claimedLength?: number
}

export interface ReceivedFrame {
  opcode: number
  payload: Buffer
}

/** Builds one WebSocket frame. */
export function encodeFrame(spec: FrameSpec): Buffer {
  const payload = spec.payload ?? Buffer.alloc(0)
  const length = spec.claimedLength ?? payload.length
  const mask = spec.mask ?? true
  const head: number[] = [((spec.fin ?? true) ? 0x80 : 0) | (spec.opcode & 0x0f)]
  const maskBit = mask ? 0x80 : 0
  let extended = Buffer.alloc(0)
  if (length < 126) head.push(maskBit | length)
  else if (length < 65_536) {
    head.push(maskBit | 126)
    extended = Buffer.alloc(2)
    extended.writeUInt16BE(length)
  } else {
    head.push(maskBit | 127)
    extended = Buffer.alloc(8)
    extended.writeBigUInt64BE(BigInt(length))
  }
  if (!mask) return Buffer.concat([Buffer.from(head), extended, payload])
  const key = randomBytes(4)
  const masked = Buffer.from(payload)
  for (let i = 0; i < masked.length; i++) masked[i]! ^= key[i % 4]!
  return Buffer.concat([Buffer.from(head), extended, key, masked])
}

/** A text frame carrying `text`, masked like a real client's. */
export function textFrame(text: string): Buffer {
  return encodeFrame({ opcode: 0x1, payload: Buffer.from(text) })
}

/** Sends an upgrade request and resolves with the HTTP answer (101 or a refusal), then closes the socket. */
export async function requestUpgrade(url: string, options: UpgradeOptions = {}): Promise<UpgradeAnswer> {
  const { socket, answer } = await upgrade(url, options)
  socket.destroy()
  return answer
}

export class RawWebSocket {
  readonly socket: Socket
  #buffer: Buffer
  readonly #frames: ReceivedFrame[] = []
  readonly #ended: Promise<void>

  constructor(socket: Socket, leftover: Buffer) {
    this.socket = socket
    this.#buffer = leftover
    this.#parse()
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk])
      this.#parse()
    })
    this.#ended = new Promise((resolve) => socket.once('close', () => resolve()))
  }

  /** Writes raw bytes: one frame, several, or half of one. */
  write(bytes: Buffer): boolean {
    return this.socket.write(bytes)
  }

  sendFrame(spec: FrameSpec): boolean {
    return this.write(encodeFrame(spec))
  }

  /** Frames received so far (unmasked server frames), in order. */
  get frames(): readonly ReceivedFrame[] {
    return this.#frames
  }

  /** Text of the data frames received so far. */
  texts(): string[] {
    return this.#frames.filter((frame) => frame.opcode === 0x1).map((frame) => frame.payload.toString())
  }

  /**
   * Resolves once the server has closed the TCP connection, with the status and reason of its close frame
   * (`code` undefined when it sent none, e.g. a terminated socket).
   */
  async closed(timeoutMs = 3_000): Promise<{ code: number | undefined; reason: string }> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the server did not close the connection within ${timeoutMs} ms`)), timeoutMs)
    })
    try {
      await Promise.race([this.#ended, timeout])
    } finally {
      clearTimeout(timer)
    }
    const close = this.#frames.find((frame) => frame.opcode === 0x8)
    if (close === undefined || close.payload.length < 2) return { code: undefined, reason: '' }
    return { code: close.payload.readUInt16BE(0), reason: close.payload.subarray(2).toString() }
  }

  destroy(): void {
    this.socket.destroy()
  }

  #parse(): void {
    for (;;) {
      const buffer = this.#buffer
      if (buffer.length < 2) return
      let length = buffer[1]! & 0x7f
      let offset = 2
      if (length === 126) {
        if (buffer.length < 4) return
        length = buffer.readUInt16BE(2)
        offset = 4
      } else if (length === 127) {
        if (buffer.length < 10) return
        length = Number(buffer.readBigUInt64BE(2))
        offset = 10
      }
      if (buffer.length < offset + length) return
      this.#frames.push({ opcode: buffer[0]! & 0x0f, payload: buffer.subarray(offset, offset + length) })
      this.#buffer = buffer.subarray(offset + length)
    }
  }
}

/** Opens a WebSocket by hand; rejects when the server answers the upgrade with anything but 101. */
export async function openRawWebSocket(url: string, options: UpgradeOptions = {}): Promise<RawWebSocket> {
  const { socket, answer, leftover } = await upgrade(url, options)
  if (answer.status !== 101) {
    socket.destroy()
    throw new Error(`upgrade refused with ${answer.status} ${answer.body}`)
  }
  return new RawWebSocket(socket, leftover)
}

async function upgrade(url: string, options: UpgradeOptions): Promise<{ socket: Socket; answer: UpgradeAnswer; leftover: Buffer }> {
  const target = new URL(url)
  const socket = connect({ host: target.hostname, port: Number(target.port), ...(options.localAddress !== undefined ? { localAddress: options.localAddress } : {}) })
  socket.on('error', () => {})
  const lines = [
    `GET ${target.pathname}${target.search} HTTP/1.1`,
    `Host: ${options.host ?? target.host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    ...(options.origin !== undefined ? [`Origin: ${options.origin}`] : []),
    ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
  ]
  socket.write(`${lines.join('\r\n')}\r\n\r\n`)
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0)
    const timer = setTimeout(() => fail(new Error('no answer to the upgrade request')), options.timeoutMs ?? 3_000)
    const fail = (error: Error) => {
      clearTimeout(timer)
      socket.destroy()
      reject(error)
    }
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      const end = received.indexOf('\r\n\r\n')
      if (end === -1) return
      const [statusLine = '', ...headerLines] = received.subarray(0, end).toString('latin1').split('\r\n')
      const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]))
      const status = Number(statusLine.split(' ')[1])
      const rest = received.subarray(end + 4)
      const bodyLength = Number(headers['content-length'] ?? 0)
      if (status !== 101 && rest.length < bodyLength) return
      clearTimeout(timer)
      socket.off('data', onData)
      socket.off('close', onClose)
      resolve({ socket, answer: { status, headers, body: status === 101 ? '' : rest.subarray(0, bodyLength).toString() }, leftover: status === 101 ? rest : Buffer.alloc(0) })
    }
    const onClose = () => fail(new Error('the server closed the connection without answering the upgrade'))
    socket.on('data', onData)
    socket.once('close', onClose)
  })
}
