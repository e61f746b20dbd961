/** The start screen's room-code field: what was typed, and the specific message when it is not a code. */
import { parseRoomCode, type RoomCode } from '../../../shared/room-code'

export class RoomEntryState {
  #input = $state('')
  #error = $state<string | null>(null)

  constructor(initialInput = '') {
    this.#input = initialInput
  }

  get input(): string {
    return this.#input
  }

  /** Why the typed code was refused, as `parseRoomCode` words it; `null` until a bad code is submitted. */
  get error(): string | null {
    return this.#error
  }

  setInput(value: string): void {
    this.#input = value
    // The message describes what was submitted; once the person edits, it no longer applies.
    this.#error = null
  }

  /** The canonical code, or `null` with `error` set to what is wrong with the input. */
  submit(): RoomCode | null {
    const result = parseRoomCode(this.#input)
    if (!result.ok) {
      this.#error = result.message
      return null
    }
    this.#error = null
    return result.code
  }

  clear(): void {
    this.#input = ''
    this.#error = null
  }
}
