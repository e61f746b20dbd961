/**
 * A signaling connection that stays up: over a link that reconnects with backoff and jitter when it drops
 * (reconnecting-socket.ts), it rejoins the room it was in (claiming back its peer id, so a call goes on),
 * registers its personal code again, and reports every state change. During a call it pings the server, so a
 * socket that died without a word is noticed in seconds (link-keepalive.ts). It speaks protocol v1 through the shared
 * parser, so a malformed server frame is reported, never acted on.
 *
 * Calls between people (`invite`, `answerCall`, `cancelCall`) are not kept across a drop: the server ends every
 * call that was ringing to or from a connection that closes, and tells the other end. So when `state` leaves
 * `open`, the app should treat the calls it was ringing or being rung for as over.
 *
 * It is given a socket factory so the same code runs over the `ws` package in Electron's main process and over
 * the browser's WebSocket in web mode.
 */
import { TypedEvents, type Listener } from './typed-events'
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff'
import type { CallCancelledEvent, CallCancelReason, CallId, CallUpdateEvent, DeclineReason, IncomingCallEvent, RegisteredEvent } from './calls'
import type {
  CandidateEvent,
  ConnectionState,
  DescriptionEvent,
  JoinedEvent,
  PeerJoinedEvent,
  PeerLeftEvent,
  SignalingErrorEvent,
} from './ipc-contract'
import {
  encodeMessage,
  parseServerMessage,
  type ClientMessage,
  type IceCandidate,
  type IceServer,
  type PeerId,
  type ResumeClaim,
  type ServerMessage,
  type SessionDescription,
} from './protocol'
import { isPersonalSecret, type PersonalSecret } from './personal-code'
import type { RoomCode } from './room-code'
import { REGISTRATION_REFUSAL_CODES, SignalingCloseReason, SignalingErrorCode } from './signaling-errors'
import { assertNever } from './assert-never'
import { DEFAULT_REFUSED_RETRY_MS } from './connection-refusal'
import { PendingAttempts, type PendingAttempt } from './pending-attempts'
import { ReconnectingSocket, type WebSocketLike } from './reconnecting-socket'
import { LinkKeepalive } from './link-keepalive'

export type { WebSocketLike } from './reconnecting-socket'

/** Fresh STUN/TURN servers for the current room (the TURN credentials from `joined` are about to expire). */
export interface IceServersEvent {
  iceServers: IceServer[]
}

export interface SignalingClientEvents {
  state: ConnectionState
  joined: JoinedEvent
  'peer-joined': PeerJoinedEvent
  'peer-left': PeerLeftEvent
  description: DescriptionEvent
  candidate: CandidateEvent
  error: SignalingErrorEvent
  registered: RegisteredEvent
  'incoming-call': IncomingCallEvent
  'call-update': CallUpdateEvent
  'call-cancelled': CallCancelledEvent
  /** Pass to `RTCPeerConnection.setConfiguration({ ...current, iceServers })`: the call itself goes on. */
  'ice-servers': IceServersEvent
}

export interface SignalingClientOptions {
  /** The server's WebSocket URL, e.g. `ws://127.0.0.1:4780/signal`. */
  url: string
  createSocket: (url: string) => WebSocketLike
  /** Reconnect delays. Default {@link DEFAULT_BACKOFF}. */
  backoff?: BackoffOptions
  /** Randomness for jitter; injectable for tests. Default `Math.random`. */
  random?: () => number
  /**
   * How long to wait before trying again after the server refused this app outright (HTTP 403, origin not
   * allowed), in ms. Default {@link DEFAULT_REFUSED_RETRY_MS} (5 minutes).
   */
  refusedRetryMs?: number
  /**
   * While in a room, how often to ask the server whether the link is alive (`ping`, link-keepalive.ts), in ms: a
   * socket that died without a word (the public address changed mid-call) is then noticed within about this
   * long, and one that answers nothing within 5 s. 0 turns it off. Default {@link DEFAULT_KEEPALIVE_MS}.
   */
  keepaliveMs?: number
}

/** When the server did not say how long to wait before sending a refused registration again, in ms. */
const DEFAULT_REGISTER_RETRY_MS = 1_000
/**
 * A ping a second during a call: a dead link is found within a second, so a call whose path broke with it is back
 * within a few (docs/deployment.md, "Through NATs and firewalls"). The cost is a few bytes each way and about 15 µs
 * of server time per ping: a tenth of a core for 10,000 people in calls.
 */
export const DEFAULT_KEEPALIVE_MS = 1_000

export class SignalingClient {
  /** Connecting, reconnecting and the socket itself (reconnecting-socket.ts); this class speaks the protocol over it. */
  readonly #link: ReconnectingSocket
  /** The room to be in: joined again after every reconnect until `leave()`. */
  #room: RoomCode | null = null
  /** The id held in `#room` and its token: claimed back on rejoin, so a call whose media still flows goes on. */
  #resume: { room: RoomCode; claim: ResumeClaim } | null = null
  /** The secret to be reachable with: registered again after every reconnect until `unregister()` or replaced. */
  #secret: PersonalSecret | null = null
  /** The secret sent in `register` on the current socket, so a new one can be preceded by `unregister`. */
  #sentSecret: PersonalSecret | null = null
  /** The code the server confirmed on the current socket. */
  #registeredCode: RoomCode | null = null
  /** Joins, registrations and invites sent on the current socket and not answered yet (pending-attempts.ts). */
  readonly #pending = new PendingAttempts()
  /** A registration the server refused for now (too many attempts, or rate): sent again when it says. */
  #registerRetryTimer: ReturnType<typeof setTimeout> | null = null
  /** Finds a socket that died silently during a call (link-keepalive.ts). */
  readonly #keepalive: LinkKeepalive
  readonly #events = new TypedEvents<SignalingClientEvents>()

  constructor(options: SignalingClientOptions) {
    this.#keepalive = new LinkKeepalive({
      intervalMs: options.keepaliveMs ?? DEFAULT_KEEPALIVE_MS,
      send: () => this.#send({ v: 1, type: 'ping' }),
      dead: (why) => this.#link.drop(why),
      wanted: () => this.#room !== null,
    })
    this.#link = new ReconnectingSocket(
      { backoff: DEFAULT_BACKOFF, random: Math.random, refusedRetryMs: DEFAULT_REFUSED_RETRY_MS, ...options },
      {
        state: (state) => this.#emit('state', state),
        opened: () => {
          this.#keepalive.start()
          this.#sendRegister()
          if (this.#room) this.#sendAttempt('join', this.#rejoinMessage(this.#room))
        },
        message: (data) => this.#receive(data),
        // The server forgets a registration, and every attempt it had not answered, with its connection.
        dropped: (closeReason) => {
          this.#keepalive.stop()
          this.#sentSecret = null
          this.#registeredCode = null
          this.#pending.clear()
          this.#clearRegisterRetry()
          // Another connection claimed our peer id with our token and goes on with it: claiming it back would
          // only take it from that one, and so on forever (a copied token). Rejoin, if at all, as someone new.
          if (closeReason === SignalingCloseReason.ResumedElsewhere) this.#resume = null
        },
      },
    )
  }

  get state(): ConnectionState {
    return this.#link.state
  }

  get room(): RoomCode | null {
    return this.#room
  }

  /** The personal code this connection is reachable on, as the server confirmed it; null while it is not. */
  get registeredCode(): RoomCode | null {
    return this.#registeredCode
  }

  /** Starts connecting (and keeps reconnecting until `close()`). Calling it again does nothing. */
  connect(): void {
    this.#link.connect()
  }

  /** Closes for good: no reconnect, the room and the registration are forgotten. */
  close(): void {
    this.#room = null
    this.#resume = null
    this.#secret = null
    this.#clearRegisterRetry()
    this.#keepalive.stop()
    this.#link.close()
  }

  /** Joins a room now if connected, else as soon as the connection opens. */
  join(room: RoomCode): void {
    this.#room = room
    // A join asked for by the app is a new membership, never a resumed one.
    this.#resume = null
    this.#sendAttempt('join', { v: 1, type: 'join', room })
  }

  leave(): void {
    this.#resume = null
    if (this.#room === null) return
    this.#room = null
    this.#send({ v: 1, type: 'leave' })
  }

  /**
   * Becomes reachable on the personal code derived from `secret`, now if connected, else as soon as the
   * connection opens, and again after every reconnect. Registering another secret (a regenerated code) first
   * unregisters the old one, so the old code stops reaching this app at once. Throws a `TypeError` for a value
   * that is not a personal secret: that is a bug in the app, not something to send.
   */
  register(secret: PersonalSecret): void {
    if (!isPersonalSecret(secret)) throw new TypeError('register() needs a personal secret (43 base64url characters)')
    this.#secret = secret
    if (this.#sentSecret !== null && this.#sentSecret !== secret) this.#sendUnregister()
    this.#sendRegister()
  }

  /** Stops being reachable, and stays so after reconnecting. */
  unregister(): void {
    this.#secret = null
    if (this.#sentSecret !== null) this.#sendUnregister()
  }

  /**
   * Calls the installation whose personal code is `to`, to meet in `room` (a fresh room code). Needs a
   * registration (the callee is shown who calls), except as a visitor to another app on the local network, which
   * says who calls in `from` (docs/lan.md). Returns false when the link is down: nothing is queued.
   */
  invite(callId: CallId, to: RoomCode, room: RoomCode, from?: RoomCode): boolean {
    return this.#sendAttempt('invite', from === undefined ? { v: 1, type: 'invite', callId, to, room } : { v: 1, type: 'invite', callId, to, room, from })
  }

  /** Answers a call that rings here. A refusal says `declined` unless `reason` is `busy`; `reason` is ignored when accepting. */
  answerCall(callId: CallId, accept: boolean, reason?: DeclineReason): boolean {
    if (accept) return this.#send({ v: 1, type: 'answer', callId, accept: true })
    return this.#send(reason === undefined ? { v: 1, type: 'answer', callId, accept: false } : { v: 1, type: 'answer', callId, accept: false, reason })
  }

  /** Stops a call this app made that is still ringing: `hung-up`, or `no-answer` after the app's own timeout. */
  cancelCall(callId: CallId, reason: CallCancelReason): boolean {
    return this.#send({ v: 1, type: 'cancel', callId, reason })
  }

  /** Returns false when the link is down: the description is not queued, as the call renegotiates on rejoin. */
  sendDescription(to: PeerId, description: SessionDescription): boolean {
    return this.#send({ v: 1, type: 'signal', to, data: { kind: 'description', description } })
  }

  sendCandidate(to: PeerId, candidate: IceCandidate): boolean {
    return this.#send({ v: 1, type: 'signal', to, data: { kind: 'candidate', candidate } })
  }

  on<E extends keyof SignalingClientEvents>(event: E, listener: Listener<SignalingClientEvents[E]>): () => void {
    return this.#events.on(event, listener)
  }

  /** How many listeners are attached; lets tests prove that teardown removed them. */
  listenerCount(): number {
    return this.#events.listenerCount()
  }

  #emit<E extends keyof SignalingClientEvents>(event: E, payload: SignalingClientEvents[E]): void {
    this.#events.emit(event, payload)
  }

  #rejoinMessage(room: RoomCode): ClientMessage {
    const resume = this.#resume?.room === room ? this.#resume.claim : undefined
    return resume ? { v: 1, type: 'join', room, resume } : { v: 1, type: 'join', room }
  }

  #sendRegister(): void {
    if (this.#secret !== null && this.#sendAttempt('register', { v: 1, type: 'register', secret: this.#secret })) this.#sentSecret = this.#secret
  }

  #sendAttempt(kind: PendingAttempt, message: ClientMessage): boolean {
    if (!this.#send(message)) return false
    this.#pending.sent(kind)
    return true
  }

  /**
   * The server did not handle `refused` for now (too many attempts, or rate). A join is given up (the call screen
   * says why and when to try again); a registration is sent again once the server takes it, so the app becomes
   * reachable by itself; an invite is the phone line's to end.
   */
  #onThrottled(refused: PendingAttempt, retryAfterMs: number | undefined): void {
    if (refused === 'join') {
      this.#room = null
      this.#resume = null
    }
    if (refused === 'register' && this.#registerRetryTimer === null) {
      this.#sentSecret = null
      this.#registerRetryTimer = setTimeout(() => {
        this.#registerRetryTimer = null
        if (this.#registeredCode === null && this.#sentSecret === null) this.#sendRegister()
      }, retryAfterMs ?? DEFAULT_REGISTER_RETRY_MS)
    }
  }

  #clearRegisterRetry(): void {
    if (this.#registerRetryTimer !== null) clearTimeout(this.#registerRetryTimer)
    this.#registerRetryTimer = null
  }

  #sendUnregister(): void {
    this.#send({ v: 1, type: 'unregister' })
    this.#sentSecret = null
    this.#registeredCode = null
  }

  #send(message: ClientMessage): boolean {
    return this.#link.send(encodeMessage(message))
  }

  #receive(data: unknown): void {
    const parsed = parseServerMessage(data)
    if (!parsed.ok) {
      this.#emit('error', { code: parsed.code, message: `The server sent a frame this app cannot read: ${parsed.reason}` })
      return
    }
    this.#dispatch(parsed.message)
  }

  #dispatch(message: ServerMessage): void {
    switch (message.type) {
      case 'joined':
        this.#pending.answered('join')
        this.#resume =
          message.resumeToken !== undefined && message.room === this.#room
            ? { room: message.room, claim: { peerId: message.peerId, token: message.resumeToken } }
            : null
        this.#emit('joined', { room: message.room, peerId: message.peerId, peers: message.peers, iceServers: message.iceServers })
        return
      case 'peer-joined':
        this.#emit('peer-joined', { peerId: message.peerId })
        return
      case 'peer-left':
        this.#emit('peer-left', { peerId: message.peerId, reason: message.reason })
        return
      case 'signal':
        if (message.data.kind === 'description') {
          this.#emit('description', { from: message.from, description: message.data.description })
        } else {
          this.#emit('candidate', { from: message.from, candidate: message.data.candidate })
        }
        return
      case 'error': {
        // A server older than `ping` says it does not know it: that is its answer, not news for the app.
        if (message.code === SignalingErrorCode.UnknownType && this.#keepalive.refusedByOldServer()) return
        const throttled = this.#pending.error(message.code)
        if (throttled) this.#onThrottled(throttled, message.retryAfterMs)
        // A refused join must not be retried on every reconnect.
        if (JOIN_REFUSALS.has(message.code)) this.#room = null
        // Nor a registration: after SIG_ERR_REPLACED another connection (the same installation running twice,
        // or a copy of its secret) holds the code, and registering again would take it back on every reconnect.
        if (REGISTRATION_REFUSAL_CODES.has(message.code)) {
          this.#secret = null
          this.#sentSecret = null
          this.#registeredCode = null
        }
        this.#emit(
          'error',
          message.retryAfterMs === undefined
            ? { code: message.code, message: message.message }
            : { code: message.code, message: message.message, retryAfterMs: message.retryAfterMs },
        )
        return
      }
      case 'registered':
        this.#pending.answered('register')
        this.#registeredCode = message.code
        this.#emit('registered', { code: message.code })
        return
      case 'incoming-call':
        this.#emit('incoming-call', { callId: message.callId, from: message.from, room: message.room })
        return
      case 'call-update':
        this.#pending.answered('invite')
        this.#emit('call-update', { callId: message.callId, state: message.state })
        return
      case 'call-cancelled':
        this.#emit('call-cancelled', { callId: message.callId, reason: message.reason })
        return
      case 'ice-servers':
        this.#emit('ice-servers', { iceServers: message.iceServers })
        return
      case 'pong':
        this.#keepalive.answered()
        return
      case 'located':
        // Only ever the answer to a `locate`, which this client does not send (the app's LAN lookups do: src/main/lan).
        return
      default:
        assertNever(message, 'server message')
    }
  }
}

const JOIN_REFUSALS = new Set<SignalingErrorCode>([SignalingErrorCode.RoomFull, SignalingErrorCode.BadRoomCode])
