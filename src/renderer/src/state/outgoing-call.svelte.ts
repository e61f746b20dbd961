/**
 * The call this app is placing, as the outgoing-call screen shows it: "Calling Minji…", "Ringing", then how it
 * went (outgoing-call.ts words it). It opens nothing: once the other person accepts it hands the call's room to
 * `onAccepted` and leaves the screen to the call.
 */
import type { CallId } from '../../../shared/calls'
import type { TonghwaBridge } from '../../../shared/ipc-contract'
import { PhoneErrorCode, type CallUpdate, type OutgoingCall } from '../../../shared/phone'
import { formatRoomCode, type RoomCode } from '../../../shared/room-code'
import {
  describeOutgoing,
  isOutgoingLive,
  outgoingCallId,
  placeCallFailure,
  reduceOutgoing,
  startOutgoing,
  type OutgoingEvent,
  type OutgoingView,
  type OutgoingWords,
} from '../phone/outgoing-call'

export type OutgoingBridge = Pick<TonghwaBridge, 'callPerson' | 'hangUpCall'>

/** A call that was accepted: the app joins `room` for it. */
export interface ConnectingCall {
  callId: CallId
  room: RoomCode
  /** Who the call is with: their contact name, else their formatted code. */
  label: string
  /** Their personal code. */
  code: RoomCode
}

export interface OutgoingCallStateOptions {
  bridge: OutgoingBridge
  lookupName: (code: RoomCode) => string | null
  /** Whether this app is reachable now, so a call can be placed. */
  isOnline: () => boolean
  onAccepted: (call: ConnectingCall) => void
  /** Whether a call is live changed (main is told this app is busy while it is). */
  onChange: () => void
  /** How long "Calling…" waits for this app to become reachable before giving up, in ms. Default 15 000. */
  waitOnlineMs?: number
  onError: (error: unknown) => void
}

export class OutgoingCallState {
  readonly #options: OutgoingCallStateOptions
  #view = $state.raw<OutgoingView | null>(null)
  readonly #words = $derived.by(() => (this.#view ? describeOutgoing(this.#view) : null))
  /** Updates that arrived before `callPerson` answered with the call id (kept only while a call is placed). */
  readonly #earlyUpdates = new Map<CallId, CallUpdate>()
  /** Waiting for this app to become reachable before placing the call: the give-up timer. */
  #waitTimer: ReturnType<typeof setTimeout> | null = null

  constructor(options: OutgoingCallStateOptions) {
    this.#options = options
  }

  /** The call being placed, or how the last one went until the person goes back. */
  get view(): OutgoingView | null {
    return this.#view
  }
  get words(): OutgoingWords | null {
    return this.#words
  }
  /** Being placed or ringing. */
  get live(): boolean {
    return this.#view !== null && isOutgoingLive(this.#view.status)
  }

  /** Rings the person with this personal code: shows "Calling …" at once, places the call once reachable. */
  start(code: RoomCode): void {
    if (this.live) return
    this.#view = startOutgoing(code, this.#options.lookupName(code) ?? formatRoomCode(code))
    this.#options.onChange()
    if (this.#options.isOnline()) void this.#place()
    else this.#waitForOnline()
  }

  /** "Cancel" while it is being placed or rings. */
  async cancel(): Promise<void> {
    const view = this.#view
    if (!view || !isOutgoingLive(view.status)) return
    this.#clearWait()
    this.#apply({ type: 'cancelled' })
    const callId = outgoingCallId(view)
    // Not placed yet: `#place` hangs it up when `callPerson` answers.
    if (callId) await this.#options.bridge.hangUpCall(callId).catch(this.#options.onError)
  }

  /** "Call again" after it was declined, busy, unanswered… */
  callAgain(): void {
    const view = this.#view
    if (!view || isOutgoingLive(view.status)) return
    this.#view = null
    this.start(view.code)
  }

  /** "Back": leaves the outgoing screen (hanging up first if it still rings). */
  async close(): Promise<void> {
    await this.cancel()
    this.#view = null
    this.#options.onChange()
  }

  /** This app became reachable: a call waiting for that goes out now. */
  online(): void {
    const view = this.#view
    if (view?.status !== 'calling' || view.call || this.#waitTimer === null) return
    this.#clearWait()
    void this.#place()
  }

  update(update: CallUpdate): void {
    const view = this.#view
    if (!view) return
    if (!view.call) {
      if (view.status === 'calling') this.#earlyUpdates.set(update.callId, update)
      return
    }
    if (view.call.callId !== update.callId) return
    if (update.state === 'accepted' && isOutgoingLive(view.status)) {
      // The call screen takes over from here.
      this.#view = null
      this.#options.onAccepted({ callId: update.callId, room: view.call.room, label: view.label, code: view.code })
      return
    }
    this.#apply({ type: 'update', update })
  }

  dispose(): void {
    this.#clearWait()
  }

  async #place(): Promise<void> {
    const view = this.#view
    if (!view || view.status !== 'calling' || view.call) return
    let call: OutgoingCall
    try {
      call = await this.#options.bridge.callPerson(view.code)
    } catch (error) {
      if (this.#view === view) this.#apply({ type: 'failed', failure: placeCallFailure(error) })
      return
    }
    if (this.#view !== view) {
      // Cancelled (or left) while it was being placed: it must not ring on.
      this.#earlyUpdates.clear()
      await this.#options.bridge.hangUpCall(call.callId).catch(this.#options.onError)
      return
    }
    this.#apply({ type: 'placed', call })
    const early = this.#earlyUpdates.get(call.callId)
    this.#earlyUpdates.clear()
    if (early) this.update(early)
  }

  #waitForOnline(): void {
    this.#clearWait()
    this.#waitTimer = setTimeout(() => {
      this.#waitTimer = null
      if (this.#view?.status === 'calling' && !this.#view.call) {
        this.#apply({ type: 'failed', failure: placeCallFailure(new Error(`${PhoneErrorCode.NotOnline}: still not reachable`)) })
      }
    }, this.#options.waitOnlineMs ?? 15_000)
  }

  #clearWait(): void {
    if (this.#waitTimer !== null) clearTimeout(this.#waitTimer)
    this.#waitTimer = null
  }

  #apply(event: OutgoingEvent): void {
    if (!this.#view) return
    const wasLive = this.live
    this.#view = reduceOutgoing(this.#view, event)
    if (this.live !== wasLive) this.#options.onChange()
  }
}
