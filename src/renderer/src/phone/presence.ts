/** Whether this app can be called, in plain words of the current language for the personal-code card. */
import type { PresenceStatus } from '../../../shared/phone'
import { homeText } from '../i18n/messages/home'

export function presenceWords(status: PresenceStatus): string {
  return homeText().presence[status]
}
