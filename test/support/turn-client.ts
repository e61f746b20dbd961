/**
 * A minimal STUN/TURN client over UDP (RFC 8489, RFC 8656), enough to prove against a real coturn that the
 * credentials the signaling server issues work: Binding (is the server up?), Allocate with the long-term
 * credential mechanism, CreatePermission, Send and Data indications (does it relay?), and Refresh with lifetime
 * 0 to free the allocation.
 *
 *   const turn = await TurnClient.open({ host: '127.0.0.1', port })
 *   const result = await turn.allocate({ username, password })   // { ok: true, relayed } or { ok: false, code: 401, reason }
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { createSocket, type Socket } from 'node:dgram'

const MAGIC_COOKIE = 0x2112a442
const HEADER_BYTES = 20
const Method = { binding: 0x001, allocate: 0x003, refresh: 0x004, send: 0x006, data: 0x007, createPermission: 0x008 } as const
const Class = { request: 0x000, indication: 0x010, success: 0x100, error: 0x110 } as const
const Attr = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  lifetime: 0x000d,
  xorPeerAddress: 0x0012,
  data: 0x0013,
  realm: 0x0014,
  nonce: 0x0015,
  xorRelayedAddress: 0x0016,
  requestedTransport: 0x0019,
  xorMappedAddress: 0x0020,
} as const
/** REQUESTED-TRANSPORT value: UDP (protocol number 17) and three reserved bytes. */
const UDP_TRANSPORT = Buffer.from([17, 0, 0, 0])

export interface TransportAddress {
  address: string
  port: number
}

export type TurnResult<T> = ({ ok: true } & T) | { ok: false; code: number; reason: string }

interface Attribute {
  type: number
  value: Buffer
}

interface Message {
  method: number
  cls: number
  transactionId: Buffer
  attributes: Attribute[]
}

interface Credentials {
  username: string
  password: string
}

/** What the long-term credential mechanism needs for every request after the first. */
interface Auth extends Credentials {
  realm: string
  nonce: string
  /** MD5(username:realm:password), the HMAC key of MESSAGE-INTEGRITY. */
  key: Buffer
}

export class TurnClient {
  readonly #socket: Socket
  readonly #server: TransportAddress
  readonly #pending = new Map<string, (message: Message) => void>()
  readonly #data: Array<{ from: TransportAddress; data: Buffer }> = []
  #dataWaiter: (() => void) | undefined
  /** Realm, nonce and key of the last authenticated exchange, reused for later requests. */
  #auth: Auth | undefined

  private constructor(socket: Socket, server: TransportAddress) {
    this.#socket = socket
    this.#server = server
    socket.on('message', (bytes) => this.#receive(bytes))
  }

  static async open(server: TransportAddress): Promise<TurnClient> {
    const socket = createSocket('udp4')
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject)
      socket.bind(0, '127.0.0.1', () => resolve())
    })
    return new TurnClient(socket, server)
  }

  /** A STUN Binding request: the address the server sees this client at. */
  async binding(timeoutMs = 500): Promise<TransportAddress> {
    const response = await this.#request(Method.binding, [], undefined, timeoutMs)
    const mapped = find(response, Attr.xorMappedAddress)
    if (response.cls !== Class.success || mapped === undefined) throw new Error('Binding failed')
    return decodeXorAddress(mapped)
  }

  /** Allocates a UDP relay with a long-term credential (first unauthenticated, to learn realm and nonce). */
  async allocate(credentials: Credentials, timeoutMs = 2_000): Promise<TurnResult<{ relayed: TransportAddress }>> {
    const attributes = [{ type: Attr.requestedTransport, value: UDP_TRANSPORT }]
    const response = await this.#authenticated(Method.allocate, attributes, credentials, timeoutMs)
    if (response.cls !== Class.success) return failure(response)
    const relayed = find(response, Attr.xorRelayedAddress)
    if (relayed === undefined) throw new Error('Allocate succeeded without XOR-RELAYED-ADDRESS')
    return { ok: true, relayed: decodeXorAddress(relayed) }
  }

  /** Lets `peer` send to this allocation (and this allocation send to it). Needs a successful `allocate`. */
  async createPermission(peer: TransportAddress, timeoutMs = 2_000): Promise<TurnResult<object>> {
    const auth = this.#auth
    if (auth === undefined) throw new Error('allocate first')
    const response = await this.#authenticated(Method.createPermission, [{ type: Attr.xorPeerAddress, value: encodeXorAddress(peer) }], auth, timeoutMs)
    return response.cls === Class.success ? { ok: true } : failure(response)
  }

  /** Relays `data` to `peer` from the allocation (a Send indication: no answer). */
  send(peer: TransportAddress, data: Buffer): void {
    const message = encode(Method.send, Class.indication, randomBytes(12), [
      { type: Attr.xorPeerAddress, value: encodeXorAddress(peer) },
      { type: Attr.data, value: data },
    ])
    this.#socket.send(message, this.#server.port, this.#server.address)
  }

  /** The next Data indication: something a peer sent to the allocation. */
  async nextData(timeoutMs = 2_000): Promise<{ from: TransportAddress; data: Buffer }> {
    const deadline = Date.now() + timeoutMs
    while (this.#data.length === 0) {
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`no data relayed within ${timeoutMs} ms`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.#dataWaiter = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
    return this.#data.shift()!
  }

  /** Frees the allocation (Refresh, lifetime 0) if there is one, and closes the socket. */
  async close(): Promise<void> {
    if (this.#auth !== undefined) {
      await this.#authenticated(Method.refresh, [{ type: Attr.lifetime, value: uint32(0) }], this.#auth, 500).catch(() => undefined)
    }
    await new Promise<void>((resolve) => this.#socket.close(() => resolve()))
  }

  /** Sends a request with the long-term credential, learning (or refreshing, on 438) the realm and nonce. */
  async #authenticated(method: number, attributes: Attribute[], credentials: Credentials, timeoutMs: number): Promise<Message> {
    const known = this.#auth?.username === credentials.username && this.#auth.password === credentials.password ? this.#auth : undefined
    let response = await this.#request(method, attributes, known, timeoutMs)
    for (let attempt = 0; attempt < 2 && response.cls === Class.error; attempt++) {
      const { code } = errorOf(response)
      const realm = find(response, Attr.realm)?.toString('utf8')
      const nonce = find(response, Attr.nonce)?.toString('utf8')
      // 401 without a nonce we had, or 438 (stale nonce): try again with what the server just gave.
      // A 401 to a request that already carried this nonce means the credential itself is wrong: stop there.
      if (!(code === 401 || code === 438) || realm === undefined || nonce === undefined || (code === 401 && attempt > 0)) break
      const key = createHash('md5').update(`${credentials.username}:${realm}:${credentials.password}`, 'utf8').digest()
      this.#auth = { ...credentials, realm, nonce, key }
      response = await this.#request(method, attributes, this.#auth, timeoutMs)
    }
    return response
  }

  #request(method: number, attributes: Attribute[], auth: Auth | undefined, timeoutMs: number): Promise<Message> {
    const transactionId = randomBytes(12)
    const all =
      auth === undefined
        ? attributes
        : [
            ...attributes,
            { type: Attr.username, value: Buffer.from(auth.username, 'utf8') },
            { type: Attr.realm, value: Buffer.from(auth.realm, 'utf8') },
            { type: Attr.nonce, value: Buffer.from(auth.nonce, 'utf8') },
          ]
    const message = encode(method, Class.request, transactionId, all, auth?.key)
    return new Promise((resolve, reject) => {
      const id = transactionId.toString('hex')
      const timer = setTimeout(() => {
        this.#pending.delete(id)
        reject(new Error(`no answer from the TURN server within ${timeoutMs} ms`))
      }, timeoutMs)
      this.#pending.set(id, (response) => {
        clearTimeout(timer)
        resolve(response)
      })
      this.#socket.send(message, this.#server.port, this.#server.address)
    })
  }

  #receive(bytes: Buffer): void {
    const message = decode(bytes)
    if (message === undefined) return
    if (message.method === Method.data && message.cls === Class.indication) {
      const from = find(message, Attr.xorPeerAddress)
      const data = find(message, Attr.data)
      if (from && data) this.#data.push({ from: decodeXorAddress(from), data })
      this.#dataWaiter?.()
      return
    }
    const id = message.transactionId.toString('hex')
    this.#pending.get(id)?.(message)
    this.#pending.delete(id)
  }
}

/** `401 Unauthorized` and the like, for test failure messages. */
export function describeFailure(result: { code: number; reason: string }): string {
  return `${result.code} ${result.reason}`
}

function failure(response: Message): { ok: false; code: number; reason: string } {
  return { ok: false, ...errorOf(response) }
}

function errorOf(response: Message): { code: number; reason: string } {
  const value = find(response, Attr.errorCode)
  if (value === undefined) return { code: 0, reason: 'error response without ERROR-CODE' }
  return { code: (value[2]! & 0x7) * 100 + value[3]!, reason: value.subarray(4).toString('utf8') }
}

function find(message: Message, type: number): Buffer | undefined {
  return message.attributes.find((attribute) => attribute.type === type)?.value
}

/** Encodes a message; with `integrityKey`, appends MESSAGE-INTEGRITY (HMAC-SHA1 over everything before it). */
function encode(method: number, cls: number, transactionId: Buffer, attributes: Attribute[], integrityKey?: Buffer): Buffer {
  const body = Buffer.concat(attributes.map(encodeAttribute))
  const header = Buffer.alloc(HEADER_BYTES)
  // Methods below 16 need no bit shuffling: the class bits (4 and 8) do not overlap them.
  header.writeUInt16BE(method | cls, 0)
  header.writeUInt32BE(MAGIC_COOKIE, 4)
  transactionId.copy(header, 8)
  if (integrityKey === undefined) {
    header.writeUInt16BE(body.length, 2)
    return Buffer.concat([header, body])
  }
  // The length covers the MESSAGE-INTEGRITY attribute (4 + 20 bytes) that the HMAC itself is not computed over.
  header.writeUInt16BE(body.length + 24, 2)
  const hmac = createHmac('sha1', integrityKey).update(Buffer.concat([header, body])).digest()
  return Buffer.concat([header, body, encodeAttribute({ type: Attr.messageIntegrity, value: hmac })])
}

function encodeAttribute({ type, value }: Attribute): Buffer {
  const head = Buffer.alloc(4)
  head.writeUInt16BE(type, 0)
  head.writeUInt16BE(value.length, 2)
  return Buffer.concat([head, value, Buffer.alloc((4 - (value.length % 4)) % 4)])
}

function decode(bytes: Buffer): Message | undefined {
  if (bytes.length < HEADER_BYTES || bytes.readUInt32BE(4) !== MAGIC_COOKIE) return undefined
  const type = bytes.readUInt16BE(0)
  const length = bytes.readUInt16BE(2)
  if (HEADER_BYTES + length > bytes.length) return undefined
  const attributes: Attribute[] = []
  for (let offset = HEADER_BYTES; offset + 4 <= HEADER_BYTES + length; ) {
    const attributeType = bytes.readUInt16BE(offset)
    const attributeLength = bytes.readUInt16BE(offset + 2)
    attributes.push({ type: attributeType, value: bytes.subarray(offset + 4, offset + 4 + attributeLength) })
    offset += 4 + attributeLength + ((4 - (attributeLength % 4)) % 4)
  }
  return { method: type & 0x3eef, cls: type & 0x0110, transactionId: bytes.subarray(8, 20), attributes }
}

function decodeXorAddress(value: Buffer): TransportAddress {
  if (value[1] !== 0x01) throw new Error('only IPv4 addresses are supported')
  const port = value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16)
  const address = (value.readUInt32BE(4) ^ MAGIC_COOKIE) >>> 0
  return { address: [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join('.'), port }
}

function encodeXorAddress({ address, port }: TransportAddress): Buffer {
  const value = Buffer.alloc(8)
  value[1] = 0x01
  value.writeUInt16BE(port ^ (MAGIC_COOKIE >>> 16), 2)
  const ip = address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0)
  value.writeUInt32BE((ip ^ MAGIC_COOKIE) >>> 0, 4)
  return value
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4)
  buffer.writeUInt32BE(value, 0)
  return buffer
}
