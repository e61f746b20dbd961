/**
 * What the end-of-call screen says about how long the call was: from the moment media first connected
 * (`CallState.connectedAt`) to the moment the call was over (hung up, the other person left, failed). A call
 * that never connected has no length. Fed every phase of the call by the app.
 */
import { offersBackToStart, type CallPhase } from '../call/call-phase'

export class CallEndState {
  readonly #now: () => number
  #over = false
  #lengthMs = $state<number | null>(null)

  constructor(now: () => number = Date.now) {
    this.#now = now
  }

  /** How long the call that is over lasted, in ms; null while it goes on, or when it never connected. */
  get lengthMs(): number | null {
    return this.#lengthMs
  }

  /** Every phase, with when media first connected in this call (null: not yet). */
  follow(phase: CallPhase, connectedAt: number | null): void {
    const over = offersBackToStart(phase)
    // Only the moment it becomes over counts: "ended" after "peer-left" is the same end.
    if (over && !this.#over) this.#lengthMs = connectedAt === null ? null : Math.max(0, this.#now() - connectedAt)
    // The other person came back to the room: the call goes on.
    if (!over) this.#lengthMs = null
    this.#over = over
  }

  /** A new call begins. */
  reset(): void {
    this.#over = false
    this.#lengthMs = null
  }
}
