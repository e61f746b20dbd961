/**
 * The contacts list on the home screen: the list (main keeps it; every change comes back as `contacts:changed`),
 * the search, the add/edit form and the confirmation before removing someone.
 */
import { searchContacts, type Contact, type ContactDraft, type ContactId } from '../../../shared/contacts'
import type { TonghwaBridge, Unsubscribe } from '../../../shared/ipc-contract'
import type { RoomCode } from '../../../shared/room-code'
import { ContactFormState } from './contact-form.svelte'

export type ContactsBridge = Pick<TonghwaBridge, 'listContacts' | 'addContact' | 'updateContact' | 'removeContact' | 'onContactsChanged'>

export interface ContactsStateOptions {
  bridge: ContactsBridge
  /** This app's personal code, which is never saved as a contact. */
  ownCode: () => RoomCode | null
  onError?: (error: unknown) => void
}

export class ContactsState {
  readonly #bridge: ContactsBridge
  readonly #ownCode: () => RoomCode | null
  readonly #onError: (error: unknown) => void
  #list = $state.raw<readonly Contact[]>([])
  #query = $state('')
  #form = $state.raw<ContactFormState | null>(null)
  #confirmingRemove = $state<ContactId | null>(null)
  readonly #filtered = $derived(searchContacts(this.#list, this.#query))
  #unsubscribe: Unsubscribe | null = null

  constructor(options: ContactsStateOptions) {
    this.#bridge = options.bridge
    this.#ownCode = options.ownCode
    this.#onError = options.onError ?? ((error: unknown) => console.warn('[tonghwa]', error))
  }

  get list(): readonly Contact[] {
    return this.#list
  }
  get query(): string {
    return this.#query
  }
  /** The contacts that match the search (all of them with no search). */
  get filtered(): readonly Contact[] {
    return this.#filtered
  }
  get form(): ContactFormState | null {
    return this.#form
  }
  /** The contact whose "Remove?" confirmation is showing. */
  get confirmingRemove(): ContactId | null {
    return this.#confirmingRemove
  }

  async start(): Promise<void> {
    if (this.#unsubscribe) return
    this.#unsubscribe = this.#bridge.onContactsChanged((list) => {
      this.#list = list
    })
    try {
      this.#list = await this.#bridge.listContacts()
    } catch (error) {
      this.#onError(error)
    }
  }

  /** The saved name for a personal code, or null. */
  nameOf(code: RoomCode): string | null {
    return this.#list.find((contact) => contact.code === code)?.name ?? null
  }

  setQuery(query: string): void {
    this.#query = query
  }

  /** Opens an empty form (or one with `code` filled in, from a recent call). */
  openAdd(code?: RoomCode): void {
    this.#confirmingRemove = null
    this.#form = this.#newForm({ code })
  }

  openEdit(id: ContactId): void {
    const contact = this.#list.find((candidate) => candidate.id === id)
    if (!contact) return
    this.#confirmingRemove = null
    this.#form = this.#newForm({ editing: contact })
  }

  closeForm(): void {
    this.#form = null
  }

  /** Saves the form; closes it once saved. */
  async saveForm(): Promise<boolean> {
    const form = this.#form
    if (!form) return false
    const saved = await form.save()
    if (saved && this.#form === form) this.#form = null
    return saved
  }

  askRemove(id: ContactId): void {
    this.#confirmingRemove = id
  }

  cancelRemove(): void {
    this.#confirmingRemove = null
  }

  async confirmRemove(): Promise<void> {
    const id = this.#confirmingRemove
    if (!id) return
    this.#confirmingRemove = null
    if (this.#form?.editing === id) this.#form = null
    try {
      await this.#bridge.removeContact(id)
    } catch (error) {
      this.#onError(error)
    }
  }

  dispose(): void {
    this.#unsubscribe?.()
    this.#unsubscribe = null
  }

  #newForm(prefill: { editing?: Contact; code?: RoomCode }): ContactFormState {
    return new ContactFormState({
      ...prefill,
      existing: () => this.#list,
      ownCode: this.#ownCode,
      save: (draft, editing) => this.#save(draft, editing),
    })
  }

  async #save(draft: ContactDraft, editing: ContactId | undefined): Promise<Contact> {
    const saved = editing ? await this.#bridge.updateContact(editing, draft) : await this.#bridge.addContact(draft)
    // Main's `contacts:changed` follows; meanwhile the row is there at once.
    this.#list = byName([...this.#list.filter((contact) => contact.id !== saved.id), saved])
    return saved
  }
}

/** The order main lists contacts in: by name (case- and accent-insensitive), then by code. */
function byName(contacts: Contact[]): Contact[] {
  return contacts.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.code.localeCompare(b.code))
}
