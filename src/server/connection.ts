/**
 * One client's WebSocket: every frame goes through the shared `parseClientMessage`, every reply through
 * `encodeMessage`. A bad frame is answered with an `error` and the connection stays open, so one client bug
 * (or one odd network proxy) does not end a call.
 *
 * Frames are handled one at a time, in order (serial-queue.ts), because handling one may wait for the shared
 * state (backplane). If the shared state cannot be reached, the connection is closed with 1013 and
 * `SIG_ERR_UNAVAILABLE`: the client reconnects and rejoins, instead of carrying on with state nobody else sees.
 *
 * Rooms are handled by this connection's `RoomMembership` (room-membership.ts); registrations and calls by the
 * shared `Switchboard`, to which this connection is one `CallParty`. The two are independent: a connection may be in a room, registered, both or neither.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { RawData, WebSocket } from 'ws'
import { assertNever } from '../shared/assert-never'
import { encodeMessage, LIMITS, parseClientMessage, type PeerId, type ServerMessage } from '../shared/protocol'
import type { RoomCode } from '../shared/room-code'
import { SignalingCloseReason, SignalingErrorCode } from '../shared/signaling-errors'
import type { AttemptThrottle } from './attempt-throttle'
import { makeAddress, type Address, type Backplane, type NodeId } from './cluster/backplane'
import { frameForParser } from './frame-text'
import type { ServerLimits } from './limit-options'
import type { Logger } from './log'
import { MessageRateLimit, RateVerdict } from './message-rate-limit'
import type { ServerMetrics } from './metrics'
import type { ResumeTokens } from './resume-tokens'
import { RoomMembership } from './room-membership'
import { SerialQueue } from './serial-queue'
import type { CallParty, Switchboard } from './switchboard'
import type { IceServerIssuer } from './turn-credentials'
import type { LanHosting } from './lan-hosting'

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
  /** Set while the server is reachable on the local network (docs/lan.md): what it answers to `locate`. */
  readonly lan: () => LanHosting | undefined
}

/** WebSocket close code 1013, "try again later". */
const TRY_AGAIN_LATER = 1013
const MESSAGE_TOO_BIG = 1009
/** WebSocket close code 1008, "policy violation". */
const POLICY_VIOLATION = 1008
/** How long a slow consumer gets to read its close frame before its socket is cut, in ms. */
const SLOW_CONSUMER_GRACE_MS = 2_000
/** WebSocket close code 4000 (application-defined), with `SIG_ERR_RESUMED_ELSEWHERE`: a resume claim took this peer id. */
const RESUMED_ELSEWHERE = 4000

let connectionCount = 0

export class ClientConnection implements CallParty {
  readonly address: Address
  /** Came in through the local-network listener: another app on the network (docs/lan.md). */
  readonly visitor: boolean
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
  /** The room this connection is in, if any (room-membership.ts). */
  readonly #membership: RoomMembership

  constructor(socket: WebSocket, context: SignalingContext, clientKey: string, options: { visitor?: boolean } = {}) {
    this.visitor = options.visitor ?? false
    this.#socket = socket
    this.#context = context
    this.#clientKey = clientKey
    this.#rate = new MessageRateLimit(
      { burst: context.limits.messageBurst, perSecond: context.limits.messagesPerSecond, maxViolations: context.limits.maxRateViolations },
      performance.now(),
    )
    this.#membership = new RoomMembership(this, context, (code, message) => this.#sendError(code, message))
    this.address = makeAddress(context.backplane.node as NodeId, (++connectionCount).toString(36))
    this.#queue = new SerialQueue({
      highWaterMark: context.maxQueuedFrames,
      onError: (error) => this.#unavailable(error),
      // Stop reading while behind: TCP then slows the client down instead of frames piling up here.
      onBacklog: (backlogged) => (backlogged ? socket.pause() : socket.resume()),
    })
    socket.on('message', (data, isBinary) => this.#onFrame(data, isBinary))
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

  /** The room this connection is in, if any. */
  get room(): RoomCode | undefined {
    return this.#membership.room
  }

  /** Resolves once every frame received so far, and the departure after closing, has been handled. */
  idle(): Promise<void> {
    return this.#queue.idle()
  }

  /** Every frame passes here first: one clock reading, one token, and the frame joins the queue. */
  #onFrame(data: RawData, isBinary: boolean): void {
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
    if (this.#queue.length === 0) this.#queue.push(() => this.#receive(data, isBinary))
    else this.#queue.push(() => this.#receiveLate(data, isBinary, now))
  }

  #receiveLate(data: RawData, isBinary: boolean, receivedAt: number): void | Promise<void> {
    if (this.#refused) return
    if (performance.now() - receivedAt > this.#context.limits.maxFrameWaitMs) {
      this.#context.logger.warn('a frame waited too long to be handled; closing the connection', { peerId: this.#membership.peerId })
      return this.#closeForLimit(TRY_AGAIN_LATER, SignalingCloseReason.Backlog)
    }
    return this.#receive(data, isBinary)
  }

  /**
   * Handles one frame. Not `async`: a relayed signal is handled synchronously when the backplane allows it, and
   * the queue then needs no promise for it; the messages that wait for the backplane return their promise.
   */
  #receive(data: RawData, isBinary: boolean): void | Promise<void> {
    if (this.#refused) return
    // Every frame is validated by the shared parser; text frames come already decoded (frame-text.ts).
    const parsed = parseClientMessage(frameForParser(data, isBinary))
    if (!parsed.ok) {
      this.#context.logger.debug('rejected frame', { peerId: this.#membership.peerId, code: parsed.code, reason: parsed.reason })
      if (parsed.code === SignalingErrorCode.BadRoomCode || parsed.code === SignalingErrorCode.BadPersonalCode) this.missed()
      return this.#sendError(parsed.code, parsed.reason)
    }
    const message = parsed.message
    const { switchboard } = this.#context
    this.#context.metrics.received(message.type)
    switch (message.type) {
      case 'join':
        return this.#attempt(() => (this.#visitorMayJoin(message.room) ? this.#membership.join(message) : Promise.resolve(true)))
      case 'signal':
        return this.#membership.relay(message)
      case 'leave':
        if (!this.#membership.inRoom) return this.#sendError(SignalingErrorCode.NotInRoom, 'leave sent while not in a room')
        return this.#membership.leave('left')
      case 'register':
        // A personal code is registered only on its owner's own app: a neighbour cannot take one over here.
        if (this.visitor) return this.#sendError(SignalingErrorCode.LocalOnly, 'register only from the app on this computer')
        return this.#attempt(() => switchboard.register(this, message, this.#clientKey))
      case 'unregister':
        return switchboard.unregister(this)
      case 'invite':
        return this.#attempt(() => switchboard.invite(this, message))
      case 'answer':
        return switchboard.answer(this, message)
      case 'cancel':
        return switchboard.cancel(this, message)
      case 'locate':
        // Each question that finds nothing is a miss, as a join of a room nobody is in: the same guessing budget.
        return this.#attempt(() => this.#locate(message.ask))
      case 'ping':
        return this.send({ v: 1, type: 'pong' })
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
    if (await run()) this.missed()
  }

  /** A visitor joins a room one of this app's people is in, never opens one; refused joins are misses. */
  #visitorMayJoin(room: RoomCode): boolean {
    if (!this.visitor || this.#context.lan()?.hostsRoom(room)) return true
    this.#sendError(SignalingErrorCode.LocalOnly, 'nobody on this app is in that room: another app may join a room here, not open one')
    return false
  }

  /** Resolves true (a miss) when this server does not have the code behind `ask`. */
  async #locate(ask: string): Promise<boolean> {
    const lan = this.#context.lan()
    const answer = lan ? await lan.answerFor(ask) : null
    this.send({ v: 1, type: 'located', ask, answer })
    return answer === null
  }

  /** Counts a failed attempt against this client's address (also for calls that end unanswered: switchboard.ts). */
  missed(): void {
    if (!this.#context.attempts.fail(this.#clientKey, performance.now())) return
    this.#context.logger.warn('blocked an address after too many failed attempts', { address: this.#clientKey })
  }

  /** The socket closed: leave the room and the switchboard, even if one of the two fails. */
  async #closed(): Promise<void> {
    try {
      await this.#membership.leave('disconnected')
    } finally {
      await this.#context.switchboard.disconnected(this)
    }
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
    this.#context.logger.warn('closing a connection that keeps sending too fast', { address: this.#clientKey, peerId: this.#membership.peerId })
    this.#queue.push(() => {
      // Reading again, but only for the closing handshake: frames are dropped from now on.
      this.#socket.resume()
      this.#closeForLimit(POLICY_VIOLATION, SignalingErrorCode.RateLimited)
    })
  }

  #closeSlowConsumer(): void {
    if (this.#refused) return
    const socket = this.#socket
    this.#context.logger.warn('closing a connection that does not read what it is sent', { bufferedBytes: socket.bufferedAmount, peerId: this.#membership.peerId })
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
    this.#context.logger.error('shared state unavailable; closing the connection', { error, peerId: this.#membership.peerId })
    this.close(TRY_AGAIN_LATER, SignalingCloseReason.Unavailable)
  }

  /**
   * A resume claim gave this connection's peer id to the connection at another address (room-membership.ts):
   * this one leaves its room without a word to the others, where the id goes on, and is closed. It is usually
   * half-open (its client's network changed), so it is cut if the close frame is not answered soon.
   */
  takenOver(peerId: PeerId, address: Address): void {
    if (address !== this.address || !this.#membership.surrender(peerId)) return
    this.close(RESUMED_ELSEWHERE, SignalingCloseReason.ResumedElsewhere)
    const socket = this.#socket
    setTimeout(() => socket.terminate(), SLOW_CONSUMER_GRACE_MS).unref()
  }

  /** Closes the socket (the departure is then handled like any other close). */
  close(code: number, reason: string): void {
    if (this.#socket.readyState === this.#socket.OPEN || this.#socket.readyState === this.#socket.CONNECTING) {
      this.#context.metrics.error(reason)
      this.#socket.close(code, reason)
    }
  }
}
