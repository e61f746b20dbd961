/**
 * Times a call by room code for the recent calls: from the moment the server lets this person into the room until
 * the call is over, then has it recorded, once. A phone call is not timed here: the phone records it (with whom,
 * and how it went) in main or in web mode's page.
 */
import { isFinalPhase, type CallPhase } from '../call/call-phase'
import type { RoomCode } from '../../../shared/room-code'

export interface RoomCallTimerOptions {
  /** Milliseconds since the epoch. */
  now: () => number
  /** The room call is over: record it (`bridge.recordRoomCall`). */
  record: (room: RoomCode, durationMs: number) => void
}

/** In the room: the server took the join (alone, or with the other person, however the link to them is doing). */
const IN_ROOM: ReadonlySet<CallPhase['name']> = new Set(['waiting', 'connecting', 'connected', 'reconnecting', 'peer-left'])

export class RoomCallTimer {
  readonly #options: RoomCallTimerOptions
  #room: RoomCode | null = null
  #joinedAt: number | null = null

  constructor(options: RoomCallTimerOptions) {
    this.#options = options
  }

  /** A call starts: `room` for a call by room code, null for a phone call (not timed here). */
  start(room: RoomCode | null): void {
    this.#room = room
    this.#joinedAt = null
  }

  /** The call's phase changed. The first phase in the room starts the clock; a final phase records the call. */
  phase(phase: CallPhase): void {
    if (this.#room === null) return
    if (this.#joinedAt === null && IN_ROOM.has(phase.name)) this.#joinedAt = this.#options.now()
    if (isFinalPhase(phase)) this.#finish()
  }

  #finish(): void {
    const room = this.#room
    const joinedAt = this.#joinedAt
    this.#room = null
    this.#joinedAt = null
    // A room that never let this person in (full, refused, failed to join) was not a call.
    if (room !== null && joinedAt !== null) this.#options.record(room, Math.max(0, Math.round(this.#options.now() - joinedAt)))
  }
}
