/**
 * The call ringing here, as the incoming-call screen shows it: who calls (contact name, else their code), the
 * ring, Accept and Decline, and "Missed call from …" when it stops before it was answered. Nothing is opened
 * while it rings: accepting answers first, and only then hands the call's room to `onAccepted`.
 */
import type { CallId } from '../../../shared/calls'
import type { TonghwaBridge } from '../../../shared/ipc-contract'
import type { IncomingCall } from '../../../shared/phone'
import { formatRoomCode, type RoomCode } from '../../../shared/room-code'
import type { Ringer, StartRinger } from '../audio/ring-tone'
import type { ConnectingCall } from './outgoing-call.svelte'

export type IncomingBridge = Pick<TonghwaBridge, 'answerCall'>

/** A call that rang here and stopped before it was answered. */
export interface MissedCall {
  callId: CallId
  /** Their personal code, to call back. */
  code: RoomCode
  label: string
}

export interface IncomingCallStateOptions {
  bridge: IncomingBridge
  startRinger: StartRinger
  onAccepted: (call: ConnectingCall) => void
  /** Whether a call rings here changed (main is told this app is busy while it does). */
  onChange: () => void
  onError: (error: unknown) => void
}

export class IncomingCallState {
  readonly #options: IncomingCallStateOptions
  #call = $state.raw<IncomingCall | null>(null)
  #answering = $state(false)
  #missed = $state.raw<MissedCall | null>(null)
  #ringer: Ringer | null = null

  constructor(options: IncomingCallStateOptions) {
    this.#options = options
  }

  /** The call ringing here (also while it is being answered). */
  get call(): IncomingCall | null {
    return this.#call
  }
  /** Who is calling: their contact name, else their formatted code. */
  get callerLabel(): string {
    return this.#call ? labelOf(this.#call) : ''
  }
  get answering(): boolean {
    return this.#answering
  }
  get missed(): MissedCall | null {
    return this.#missed
  }

  /** Someone calls: ring. One call rings at a time; main answers others "busy" once it hears this app is busy. */
  ring(call: IncomingCall): void {
    if (this.#call) return
    this.#call = call
    this.#missed = null
    this.#stopRinging()
    this.#ringer = this.#options.startRinger()
    this.#options.onChange()
  }

  /** The caller hung up (or it rang out): stop ringing, "Missed call from …". False for another call. */
  cancelled(callId: CallId): boolean {
    const call = this.#call
    if (call?.callId !== callId) return false
    this.#stopRinging()
    this.#miss(call)
    this.#answering = false
    this.#options.onChange()
    return true
  }

  /** "Accept": stops the ring, takes the call, and only then hands its room to `onAccepted`. */
  async accept(): Promise<void> {
    const call = this.#call
    if (!call || this.#answering) return
    this.#answering = true
    this.#stopRinging()
    try {
      await this.#options.bridge.answerCall(call.callId, true)
    } catch (error) {
      // It stopped ringing a moment ago (the caller hung up): there is no call to join.
      this.#options.onError(error)
      if (this.#call === call) this.#miss(call)
      this.#answering = false
      this.#options.onChange()
      return
    }
    this.#answering = false
    // Cancelled while the answer was on its way: `cancelled` already said "missed".
    if (this.#call !== call) return
    this.#call = null
    this.#options.onAccepted({ callId: call.callId, room: call.room, label: labelOf(call), code: call.from })
    this.#options.onChange()
  }

  /** "Decline". */
  async decline(): Promise<void> {
    const call = this.#call
    if (!call || this.#answering) return
    this.#stopRinging()
    this.#call = null
    this.#options.onChange()
    await this.#options.bridge.answerCall(call.callId, false).catch(this.#options.onError)
  }

  /** Shows "Missed call from …" for a call that ended before it began (accepted, but the caller's cancel won). */
  missedCall(missed: MissedCall): void {
    this.#missed = missed
  }

  dismissMissed(): void {
    this.#missed = null
  }

  dispose(): void {
    this.#stopRinging()
  }

  #miss(call: IncomingCall): void {
    this.#call = null
    this.#missed = { callId: call.callId, code: call.from, label: labelOf(call) }
  }

  #stopRinging(): void {
    this.#ringer?.stop()
    this.#ringer = null
  }
}

function labelOf(call: IncomingCall): string {
  return call.contactName ?? formatRoomCode(call.from)
}
