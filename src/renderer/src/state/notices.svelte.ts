/** Things the person must be told that are not about a call (`AppNotice`s), shown until dismissed. */
import { assertNever } from '../../../shared/assert-never'
import type { AppNotice } from '../../../shared/phone'
import { noticesText } from '../i18n/messages/notices'

export class NoticesState {
  #list = $state.raw<readonly AppNotice[]>([])

  get list(): readonly AppNotice[] {
    return this.#list
  }

  /** Adds a notice; the same one twice (same code, same values) shows once. */
  add(notice: AppNotice): void {
    const key = noticeKey(notice)
    if (this.#list.some((shown) => noticeKey(shown) === key)) return
    this.#list = [...this.#list, notice]
  }

  dismiss(notice: AppNotice): void {
    this.#list = this.#list.filter((shown) => shown !== notice)
  }
}

/**
 * The words for a notice, in the current language: read while rendering, so a notice on screen is reworded
 * when the language changes.
 */
export function noticeMessage(notice: AppNotice): string {
  const text = noticesText()
  switch (notice.code) {
    case 'SETTINGS_NOTICE_RECOVERED':
      return text.settingsRecovered(notice.path, notice.backupPath)
    case 'STORE_NOTICE_RECOVERED':
      return text.listRecovered(notice.list, notice.path, notice.backupPath)
    case 'STORE_NOTICE_UNREADABLE':
      return text.listUnreadable(notice.list, notice.error)
    case 'STORE_NOTICE_NOT_SAVED':
      return text.listNotSaved(notice.list, notice.error)
    case 'DEEP_LINK_ERR_INVALID':
      return text.badLink[notice.problem]
    case 'PHONE_NOTICE_REPLACED':
      return text.codeReplaced
    case 'PHONE_NOTICE_REGISTRATION_REFUSED':
      return text.registrationRefused
    case 'PHONE_ERR_NO_CODE':
      return text.needsSecurePage
    case 'STORE_NOTICE_NO_STORAGE':
      return text.noStorage
    case 'STORE_NOTICE_NEW_CODE':
      return text.newCode
    case 'BROWSER_STORE_NOTICE_RECOVERED':
      return text.browserListRecovered(notice.list, notice.unreadable, notice.backupKey)
    case 'STORE_ERR_WRITE':
      return text.browserNotSaved(notice.list)
    case 'LINK_ERR_BAD_CODE':
      return text.pageLinkBadCode[notice.problem]
    case 'LINK_NOTICE_IN_CALL':
      return text.linkInCall
    default:
      return assertNever(notice, 'app notice')
  }
}

function noticeKey(notice: AppNotice): string {
  return JSON.stringify(notice)
}
