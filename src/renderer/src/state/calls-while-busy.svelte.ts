/**
 * People who called while this app was in a call. The phone answered them "busy" (they are in recents as
 * missed calls); the person in the call sees a quiet notice for each ("Minji tried to call you") with
 * **Call back** and a dismiss.
 *
 * Call back during the call does not cut the call short: it is remembered, and the app rings them once this
 * call is over (`takeCallBack`). A phone that dropped the person you are talking to because a notice was
 * tapped would be worse than one that waits; hanging up stays a deliberate press of Hang up.
 */
import type { CallWhileBusy } from '../../../shared/phone'
import { formatRoomCode, type RoomCode } from '../../../shared/room-code'

export interface BusyCaller {
  readonly code: RoomCode
  /** Their contact name, else their formatted code. */
  readonly label: string
}

/** More than a few notices would cover the call; the rest are in recents. */
const MAX_SHOWN = 3

export class CallsWhileBusyState {
  #callers = $state.raw<readonly BusyCaller[]>([])
  #callBack = $state.raw<BusyCaller | null>(null)

  /** Who tried to call, newest first, one notice a person. */
  get callers(): readonly BusyCaller[] {
    return this.#callers
  }
  /** Who will be rung once this call is over, if the person asked for it. */
  get callBack(): BusyCaller | null {
    return this.#callBack
  }

  /** A call answered busy (`phone:call-while-busy`). */
  add(call: CallWhileBusy): void {
    const caller: BusyCaller = { code: call.from, label: call.contactName ?? formatRoomCode(call.from) }
    // Someone already waiting for a call back needs no second notice.
    if (this.#callBack?.code === caller.code) return
    this.#callers = [caller, ...this.#callers.filter((other) => other.code !== caller.code)].slice(0, MAX_SHOWN)
  }

  dismiss(code: RoomCode): void {
    this.#callers = this.#callers.filter((caller) => caller.code !== code)
  }

  /** "Call back" during the call: rung when it is over. A later choice replaces an earlier one. */
  callBackLater(code: RoomCode): void {
    const caller = this.#callers.find((other) => other.code === code)
    if (!caller) return
    const previous = this.#callBack
    this.#callers = this.#callers.filter((other) => other.code !== code)
    if (previous) this.#callers = [previous, ...this.#callers].slice(0, MAX_SHOWN)
    this.#callBack = caller
  }

  cancelCallBack(): void {
    this.#callBack = null
  }

  /** The call is over: who to ring now, if anyone (asked once: it is forgotten here). */
  takeCallBack(): RoomCode | null {
    const caller = this.#callBack
    this.#callBack = null
    return caller?.code ?? null
  }

  /** Back to the start: the notices were about that call (recents keep the missed calls). */
  clear(): void {
    this.#callers = []
    this.#callBack = null
  }
}
