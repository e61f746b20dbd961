/**
 * The phone: this installation reachable on its personal code, calls placed to a person's code, calls that ring
 * here, and a record of how each one went. It runs over a `SignalingClient` it is given (the app-level presence
 * connection in main, the page's own connection in web mode) and never touches a camera or a microphone: a
 * call only becomes media once the window joins the call's room after `accepted`.
 *
 * How a call goes on the wire is in docs/protocol.md, "Presence and calling a person". What this adds:
 * - status: `online` once the server confirmed the registration of *this* code, `connecting` while the client
 *   (re)connects or the confirmation is pending, `offline` when closed or the server refused the registration;
 * - the caller's own ring timeout (cancel with `no-answer`), so the caller hears "no answer" after
 *   `ringTimeoutMs` rather than after the server's longer invite lifetime;
 * - "busy": a call that arrives while `isBusy()` is answered `busy` without ringing, and told as `call-while-busy`;
 * - the end of every ringing call when the link drops, is replaced, or the code changes (the server ends them
 *   too, and tells the other side);
 * - a `RecentCall` for every outcome, and the duration of answered calls through `callEnded`.
 *
 * Pure TypeScript with injected clock and timers: unit-tested with scripted sockets and fake timers.
 */
import { TypedEvents, type Listener } from './typed-events'
import { generateCallId, type CallCancelReason, type CallId, type CallState, type CallUpdateEvent, type IncomingCallEvent } from './calls'
import type { RecentCall, RecentOutcome } from './contacts'
import type { PersonalSecret } from './personal-code'
import { PhoneErrorCode, type StructuredNotice, type CallCancelled, type CallUpdate, type CallWhileBusy, type IncomingCall, type OutgoingCall, type PhoneIdentity, type PresenceStatus } from './phone'
import { generateRoomCode, type RoomCode } from './room-code'
import { CodedError } from './coded-error'
import type { SignalingClient } from './signaling-client'
import { REGISTER_LATER_CODES, REGISTRATION_REFUSAL_CODES, RING_LATER_CODES, SignalingErrorCode, THROTTLED_CODES } from './signaling-errors'

/** Where outcomes are written; `RecentsBook` (contact-book.ts) is one. */
export interface RecentsLog {
  add(entry: RecentCall): void
  update(id: CallId, patch: Partial<RecentCall>): void
}

/** The two timer functions the ring timeout uses; the globals by default. */
export interface PhoneTimers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface PhoneLineOptions {
  /** The connection to be reachable on. The owner connects and closes it; the line only registers on it. */
  client: SignalingClient
  /** This installation's secret (settings file in the app, localStorage in web mode). */
  secret: PersonalSecret
  /** SHA-256 of the secret's characters, as a personal code (see personal-code.ts): Node and browsers differ. */
  deriveCode: (secret: PersonalSecret) => Promise<RoomCode>
  /** How long an outgoing call rings before it counts as unanswered, in ms (`RING_TIMEOUT` bounds it). */
  ringTimeoutMs: number
  /** A contact's name for a personal code, or null when the caller is not a contact. */
  lookupName: (code: RoomCode) => string | null
  recents: RecentsLog
  /** True while this app is in a call (any window): an incoming call is then answered `busy`. */
  isBusy: () => boolean
  /** Milliseconds since the epoch, for `RecentCall.at`. Default `Date.now`. */
  now?: () => number
  /** Default the global `setTimeout`/`clearTimeout`. */
  timers?: PhoneTimers
  /**
   * Where a call to `to` rings (docs/lan.md): on `client` (`here`, the default without this option), on a link
   * of its own to another app on the local network, or nowhere. Called once per call, after `call()` returned.
   */
  routeCall?: (to: RoomCode) => Promise<OutgoingRoute>
}

/** A connection a call rings out on when it is not the line's own: open when handed over, closed by the line. */
export type OutgoingLink = Pick<SignalingClient, 'invite' | 'cancelCall' | 'on' | 'close'>

export type OutgoingRoute = { kind: 'here' } | { kind: 'unreachable' } | { kind: 'link'; link: OutgoingLink }

export interface PhoneLineEvents {
  identity: PhoneIdentity
  'incoming-call': IncomingCall
  'call-update': CallUpdate
  'call-cancelled': CallCancelled
  /** A call that came in while busy and was answered `busy`, so the person in the call can call back. */
  'call-while-busy': CallWhileBusy
  /** Something about reachability the person must be told, e.g. the code is now in use by another connection. */
  notice: StructuredNotice
}

export class PhoneError extends CodedError<PhoneErrorCode> {
  override name = 'PhoneError'
}

/** Codes of `app:notice` that the line raises. */
export const PhoneNoticeCode = {
  /** Another connection registered this code (the app running elsewhere with the same secret). */
  Replaced: 'PHONE_NOTICE_REPLACED',
  /** The server refused the registration: the code is bound to another secret, or the secret is malformed. */
  Refused: 'PHONE_NOTICE_REGISTRATION_REFUSED',
} as const

interface OutgoingRing {
  call: OutgoingCall
  at: number
  timer: unknown
  /** The link the call rings out on when it is not the line's own client, and how to stop listening to it. */
  link?: { link: OutgoingLink; unsubscribe: () => void }
}

interface IncomingRing {
  call: IncomingCall
  at: number
}


/** How many answered calls (awaiting `callEnded`) and finished calls (for a late `hangUp`) are remembered. */
const MAX_REMEMBERED_CALLS = 32

/** Errors that can only answer an `invite`: the call being placed did not go out. */
const INVITE_REFUSALS = new Set<SignalingErrorCode>([SignalingErrorCode.NotRegistered, SignalingErrorCode.CallSelf, SignalingErrorCode.TooManyCalls, SignalingErrorCode.CallIdInUse])

const OUTCOME_OF_STATE: Record<Exclude<CallState, 'ringing'>, RecentOutcome> = {
  accepted: 'answered',
  declined: 'declined',
  busy: 'busy',
  unreachable: 'unreachable',
  'no-answer': 'no-answer',
}

export class PhoneLine {
  #client: SignalingClient
  readonly #deriveCode: (secret: PersonalSecret) => Promise<RoomCode>
  readonly #ringTimeoutMs: number
  readonly #lookupName: (code: RoomCode) => string | null
  readonly #recents: RecentsLog
  readonly #isBusy: () => boolean
  readonly #routeCall: PhoneLineOptions['routeCall']
  readonly #now: () => number
  readonly #timers: PhoneTimers
  readonly #events = new TypedEvents<PhoneLineEvents>()
  readonly #unsubscribers: Array<() => void> = []
  #secret: PersonalSecret
  #code: RoomCode | null = null
  #status: PresenceStatus = 'offline'
  /** The server answered the registration with "later" (REGISTER_LATER_CODES); cleared once it registers. */
  #registerHeld = false
  /** The server refused this secret (replaced, code taken): not reachable until a new secret or a restart. */
  #refused = false
  #outgoing: OutgoingRing | null = null
  /** Whether the server has said anything about the outgoing call yet (an invite refusal can only come before). */
  #outgoingAcknowledged = false
  readonly #incoming = new Map<CallId, IncomingRing>()
  /** Answered calls (both directions) waiting for `callEnded`, oldest first. */
  readonly #answered = new Map<CallId, 'incoming' | 'outgoing'>()
  /** Calls that rang out from here and are over, so a late `hangUp` is harmless rather than an error. */
  readonly #finished = new Set<CallId>()
  #started: Promise<PhoneIdentity> | null = null
  #disposed = false

  constructor(options: PhoneLineOptions) {
    this.#client = options.client
    this.#secret = options.secret
    this.#deriveCode = options.deriveCode
    this.#ringTimeoutMs = options.ringTimeoutMs
    this.#lookupName = options.lookupName
    this.#recents = options.recents
    this.#isBusy = options.isBusy
    this.#routeCall = options.routeCall
    this.#now = options.now ?? Date.now
    this.#timers = options.timers ?? {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    }
  }

  /** This installation's code and whether it can be called now. Throws until `start()` has resolved. */
  get identity(): PhoneIdentity {
    if (this.#code === null) throw new Error('PhoneLine: the personal code is not known until start() has resolved')
    return { code: this.#code, status: this.#status }
  }

  /** This installation's personal code, or null until `start()` has derived it. */
  get code(): RoomCode | null {
    return this.#code
  }

  /** The calls ringing here now, oldest first (a window that opens mid-ring shows them). */
  get ringing(): IncomingCall[] {
    return [...this.#incoming.values()].map((ring) => ({ ...ring.call }))
  }

  /** The call ringing out from here, if any. */
  get outgoing(): OutgoingCall | null {
    return this.#outgoing ? { ...this.#outgoing.call } : null
  }

  /**
   * Derives the code and registers it (now if the client is open, else when it opens, and after every
   * reconnect). Resolves with the identity; calling it again returns the same promise.
   */
  start(): Promise<PhoneIdentity> {
    this.#started ??= this.#start()
    return this.#started
  }

  async #start(): Promise<PhoneIdentity> {
    this.#code = await this.#deriveCode(this.#secret)
    if (this.#disposed) return this.identity
    this.#attach(this.#client)
    this.#status = this.#computeStatus()
    return this.identity
  }

  /**
   * Moves the line to another connection (the server the app uses changed, docs/lan.md): the old one stops
   * being reachable (it is unregistered; its owner closes it), every call ringing on it ends, and the code is
   * registered on `client`, which the owner has connected.
   */
  async useClient(client: SignalingClient): Promise<void> {
    await this.start()
    if (this.#disposed || client === this.#client) return
    for (const unsubscribe of this.#unsubscribers.splice(0)) unsubscribe()
    this.#client.unregister()
    this.#endAllRinging()
    this.#client = client
    this.#refused = false
    this.#attach(client)
    this.#updateStatus()
  }

  #attach(client: SignalingClient): void {
    this.#unsubscribers.push(
      client.on('state', (state) => {
        if (state.status !== 'open') {
          this.#endAllRinging()
          // A new connection registers afresh: whatever the old one was told to wait for no longer holds.
          this.#registerHeld = false
        }
        this.#updateStatus()
      }),
      client.on('registered', ({ code }) => {
        // The server may hold the code for this secret again (e.g. once a refusal no longer applies).
        if (code === this.#code) this.#refused = false
        this.#registerHeld = false
        this.#updateStatus()
      }),
      client.on('error', (error) => this.#onServerError(error.code, error.retryAfterMs)),
      client.on('incoming-call', (event) => this.#onIncoming(event)),
      client.on('call-update', (event) => this.#onUpdate(event)),
      client.on('call-cancelled', (event) => this.#onCancelled(event.callId, event.reason)),
    )
    client.register(this.#secret)
  }

  /**
   * Switches to a new secret: the old code stops reaching this app at once (the client unregisters it first),
   * every ringing call ends, and the new code is registered. Resolves with the new identity (usually
   * `connecting` until the server confirms).
   */
  async regenerate(newSecret: PersonalSecret): Promise<PhoneIdentity> {
    await this.start()
    const code = await this.#deriveCode(newSecret)
    this.#endAllRinging()
    this.#secret = newSecret
    this.#code = code
    this.#refused = false
    this.#registerHeld = false
    this.#client.register(newSecret)
    this.#status = this.#computeStatus()
    this.#emit('identity', this.identity)
    return this.identity
  }

  /**
   * Rings the person whose personal code is `code`, in a fresh room. Throws a `PhoneError`: `NotOnline` unless
   * registered (or when the link is down), `CallingSelf`, `AlreadyCalling` while another call rings out.
   */
  call(code: RoomCode): OutgoingCall {
    if (this.#status !== 'online') throw new PhoneError(PhoneErrorCode.NotOnline, 'this app is not reachable on its code right now, so it cannot call')
    if (code === this.#code) throw new PhoneError(PhoneErrorCode.CallingSelf, 'that is your own code')
    if (this.#outgoing) throw new PhoneError(PhoneErrorCode.AlreadyCalling, 'a call is already ringing; hang it up first')
    const call: OutgoingCall = { callId: generateCallId(), to: code, room: generateRoomCode(), ringTimeoutMs: this.#ringTimeoutMs }
    if (!this.#routeCall && !this.#client.invite(call.callId, call.to, call.room)) throw new PhoneError(PhoneErrorCode.NotOnline, 'the connection to the server is down')
    const timer = this.#timers.setTimeout(() => this.#onRingTimeout(call.callId), this.#ringTimeoutMs)
    this.#outgoing = { call, at: this.#now(), timer }
    this.#outgoingAcknowledged = false
    if (this.#routeCall) void this.#placeRouted(call, this.#routeCall)
    return { ...call }
  }

  /** Finds where `call` rings, then invites there; a call hung up meanwhile is dropped on the way. */
  async #placeRouted(call: OutgoingCall, routeCall: NonNullable<PhoneLineOptions['routeCall']>): Promise<void> {
    const route = await routeCall(call.to).catch((): OutgoingRoute => ({ kind: 'unreachable' }))
    const ring = this.#outgoing
    if (ring?.call.callId !== call.callId) {
      if (route.kind === 'link') route.link.close()
      return
    }
    if (route.kind === 'unreachable') return this.#finishOutgoing('unreachable', 'unreachable')
    if (route.kind === 'here') {
      if (!this.#client.invite(call.callId, call.to, call.room)) this.#finishOutgoing('unreachable', 'unreachable')
      return
    }
    const { link } = route
    const unsubscribers = [
      link.on('call-update', (event) => this.#onUpdate(event)),
      link.on('error', (error) => this.#onServerError(error.code, error.retryAfterMs)),
      // The link is the call: if it drops before the answer, nothing rings there any more.
      link.on('state', (state) => {
        if (state.status !== 'open' && this.#outgoing?.call.callId === call.callId) this.#finishOutgoing('unreachable', 'unreachable')
      }),
    ]
    ring.link = { link, unsubscribe: () => unsubscribers.forEach((unsubscribe) => unsubscribe()) }
    // Said, not proven: this app never registers anywhere but on its own server (docs/lan.md).
    if (!link.invite(call.callId, call.to, call.room, this.#code ?? undefined)) this.#finishOutgoing('unreachable', 'unreachable')
  }

  /** What the outgoing call rings out on. */
  #outgoingLink(): Pick<SignalingClient, 'cancelCall'> {
    return this.#outgoing?.link?.link ?? this.#client
  }

  /** Stops the call ringing out (recorded as `cancelled`). A call that is already over is left alone. */
  hangUp(callId: CallId): void {
    if (this.#outgoing?.call.callId !== callId) {
      if (this.#finished.has(callId)) return
      throw new PhoneError(PhoneErrorCode.UnknownCall, 'no such call is ringing out')
    }
    this.#outgoingLink().cancelCall(callId, 'hung-up')
    this.#finishOutgoing('cancelled', null)
  }

  /**
   * Takes or refuses a call that rings here. Throws `UnknownCall` when it no longer rings (the caller hung up
   * a moment ago): the window must then not join the room.
   */
  answer(callId: CallId, accept: boolean): void {
    const ring = this.#incoming.get(callId)
    if (!ring) throw new PhoneError(PhoneErrorCode.UnknownCall, 'that call is not ringing any more')
    this.#incoming.delete(callId)
    this.#client.answerCall(callId, accept)
    this.#record(ring.call.callId, 'incoming', ring.call.from, ring.at, accept ? 'answered' : 'declined')
    if (accept) this.#rememberAnswered(callId, 'incoming')
  }

  /** An answered call ended after `durationMs`: recorded with its recent. Throws `UnknownCall` for any other id. */
  callEnded(callId: CallId, durationMs: number): void {
    if (!this.#answered.has(callId)) throw new PhoneError(PhoneErrorCode.UnknownCall, 'no answered call has that id')
    this.#answered.delete(callId)
    this.#recents.update(callId, { durationMs: Math.max(0, Math.round(durationMs)) })
  }

  on<E extends keyof PhoneLineEvents>(event: E, listener: Listener<PhoneLineEvents[E]>): () => void {
    return this.#events.on(event, listener)
  }

  /** How many listeners are attached; lets tests prove that teardown removed them. */
  listenerCount(): number {
    return this.#events.listenerCount()
  }

  /**
   * Hangs up a call ringing out, stops being reachable and detaches from the client (which the owner closes).
   * Calls ringing here are left to the server, which ends them when the registration goes.
   */
  dispose(): void {
    if (this.#disposed) return
    if (this.#outgoing) this.hangUp(this.#outgoing.call.callId)
    this.#disposed = true
    for (const unsubscribe of this.#unsubscribers.splice(0)) unsubscribe()
    if (this.#code !== null) this.#client.unregister()
    this.#incoming.clear()
    this.#events.clear()
    this.#status = 'offline'
  }

  // ── events from the server ─────────────────────────────────────────────────────────────────────────

  #onIncoming(event: IncomingCallEvent): void {
    if (this.#incoming.has(event.callId)) return
    const at = this.#now()
    if (this.#isBusy()) {
      this.#client.answerCall(event.callId, false, 'busy')
      this.#record(event.callId, 'incoming', event.from, at, 'missed')
      this.#emit('call-while-busy', { callId: event.callId, from: event.from, contactName: this.#lookupName(event.from) })
      return
    }
    const call: IncomingCall = { callId: event.callId, from: event.from, room: event.room, contactName: this.#lookupName(event.from) }
    this.#incoming.set(event.callId, { call, at })
    this.#emit('incoming-call', { ...call })
  }

  #onUpdate({ callId, state }: CallUpdateEvent): void {
    // An update for a call that is over here (hung up, timed out) is a race the server settled: nothing to do.
    if (this.#outgoing?.call.callId !== callId) return
    this.#outgoingAcknowledged = true
    if (state === 'ringing') {
      this.#emit('call-update', { callId, state })
      return
    }
    this.#finishOutgoing(OUTCOME_OF_STATE[state], state)
  }

  #onCancelled(callId: CallId, reason: CallCancelReason): void {
    const ring = this.#incoming.get(callId)
    if (ring) {
      this.#incoming.delete(callId)
      this.#record(callId, 'incoming', ring.call.from, ring.at, 'missed')
      this.#emit('call-cancelled', { callId, reason })
      return
    }
    // Accepted here, but the caller's cancel reached the server first: the call never happened after all.
    if (this.#answered.get(callId) === 'incoming') {
      this.#answered.delete(callId)
      this.#recents.update(callId, { outcome: 'missed', durationMs: null })
      this.#emit('call-cancelled', { callId, reason })
    }
  }

  #onServerError(code: SignalingErrorCode, retryAfterMs: number | undefined): void {
    if (REGISTER_LATER_CODES.has(code)) {
      // The client registers again once the server takes it; until then the person is told why they are not
      // reachable, rather than "connecting" to a server that is answering.
      this.#registerHeld = true
      this.#updateStatus()
      return
    }
    if (REGISTRATION_REFUSAL_CODES.has(code)) {
      const wasRefused = this.#refused
      this.#refused = true
      this.#endAllRinging()
      this.#updateStatus()
      // A client that registers again after every reconnect is refused every time: say it once.
      if (wasRefused) return
      this.#emit(
        'notice',
        code === SignalingErrorCode.Replaced
          ? { code: PhoneNoticeCode.Replaced }
          : { code: PhoneNoticeCode.Refused },
      )
      return
    }
    if (!this.#outgoing || this.#outgoingAcknowledged) return
    // Rung too soon after the last call, or after calls the other person did not take: the server dropped the
    // ring, so nothing rings there; the caller is told when it may try again.
    if (RING_LATER_CODES.has(code)) {
      this.#finishOutgoing('unreachable', 'unreachable', { retryAfterMs: retryAfterMs ?? null, reason: 'ringing' })
      return
    }
    if (INVITE_REFUSALS.has(code)) {
      this.#outgoingLink().cancelCall(this.#outgoing.call.callId, 'hung-up')
      this.#finishOutgoing('unreachable', 'unreachable')
      return
    }
    // The invite was not handled (or, rate-limited, may have been dropped): it will never ring, so the caller
    // is told at once why and for how long, rather than hearing it ring until the timeout. The cancel covers a
    // rate-limit refusal that was for another frame, so nothing rings on at the other end.
    if (THROTTLED_CODES.has(code)) {
      this.#outgoingLink().cancelCall(this.#outgoing.call.callId, 'hung-up')
      this.#finishOutgoing('unreachable', 'unreachable', { retryAfterMs: retryAfterMs ?? null })
    }
  }

  #onRingTimeout(callId: CallId): void {
    if (this.#outgoing?.call.callId !== callId) return
    this.#outgoingLink().cancelCall(callId, 'no-answer')
    this.#finishOutgoing('no-answer', 'no-answer')
  }

  // ── bookkeeping ────────────────────────────────────────────────────────────────────────────────────

  /** Ends the outgoing call with `outcome`, and tells the window `state` (null: the window ended it itself). */
  #finishOutgoing(outcome: RecentOutcome, state: Exclude<CallState, 'ringing'> | null, throttled?: CallUpdate['throttled']): void {
    const ring = this.#outgoing
    if (!ring) return
    this.#outgoing = null
    this.#timers.clearTimeout(ring.timer)
    if (ring.link) {
      ring.link.unsubscribe()
      ring.link.link.close()
    }
    this.#finished.add(ring.call.callId)
    if (this.#finished.size > MAX_REMEMBERED_CALLS) this.#finished.delete(this.#finished.values().next().value as CallId)
    this.#record(ring.call.callId, 'outgoing', ring.call.to, ring.at, outcome)
    if (outcome === 'answered') this.#rememberAnswered(ring.call.callId, 'outgoing')
    if (state === null) return
    this.#emit('call-update', throttled ? { callId: ring.call.callId, state, throttled } : { callId: ring.call.callId, state })
  }

  /** The link dropped, the registration went, or the code changed: no call can still be ringing. */
  #endAllRinging(): void {
    if (this.#outgoing) this.#finishOutgoing('unreachable', 'unreachable')
    for (const callId of [...this.#incoming.keys()]) this.#onCancelled(callId, 'hung-up')
  }

  #record(id: CallId, direction: RecentCall['direction'], code: RoomCode, at: number, outcome: RecentOutcome): void {
    this.#recents.add({ id, direction, code, at, outcome, durationMs: null })
  }

  #rememberAnswered(callId: CallId, direction: 'incoming' | 'outgoing'): void {
    this.#answered.set(callId, direction)
    if (this.#answered.size > MAX_REMEMBERED_CALLS) this.#answered.delete(this.#answered.keys().next().value as CallId)
  }

  #computeStatus(): PresenceStatus {
    const state = this.#client.state.status
    if (this.#disposed || state === 'closed' || this.#refused) return 'offline'
    if (state !== 'open') return 'connecting'
    if (this.#code !== null && this.#client.registeredCode === this.#code) return 'online'
    return this.#registerHeld ? 'waiting' : 'connecting'
  }

  #updateStatus(): void {
    const status = this.#computeStatus()
    if (status === this.#status) return
    this.#status = status
    this.#emit('identity', this.identity)
  }

  #emit<E extends keyof PhoneLineEvents>(event: E, payload: PhoneLineEvents[E]): void {
    this.#events.emit(event, payload)
  }
}
