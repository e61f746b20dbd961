/** The start screen's room-code field: what was typed, and what is wrong with it when it is not a code. */
import { parseRoomCode, type RoomCode, type RoomCodeProblem } from '../../../shared/room-code'
import { homeText } from '../i18n/messages/home'

export class RoomEntryState {
  #input = $state('')
  #problem = $state<RoomCodeProblem | null>(null)

  constructor(initialInput = '') {
    this.#input = initialInput
  }

  get input(): string {
    return this.#input
  }

  /** Why the typed code was refused, in the current language; `null` until a bad code is submitted. */
  get error(): string | null {
    return this.#problem ? homeText().roomCodeProblem[this.#problem] : null
  }

  /** What is wrong with the submitted code, as a stable key (the message's `data-code`). */
  get problem(): RoomCodeProblem | null {
    return this.#problem
  }

  setInput(value: string): void {
    this.#input = value
    // The message describes what was submitted; once the person edits, it no longer applies.
    this.#problem = null
  }

  /** The canonical code, or `null` with `error` set to what is wrong with the input. */
  submit(): RoomCode | null {
    const result = parseRoomCode(this.#input)
    if (!result.ok) {
      this.#problem = result.problem
      return null
    }
    this.#problem = null
    return result.code
  }

  clear(): void {
    this.#input = ''
    this.#problem = null
  }
}
