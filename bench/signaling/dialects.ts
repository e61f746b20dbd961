/**
 * How a client of each server gets ready to relay and what it sends: Tonghwa's protocol (docs/protocol.md:
 * `join` a room, then `signal` to the other peer's id), PeerJS's (connect with an id, then OFFER / CANDIDATE
 * with `dst`), and the bare relay's (connect naming the peer, then any bytes). The relayed text is the same
 * for all three (payloads.ts).
 */
import { WebSocket } from 'ws'
import { roomCodeFromBody, ROOM_CODE_ALPHABET } from '../../src/shared/room-code'
import type { ServerKind } from './servers'
import { CANDIDATE_TEXT, SDP_TEXT, STAMP_PLACEHOLDER } from './payloads'

/** One connected client, ready to send to its pair. */
export interface BenchClient {
  socket: WebSocket
  /** The frame to send, split around the stamp: `head + stamp + tail`. */
  candidate: [head: string, tail: string]
  description: [head: string, tail: string]
}

const CONNECT_TIMEOUT_MS = 20_000

/** Connects two clients that relay to each other; `pair` numbers them uniquely within one run. */
export async function connectPair(kind: ServerKind, port: number, pair: number): Promise<[BenchClient, BenchClient]> {
  switch (kind) {
    case 'tonghwa':
      return connectTonghwaPair(port, pair)
    case 'peerjs':
      return connectPeerJsPair(port, pair)
    case 'bare':
      return connectBarePair(port, pair)
  }
}

async function connectTonghwaPair(port: number, pair: number): Promise<[BenchClient, BenchClient]> {
  const url = `ws://127.0.0.1:${port}/signal`
  const room = roomCodeFor(pair)
  const [a, b] = await Promise.all([open(url), open(url)])
  const join = JSON.stringify({ v: 1, type: 'join', room })
  // One after the other, so the room fills in a known order.
  const aId = await request(a, join, (message) => (message.type === 'joined' ? String(message.peerId) : undefined))
  const bId = await request(b, join, (message) => (message.type === 'joined' ? String(message.peerId) : undefined))
  return [tonghwaClient(a, bId), tonghwaClient(b, aId)]
}

function tonghwaClient(socket: WebSocket, to: string): BenchClient {
  const candidate = JSON.stringify({
    v: 1,
    type: 'signal',
    to,
    data: { kind: 'candidate', candidate: { candidate: CANDIDATE_TEXT, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'EsxK' } },
  })
  const description = JSON.stringify({ v: 1, type: 'signal', to, data: { kind: 'description', description: { type: 'offer', sdp: SDP_TEXT } } })
  return { socket, candidate: split(candidate), description: split(description) }
}

async function connectPeerJsPair(port: number, pair: number): Promise<[BenchClient, BenchClient]> {
  const ids = [`bench${pair}a`, `bench${pair}b`] as const
  const connect = async (id: string) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/peerjs?key=peerjs&id=${id}&token=t${pair}`, { perMessageDeflate: false })
    await awaitMessage(socket, (message) => (message.type === 'OPEN' ? true : undefined))
    return socket
  }
  const [a, b] = await Promise.all(ids.map(connect))
  if (a === undefined || b === undefined) throw new Error('unreachable')
  return [peerJsClient(a, ids[1]), peerJsClient(b, ids[0])]
}

/** What the PeerJS client library sends for a media connection (peerjs/lib/negotiator.ts). */
function peerJsClient(socket: WebSocket, dst: string): BenchClient {
  const connectionId = 'mc_benchconnection01'
  const candidate = JSON.stringify({
    type: 'CANDIDATE',
    dst,
    payload: { candidate: { candidate: CANDIDATE_TEXT, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'EsxK' }, type: 'media', connectionId },
  })
  const description = JSON.stringify({
    type: 'OFFER',
    dst,
    payload: { sdp: { type: 'offer', sdp: SDP_TEXT }, type: 'media', connectionId, metadata: null },
  })
  return { socket, candidate: split(candidate), description: split(description) }
}

async function connectBarePair(port: number, pair: number): Promise<[BenchClient, BenchClient]> {
  const [aId, bId] = [`${pair}a`, `${pair}b`]
  const [a, b] = await Promise.all([open(`ws://127.0.0.1:${port}/?id=${aId}&peer=${bId}`), open(`ws://127.0.0.1:${port}/?id=${bId}&peer=${aId}`)])
  // The same bytes as Tonghwa's frames: the relay does not look at them.
  return [tonghwaClient(a, 'aaaaaaaaaaaa'), tonghwaClient(b, 'aaaaaaaaaaaa')]
}

/** A distinct valid room code per pair (the server checks the check character). */
function roomCodeFor(pair: number): string {
  let body = ''
  for (let n = pair, i = 0; i < 9; i++, n = Math.floor(n / 32)) body += ROOM_CODE_ALPHABET[n % 32]
  return roomCodeFromBody(body)
}

function split(frame: string): [string, string] {
  const at = frame.indexOf(STAMP_PLACEHOLDER)
  if (at === -1) throw new Error('frame without stamp placeholder')
  return [frame.slice(0, at), frame.slice(at + STAMP_PLACEHOLDER.length)]
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false })
    const timer = setTimeout(() => reject(new Error(`no connection to ${url} within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS)
    socket.once('open', () => {
      clearTimeout(timer)
      resolve(socket)
    })
    socket.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
}

function request<T>(socket: WebSocket, frame: string, pick: (message: Record<string, unknown>) => T | undefined): Promise<T> {
  const answer = awaitMessage(socket, pick)
  socket.send(frame)
  return answer
}

/** Waits for the first JSON message `pick` accepts; a refusal (`error`/`ERROR`) fails at once. */
function awaitMessage<T>(socket: WebSocket, pick: (message: Record<string, unknown>) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no answer within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS)
    const onMessage = (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as Record<string, unknown>
      if (message.type === 'error' || message.type === 'ERROR') return done(new Error(`refused: ${JSON.stringify(message).slice(0, 200)}`))
      const picked = pick(message)
      if (picked !== undefined) done(undefined, picked)
    }
    const onError = (error: Error) => done(error)
    const done = (error: Error | undefined, value?: T) => {
      clearTimeout(timer)
      socket.off('message', onMessage)
      socket.off('error', onError)
      if (error !== undefined) reject(error)
      else resolve(value as T)
    }
    socket.on('message', onMessage)
    socket.on('error', onError)
  })
}
