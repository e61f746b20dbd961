/** Things the person must be told that are not about a call (`AppNotice`s), shown until dismissed. */
import type { AppNotice } from '../../../shared/phone'

export class NoticesState {
  #list = $state.raw<readonly AppNotice[]>([])

  get list(): readonly AppNotice[] {
    return this.#list
  }

  /** Adds a notice; the same one twice shows once. */
  add(notice: AppNotice): void {
    if (this.#list.some((shown) => shown.code === notice.code && shown.message === notice.message)) return
    this.#list = [...this.#list, notice]
  }

  dismiss(notice: AppNotice): void {
    this.#list = this.#list.filter((shown) => shown !== notice)
  }
}
