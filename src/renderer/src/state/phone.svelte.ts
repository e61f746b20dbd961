/**
 * The phone as the window sees it: this app's personal code and whether it can be called, the call it is
 * placing (`outgoing`), the call ringing here (`incoming`), and the phone call that is on. It never opens a
 * camera or a microphone: once a call is accepted (by the other person, or here) it hands the call's room to
 * `onConnect`, and only then does the app open media and join. While a call rings, is placed, or is on, main is
 * told this app is busy, so a second caller hears "busy" instead of a ring.
 */
import type { CallId } from '../../../shared/calls'
import type { TonghwaBridge, Unsubscribe } from '../../../shared/ipc-contract'
import type { PhoneIdentity, PresenceStatus } from '../../../shared/phone'
import { formatRoomCode, type RoomCode } from '../../../shared/room-code'
import type { StartRinger } from '../audio/ring-tone'
import { IncomingCallState } from './incoming-call.svelte'
import { OutgoingCallState, type ConnectingCall } from './outgoing-call.svelte'

export type { ConnectingCall }

export type PhoneBridge = Pick<
  TonghwaBridge,
  | 'getPhoneIdentity'
  | 'regeneratePersonalCode'
  | 'callPerson'
  | 'hangUpCall'
  | 'answerCall'
  | 'setInCall'
  | 'reportCallEnded'
  | 'onPhoneIdentity'
  | 'onIncomingCall'
  | 'onCallUpdate'
  | 'onCallCancelled'
>

export interface PhoneStateOptions {
  bridge: PhoneBridge
  /** Starts the ring of an incoming call. */
  startRinger: StartRinger
  /** A contact's name for a personal code, or null. */
  lookupName: (code: RoomCode) => string | null
  /** Puts an accepted call on screen: open the camera and microphone, join its room. */
  onConnect: (call: ConnectingCall) => void
  /** A call handed to `onConnect` turned out to be over before it began (the caller hung up as it was answered). */
  onConnectAborted?: (callId: CallId) => void
  /** How long "Calling…" waits for this app to become reachable before giving up, in ms. Default 15 000. */
  waitOnlineMs?: number
  /** Default `Date.now`. */
  now?: () => number
  onError?: (error: unknown) => void
}

export class PhoneState {
  readonly outgoing: OutgoingCallState
  readonly incoming: IncomingCallState
  readonly #bridge: PhoneBridge
  readonly #options: PhoneStateOptions
  readonly #now: () => number
  readonly #onError: (error: unknown) => void

  #identity = $state.raw<PhoneIdentity | null>(null)
  /** Main (or the page) could not say what this app's code is: it cannot be called. */
  #unavailable = $state(false)
  #subscriptions: Unsubscribe[] = []
  /** The phone call that is on (accepted), with when it was accepted, for its duration in recents. */
  #connected: (ConnectingCall & { since: number }) | null = null
  /** Whether the app is in a room call (either kind): set by the app. */
  #inRoom = false
  /** What main was last told about being busy. */
  #busyReported: boolean | null = null

  constructor(options: PhoneStateOptions) {
    this.#options = options
    this.#bridge = options.bridge
    this.#now = options.now ?? Date.now
    this.#onError = options.onError ?? ((error: unknown) => console.warn('[tonghwa]', error))
    this.outgoing = new OutgoingCallState({
      bridge: options.bridge,
      lookupName: options.lookupName,
      isOnline: () => this.presence === 'online',
      onAccepted: (call) => this.#connect(call),
      onChange: () => this.#syncBusy(),
      waitOnlineMs: options.waitOnlineMs,
      onError: this.#onError,
    })
    this.incoming = new IncomingCallState({
      bridge: options.bridge,
      startRinger: options.startRinger,
      onAccepted: (call) => this.#connect(call),
      onChange: () => this.#syncBusy(),
      onError: this.#onError,
    })
  }

  /** This app's code and reachability; null until known. */
  get identity(): PhoneIdentity | null {
    return this.#identity
  }
  get presence(): PresenceStatus {
    return this.#identity?.status ?? (this.#unavailable ? 'offline' : 'connecting')
  }
  /** `xxx-xxxx-xxx`, or an empty string while unknown. */
  get formattedCode(): string {
    return this.#identity ? formatRoomCode(this.#identity.code) : ''
  }
  /** The accepted phone call the app is in, if the current call is one. */
  get connectedCallId(): CallId | null {
    return this.#connected?.callId ?? null
  }

  async start(): Promise<void> {
    if (this.#subscriptions.length > 0) return
    const bridge = this.#bridge
    this.#subscriptions = [
      bridge.onPhoneIdentity((identity) => this.#setIdentity(identity)),
      bridge.onIncomingCall((call) => this.incoming.ring(call)),
      bridge.onCallUpdate((update) => this.outgoing.update(update)),
      bridge.onCallCancelled(({ callId }) => this.#cancelled(callId)),
    ]
    try {
      const identity = await bridge.getPhoneIdentity()
      // An event may have brought a newer one while this was on its way.
      if (this.#identity === null) this.#setIdentity(identity)
    } catch (error) {
      this.#unavailable = true
      this.#onError(error)
    }
  }

  /** Rings the person with this personal code. Nothing happens while another call rings, is placed or is on. */
  call(code: RoomCode): void {
    if (this.outgoing.live || this.incoming.call || this.#connected) return
    this.outgoing.start(code)
  }

  /** A new personal code; the old one stops working at once. */
  async regenerate(): Promise<void> {
    try {
      this.#setIdentity(await this.#bridge.regeneratePersonalCode())
    } catch (error) {
      this.#onError(error)
    }
  }

  /** Whether the app is in a room call now (by room code or a phone call): told to main as "busy". */
  setInRoom(inRoom: boolean): void {
    this.#inRoom = inRoom
    this.#syncBusy()
  }

  /** The phone call that was on has ended (hung up, the other person left, failed): records how long it was. */
  callEnded(): void {
    const connected = this.#connected
    if (!connected) return
    this.#connected = null
    this.#syncBusy()
    this.#bridge.reportCallEnded(connected.callId, Math.max(0, this.#now() - connected.since)).catch(this.#onError)
  }

  dispose(): void {
    for (const unsubscribe of this.#subscriptions.splice(0)) unsubscribe()
    this.incoming.dispose()
    this.outgoing.dispose()
  }

  #connect(call: ConnectingCall): void {
    // First the app puts the new call on screen, which ends whatever call was there (and reports it), then
    // this one counts as the call that is on.
    this.#options.onConnect(call)
    this.#connected = { ...call, since: this.#now() }
    this.#syncBusy()
  }

  #cancelled(callId: CallId): void {
    if (this.incoming.cancelled(callId)) return
    // Answered here, but the caller's cancel reached the server first: the call never began.
    const connected = this.#connected
    if (connected?.callId !== callId) return
    this.#connected = null
    this.incoming.missedCall({ callId, code: connected.code, label: connected.label })
    this.#options.onConnectAborted?.(callId)
    this.#syncBusy()
  }

  #setIdentity(identity: PhoneIdentity): void {
    this.#identity = identity
    if (identity.status === 'online') this.outgoing.online()
  }

  #syncBusy(): void {
    const busy = this.#inRoom || this.outgoing.live || this.incoming.call !== null || this.incoming.answering || this.#connected !== null
    if (busy === this.#busyReported) return
    this.#busyReported = busy
    this.#bridge.setInCall(busy).catch(this.#onError)
  }
}
