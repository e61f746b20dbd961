/**
 * One client's WebSocket: every frame goes through the shared `parseClientMessage`, every reply through
 * `encodeMessage`. A bad frame is answered with an `error` and the connection stays open, so one client bug
 * (or one odd network proxy) does not end a call.
 *
 * Frames are handled one at a time, in order (serial-queue.ts), because handling one may wait for the shared
 * state (backplane). If the shared state cannot be reached, the connection is closed with 1013 and
 * `SIG_ERR_UNAVAILABLE`: the client reconnects and rejoins, instead of carrying on with state nobody else sees.
 *
 * Rooms are handled here; registrations and calls by the shared `Switchboard`, to which this connection is
 * one `CallParty`. The two are independent: a connection may be in a room, registered, both or neither.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { RawData, WebSocket } from 'ws'
import { assertNever } from '../shared/assert-never'
import { encodeMessage, LIMITS, parseClientMessage, type JoinMessage, type PeerId, type PeerLeftReason, type SendSignalMessage, type ServerMessage } from '../shared/protocol'
import type { RoomCode } from '../shared/room-code'
import { SignalingCloseReason, SignalingErrorCode } from '../shared/signaling-errors'
import type { AttemptThrottle } from './attempt-throttle'
import { makeAddress, type Address, type Backplane, type NodeId, type RoomMember } from './cluster/backplane'
import { IceServerRefresh } from './ice-refresh'
import type { ServerLimits } from './limit-options'
import type { Logger } from './log'
import { MessageRateLimit, RateVerdict } from './message-rate-limit'
import type { ServerMetrics } from './metrics'
import { generatePeerId } from './peer-id'
import { ResumeTokens } from './resume-tokens'
import { SerialQueue } from './serial-queue'
import type { CallParty, Switchboard } from './switchboard'
import type { IceServerIssuer } from './turn-credentials'

/** What all connections of one server share. */
export interface SignalingContext {
  readonly backplane: Backplane
  /** This process's connections that are in a room, by peer id: frames for a member are delivered here. */
  readonly members: Map<PeerId, ClientConnection>
  /** Which token each peer id was given, for `join.resume`. */
  readonly resumeTokens: ResumeTokens
  readonly issueIceServers: IceServerIssuer
  readonly switchboard: Switchboard
  readonly metrics: ServerMetrics
  readonly logger: Logger
  readonly maxQueuedFrames: number
  readonly limits: ServerLimits
  /** Failed joins, calls and registrations per client address. */
  readonly attempts: AttemptThrottle
}

/** WebSocket close code 1013, "try again later". */
const TRY_AGAIN_LATER = 1013
const MESSAGE_TOO_BIG = 1009
/** WebSocket close code 1008, "policy violation". */
const POLICY_VIOLATION = 1008
/** How long a slow consumer gets to read its close frame before its socket is cut, in ms. */
const SLOW_CONSUMER_GRACE_MS = 2_000
/** Peer ids are 60 random bits: one clash is absurdly unlikely, five in a row means something is broken. */
const PEER_ID_ATTEMPTS = 5

let connectionCount = 0

export class ClientConnection implements CallParty {
  readonly address: Address
  readonly #socket: WebSocket
  readonly #context: SignalingContext
  readonly #queue: SerialQueue
  /** The client's address as a limit key (client-address.ts): never sent anywhere, logged only when it is refused. */
  readonly #clientKey: string
  readonly #rate: MessageRateLimit
  /** Set once the server closes the connection for breaking a limit: frames still queued are then ignored. */
  #refused = false
  /** Set once the connection is to be closed for its rate: nothing more is read or queued. */
  #closingForRate = false
  /** Set while this connection is in a room; a new peer id for every join, so one id names one membership. */
  #membership: { room: RoomCode; peerId: PeerId; ice: IceServerRefresh } | undefined

  constructor(socket: WebSocket, context: SignalingContext, clientKey: string) {
    this.#socket = socket
    this.#context = context
    this.#clientKey = clientKey
    this.#rate = new MessageRateLimit(
      { burst: context.limits.messageBurst, perSecond: context.limits.messagesPerSecond, maxViolations: context.limits.maxRateViolations },
      performance.now(),
    )
    this.address = makeAddress(context.backplane.node as NodeId, (++connectionCount).toString(36))
    this.#queue = new SerialQueue({
      highWaterMark: context.maxQueuedFrames,
      onError: (error) => this.#unavailable(error),
      // Stop reading while behind: TCP then slows the client down instead of frames piling up here.
      onBacklog: (backlogged) => (backlogged ? socket.pause() : socket.resume()),
    })
    socket.on('message', (data) => this.#onFrame(data))
    // Pings cost as much as frames, so they count against the same rate (ws answers them by itself).
    socket.on('ping', () => {
      if (!this.#closingForRate && this.#rate.check(performance.now()) === RateVerdict.Close) this.#closeForRate()
    })
    socket.on('close', (code) => {
      if (code === MESSAGE_TOO_BIG) context.metrics.error(SignalingErrorCode.MessageTooLarge)
      this.#queue.push(() => this.#closed())
    })
    // ws reports protocol violations (oversized or malformed frames) here after closing the socket itself;
    // without a listener the 'error' event would crash the process.
    socket.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'WS_ERR_TOO_MANY_BUFFERED_PARTS') context.metrics.error(SignalingCloseReason.TooManyFragments)
      context.logger.debug('socket error', { error })
    })
  }

  /**
   * Sends a frame to this client; dropped when the socket is closing (its peers are about to hear it left). A
   * client that does not read is closed once too much waits for it, instead of the server holding it all.
   */
  send(message: ServerMessage): void {
    if (message.type === 'error') this.#context.metrics.error(message.code)
    const socket = this.#socket
    if (socket.readyState !== socket.OPEN) return
    const frame = encodeMessage(message)
    if (socket.bufferedAmount + frame.length > this.#context.limits.maxBufferedBytesPerConnection) return this.#closeSlowConsumer()
    socket.send(frame)
  }

  /** Resolves once every frame received so far, and the departure after closing, has been handled. */
  idle(): Promise<void> {
    return this.#queue.idle()
  }

  /** Every frame passes here first: one clock reading, one token, and the frame joins the queue. */
  #onFrame(data: RawData): void {
    if (this.#closingForRate) return
    const now = performance.now()
    const verdict = this.#rate.check(now)
    if (verdict === RateVerdict.Close) return this.#closeForRate()
    if (verdict === RateVerdict.Refuse) {
      const retryAfterMs = this.#rate.retryAfterMs(now)
      // Queued like the frame would have been, so errors keep the order of the frames they answer.
      return this.#queue.push(() => this.#sendError(SignalingErrorCode.RateLimited, 'too many messages: this one was dropped', retryAfterMs))
    }
    // A frame handled at once cannot have waited; only one that queues behind others is timed.
    if (this.#queue.length === 0) this.#queue.push(() => this.#receive(data))
    else this.#queue.push(() => this.#receiveLate(data, now))
  }

  async #receiveLate(data: RawData, receivedAt: number): Promise<void> {
    if (this.#refused) return
    if (performance.now() - receivedAt > this.#context.limits.maxFrameWaitMs) {
      this.#context.logger.warn('a frame waited too long to be handled; closing the connection', { peerId: this.#membership?.peerId })
      return this.#closeForLimit(TRY_AGAIN_LATER, SignalingCloseReason.Backlog)
    }
    return this.#receive(data)
  }

  async #receive(data: RawData): Promise<void> {
    if (this.#refused) return
    // Text and binary frames alike: the parser decodes UTF-8 strictly and answers bad bytes with BAD_MESSAGE.
    const parsed = parseClientMessage(Array.isArray(data) ? Buffer.concat(data) : data)
    if (!parsed.ok) {
      this.#context.logger.debug('rejected frame', { peerId: this.#membership?.peerId, code: parsed.code, reason: parsed.reason })
      if (parsed.code === SignalingErrorCode.BadRoomCode || parsed.code === SignalingErrorCode.BadPersonalCode) this.#missed()
      return this.#sendError(parsed.code, parsed.reason)
    }
    const message = parsed.message
    const { switchboard } = this.#context
    this.#context.metrics.received(message.type)
    switch (message.type) {
      case 'join':
        return this.#attempt(() => this.#join(message))
      case 'signal':
        return this.#relay(message)
      case 'leave':
        if (this.#membership === undefined) return this.#sendError(SignalingErrorCode.NotInRoom, 'leave sent while not in a room')
        return this.#leaveRoom('left')
      case 'register':
        return this.#attempt(() => switchboard.register(this, message))
      case 'unregister':
        return switchboard.unregister(this)
      case 'invite':
        return this.#attempt(() => switchboard.invite(this, message))
      case 'answer':
        return switchboard.answer(this, message)
      case 'cancel':
        return switchboard.cancel(this, message)
      default:
        return assertNever(message, 'client message')
    }
  }

  /**
   * Runs an attempt that can miss (`run` resolves true when it did), throttled per client address: it waits,
   * or is refused, when the address has missed too often (attempt-throttle.ts).
   */
  async #attempt(run: () => Promise<boolean>): Promise<void> {
    const gate = this.#context.attempts.check(this.#clientKey, performance.now())
    if (!gate.ok) {
      const seconds = Math.ceil(gate.retryAfterMs / 1000)
      return this.#sendError(SignalingErrorCode.TooManyAttempts, `too many failed attempts from your address: try again in ${seconds} s`, gate.retryAfterMs)
    }
    if (gate.waitMs > 0) await sleep(gate.waitMs)
    if (await run()) this.#missed()
  }

  /** Counts a failed attempt against this client's address. */
  #missed(): void {
    if (!this.#context.attempts.fail(this.#clientKey, performance.now())) return
    this.#context.logger.warn('blocked an address after too many failed attempts', { address: this.#clientKey })
  }

  /**
   * Resolves true when the join missed, as guessing a room code does: refused as full, a resume claim that was
   * not granted, or a room with nobody else in it. (Whoever opens a room for a call misses once too; the free
   * failures of the throttle are for them.)
   */
  async #join(message: JoinMessage): Promise<boolean> {
    const { backplane, members, logger } = this.#context
    if (this.#membership !== undefined) {
      this.#sendError(SignalingErrorCode.AlreadyInRoom, 'this connection is already in a room: send leave first')
      return false
    }
    const { resumeTokens } = this.#context
    // A claim that is not granted is ignored, not refused: the client simply gets a fresh id.
    const resume = message.resume !== undefined && resumeTokens.allows(message.room, message.resume.peerId, message.resume.token) ? message.resume : undefined
    for (let attempt = 1; ; attempt++) {
      const resuming = resume !== undefined && attempt === 1
      const peerId = resuming ? resume.peerId : generatePeerId()
      const outcome = members.has(peerId) ? ({ ok: false, reason: 'clash' } as const) : await backplane.joinRoom(message.room, peerId)
      if (!outcome.ok && outcome.reason === 'clash') {
        // A claimed id still held by a live connection is not taken from it: one more attempt, with a fresh id.
        if (attempt < PEER_ID_ATTEMPTS + (resume !== undefined ? 1 : 0)) continue
        throw new Error('no free peer id after several attempts')
      }
      for (const gone of outcome.gone) this.#tellAll(outcome.peers, { v: 1, type: 'peer-left', peerId: gone, reason: 'disconnected' })
      if (!outcome.ok) {
        this.#sendError(SignalingErrorCode.RoomFull, 'this room is full')
        return true
      }

      const ice = new IceServerRefresh(this.#context.issueIceServers, peerId, (iceServers) => this.send({ v: 1, type: 'ice-servers', iceServers }))
      this.#membership = { room: message.room, peerId, ice }
      members.set(peerId, this)
      // After a restart the server cannot check a claimed token: it is bound to the id now (first come).
      const resumeToken = resuming ? resume.token : ResumeTokens.generate()
      resumeTokens.bind(message.room, peerId, resumeToken)
      // Room codes are the only thing that keeps a call private, so they are never logged.
      logger.info('peer joined', { peerId, resumed: resuming, peersInRoom: outcome.peers.length + 1 })
      const peers = outcome.peers.map((peer) => peer.peerId)
      this.send({ v: 1, type: 'joined', room: message.room, peerId, peers, iceServers: ice.start(), resumeToken })
      this.#tellAll(outcome.peers, { v: 1, type: 'peer-joined', peerId })
      return peers.length === 0 || (message.resume !== undefined && resume === undefined)
    }
  }

  async #relay(message: SendSignalMessage): Promise<void> {
    const membership = this.#membership
    if (membership === undefined) return this.#sendError(SignalingErrorCode.NotInRoom, 'signal sent before join')
    const target = message.to === membership.peerId ? undefined : await this.#context.backplane.findMember(membership.room, message.to)
    if (target === undefined) return this.#sendError(SignalingErrorCode.UnknownPeer, `peer ${message.to} is not in your room`)
    const { data } = message
    this.#context.metrics.relayed(data.kind === 'candidate' ? 'candidate' : data.description.type)
    // `from` comes from the server's own record, never from the frame: a peer cannot speak for another.
    this.#tell(target, { v: 1, type: 'signal', from: membership.peerId, data })
  }

  async #leaveRoom(reason: PeerLeftReason): Promise<void> {
    const membership = this.#membership
    if (membership === undefined) return
    const { backplane, members, logger } = this.#context
    const { room, peerId, ice } = membership
    this.#membership = undefined
    members.delete(peerId)
    ice.stop()
    const left = await backplane.leaveRoom(room, peerId)
    logger.info('peer left', { peerId, reason, peersInRoom: left.remaining.length })
    for (const gone of left.gone) this.#tellAll(left.remaining, { v: 1, type: 'peer-left', peerId: gone, reason: 'disconnected' })
    this.#tellAll(left.remaining, { v: 1, type: 'peer-left', peerId, reason })
  }

  /** The socket closed: leave the room and the switchboard, even if one of the two fails. */
  async #closed(): Promise<void> {
    try {
      await this.#leaveRoom('disconnected')
    } finally {
      await this.#context.switchboard.disconnected(this)
    }
  }

  #tell(member: RoomMember, message: ServerMessage): void {
    this.#context.backplane.send(member.node, { t: 'peer', peerId: member.peerId, message })
  }

  #tellAll(members: readonly RoomMember[], message: ServerMessage): void {
    for (const member of members) this.#tell(member, message)
  }

  #sendError(code: SignalingErrorCode, message: string, retryAfterMs?: number): void {
    const text = message.slice(0, LIMITS.errorMessageChars)
    this.send(retryAfterMs === undefined ? { v: 1, type: 'error', code, message: text } : { v: 1, type: 'error', code, message: text, retryAfterMs })
  }

  /**
   * Stops reading a connection that keeps sending too fast, and closes it once the frames before are answered
   * (so its errors arrive, in order, before the close).
   */
  #closeForRate(): void {
    this.#closingForRate = true
    this.#socket.pause()
    this.#context.logger.warn('closing a connection that keeps sending too fast', { address: this.#clientKey, peerId: this.#membership?.peerId })
    this.#queue.push(() => {
      // Reading again, but only for the closing handshake: frames are dropped from now on.
      this.#socket.resume()
      this.#closeForLimit(POLICY_VIOLATION, SignalingErrorCode.RateLimited)
    })
  }

  #closeSlowConsumer(): void {
    if (this.#refused) return
    const socket = this.#socket
    this.#context.logger.warn('closing a connection that does not read what it is sent', { bufferedBytes: socket.bufferedAmount, peerId: this.#membership?.peerId })
    this.#closeForLimit(TRY_AGAIN_LATER, SignalingCloseReason.SlowConsumer)
    // The close frame queues behind what the client is not reading: it gets a moment to read it, then the
    // socket and its buffer are gone, whether or not it ever reads again.
    setTimeout(() => socket.terminate(), SLOW_CONSUMER_GRACE_MS).unref()
  }

  /** Closes for breaking a limit: the frames still queued are dropped, and the departure handled as any other. */
  #closeForLimit(code: number, reason: string): void {
    this.#refused = true
    this.close(code, reason)
  }

  /** The shared state could not be reached while handling this connection: it cannot go on consistently. */
  #unavailable(error: unknown): void {
    this.#context.metrics.backplaneFailure()
    this.#context.logger.error('shared state unavailable; closing the connection', { error, peerId: this.#membership?.peerId })
    this.close(TRY_AGAIN_LATER, SignalingCloseReason.Unavailable)
  }

  /** Closes the socket (the departure is then handled like any other close). */
  close(code: number, reason: string): void {
    if (this.#socket.readyState === this.#socket.OPEN || this.#socket.readyState === this.#socket.CONNECTING) {
      this.#context.metrics.error(reason)
      this.#socket.close(code, reason)
    }
  }
}
