/**
 * The add/edit contact form: what is typed, the problem to show as the person types (contact-form.ts decides
 * which), and saving. A refusal from main (it checks again before writing) is shown the same way.
 */
import type { Contact, ContactDraft, ContactErrorCode, ContactId } from '../../../shared/contacts'
import { formatRoomCode, type RoomCode } from '../../../shared/room-code'
import { parseBridgeError } from '../phone/bridge-errors'
import { contactFormProblem, type FormProblem } from '../phone/contact-form'
import { contactProblemWords } from '../phone/contact-problem-words'

export interface ContactFormOptions {
  /** The contact being edited; absent for a new one. */
  editing?: Contact
  /** Prefills the code of a new contact (e.g. from a recent call). */
  code?: RoomCode
  existing: () => readonly Contact[]
  ownCode: () => RoomCode | null
  save: (draft: ContactDraft, editing: ContactId | undefined) => Promise<unknown>
}

export class ContactFormState {
  readonly #options: ContactFormOptions
  readonly editing: ContactId | undefined
  #name = $state('')
  #code = $state('')
  #touched = $state({ name: false, code: false })
  #submitted = $state(false)
  #saving = $state(false)
  /** Main's refusal of the last save, until the person types again. */
  #refusal = $state.raw<FormProblem | null>(null)
  readonly #problem = $derived.by(
    () =>
      this.#refusal ??
      contactFormProblem(
        { name: this.#name, code: this.#code },
        {
          existing: this.#options.existing(),
          editing: this.editing,
          ownCode: this.#options.ownCode(),
          touched: this.#touched,
          submitted: this.#submitted,
        },
      ),
  )

  constructor(options: ContactFormOptions) {
    this.#options = options
    this.editing = options.editing?.id
    if (options.editing) {
      this.#name = options.editing.name
      this.#code = formatRoomCode(options.editing.code)
    } else if (options.code) {
      this.#code = formatRoomCode(options.code)
    }
  }

  get name(): string {
    return this.#name
  }
  get code(): string {
    return this.#code
  }
  get isEdit(): boolean {
    return this.editing !== undefined
  }
  get saving(): boolean {
    return this.#saving
  }
  /** What to show under the form now, with the field it is about; null when there is nothing to say. */
  get problem(): FormProblem | null {
    return this.#problem
  }

  setName(value: string): void {
    this.#name = value
    this.#touched = { ...this.#touched, name: true }
    this.#refusal = null
  }

  setCode(value: string): void {
    this.#code = value
    this.#touched = { ...this.#touched, code: true }
    this.#refusal = null
  }

  /** Saves when the draft is valid; true once saved. Otherwise the problem shows, whichever field it is in. */
  async save(): Promise<boolean> {
    if (this.#saving) return false
    this.#submitted = true
    if (this.#problem) return false
    this.#saving = true
    try {
      await this.#options.save({ name: this.#name, code: this.#code }, this.editing)
      return true
    } catch (error) {
      const code = (parseBridgeError(error)?.code ?? 'CONTACT_ERR_NOT_SAVED') as ContactErrorCode
      const words = { typedCode: this.#code, existing: this.#options.existing() }
      this.#refusal = {
        code,
        field: null,
        // Worded when read, so it follows a change of language while it is shown.
        get message() {
          return contactProblemWords(code, words)
        },
      }
      return false
    } finally {
      this.#saving = false
    }
  }
}
