/**
 * One client's WebSocket: every frame goes through the shared `parseClientMessage`, every reply through
 * `encodeMessage`. A bad frame is answered with an `error` and the connection stays open, so one client bug
 * (or one odd network proxy) does not end a call.
 *
 * Rooms are handled here; registrations and calls by the shared `Switchboard`, to which this connection is
 * one `CallParty`. The two are independent: a connection may be in a room, registered, both or neither.
 */
import type { RawData, WebSocket } from 'ws'
import { assertNever } from '../shared/assert-never'
import {
  encodeMessage,
  LIMITS,
  parseClientMessage,
  type IceServer,
  type JoinMessage,
  type PeerId,
  type PeerLeftReason,
  type SendSignalMessage,
  type ServerMessage,
} from '../shared/protocol'
import { SignalingErrorCode } from '../shared/signaling-errors'
import type { Logger } from './log'
import { generatePeerId } from './peer-id'
import type { RoomRegistry } from './rooms'
import type { CallParty, Switchboard } from './switchboard'

/** What all connections of one server share. */
export interface SignalingContext {
  readonly rooms: RoomRegistry
  /** Sockets of peers that are in a room, by peer id. Relaying looks peers up only here. */
  readonly members: Map<PeerId, WebSocket>
  readonly iceServers: readonly IceServer[]
  readonly switchboard: Switchboard
  readonly logger: Logger
}

export class ClientConnection implements CallParty {
  readonly #socket: WebSocket
  readonly #context: SignalingContext
  /** Set while this connection is in a room; a new id for every join, so one id names one membership. */
  #peerId: PeerId | undefined

  constructor(socket: WebSocket, context: SignalingContext) {
    this.#socket = socket
    this.#context = context
    socket.on('message', (data) => this.#receive(data))
    socket.on('close', () => {
      this.#leaveRoom('disconnected')
      context.switchboard.disconnected(this)
    })
    // ws reports protocol violations (oversized or malformed frames) here after closing the socket itself;
    // without a listener the 'error' event would crash the process.
    socket.on('error', (error) => context.logger.debug('socket error', { error }))
  }

  #receive(data: RawData): void {
    // Text and binary frames alike: the parser decodes UTF-8 strictly and answers bad bytes with BAD_MESSAGE.
    const parsed = parseClientMessage(Array.isArray(data) ? Buffer.concat(data) : data)
    if (!parsed.ok) {
      this.#context.logger.debug('rejected frame', { peerId: this.#peerId, code: parsed.code, reason: parsed.reason })
      this.#sendError(parsed.code, parsed.reason)
      return
    }
    const message = parsed.message
    switch (message.type) {
      case 'join':
        return this.#join(message)
      case 'signal':
        return this.#relay(message)
      case 'leave':
        if (this.#peerId === undefined) return this.#sendError(SignalingErrorCode.NotInRoom, 'leave sent while not in a room')
        return this.#leaveRoom('left')
      case 'register':
        return this.#context.switchboard.register(this, message)
      case 'unregister':
        return this.#context.switchboard.unregister(this)
      case 'invite':
        return this.#context.switchboard.invite(this, message)
      case 'answer':
        return this.#context.switchboard.answer(this, message)
      case 'cancel':
        return this.#context.switchboard.cancel(this, message)
      default:
        return assertNever(message, 'client message')
    }
  }

  #join(message: JoinMessage): void {
    const { rooms, members, iceServers, logger } = this.#context
    if (this.#peerId !== undefined) {
      return this.#sendError(SignalingErrorCode.AlreadyInRoom, 'this connection is already in a room: send leave first')
    }
    let peerId = generatePeerId()
    // 60 random bits make a clash with a live peer absurdly unlikely; checking costs nothing and makes it impossible.
    while (members.has(peerId)) peerId = generatePeerId()
    const result = rooms.join(message.room, peerId)
    if (!result.ok) {
      return this.#sendError(result.code, result.code === SignalingErrorCode.RoomFull ? 'this room is full' : 'already in a room')
    }
    this.#peerId = peerId
    members.set(peerId, this.#socket)
    // Room codes are the only thing that keeps a call private, so they are never logged.
    logger.info('peer joined', { peerId, peersInRoom: result.peers.length + 1 })
    send(this.#socket, { v: 1, type: 'joined', room: message.room, peerId, peers: result.peers, iceServers: [...iceServers] })
    for (const other of result.peers) {
      const socket = members.get(other)
      if (socket) send(socket, { v: 1, type: 'peer-joined', peerId })
    }
  }

  #relay(message: SendSignalMessage): void {
    const { rooms, members } = this.#context
    const from = this.#peerId
    if (from === undefined) return this.#sendError(SignalingErrorCode.NotInRoom, 'signal sent before join')
    const target = members.get(message.to)
    if (message.to === from || target === undefined || !rooms.inSameRoom(from, message.to)) {
      return this.#sendError(SignalingErrorCode.UnknownPeer, `peer ${message.to} is not in your room`)
    }
    // `from` comes from the server's own record, never from the frame: a peer cannot speak for another.
    send(target, { v: 1, type: 'signal', from, data: message.data })
  }

  #leaveRoom(reason: PeerLeftReason): void {
    const peerId = this.#peerId
    if (peerId === undefined) return
    const { rooms, members, logger } = this.#context
    this.#peerId = undefined
    members.delete(peerId)
    const left = rooms.leave(peerId)
    logger.info('peer left', { peerId, reason, peersInRoom: left?.remaining.length ?? 0 })
    for (const other of left?.remaining ?? []) {
      const socket = members.get(other)
      if (socket) send(socket, { v: 1, type: 'peer-left', peerId, reason })
    }
  }

  /** Sends a frame to this client; dropped when the socket is closing (see `send`). */
  send(message: ServerMessage): void {
    send(this.#socket, message)
  }

  #sendError(code: SignalingErrorCode, message: string): void {
    send(this.#socket, { v: 1, type: 'error', code, message: message.slice(0, LIMITS.errorMessageChars) })
  }
}

/** Frames for a socket that is closing or closed are dropped: its peer is about to be reported as gone. */
function send(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(encodeMessage(message))
}
