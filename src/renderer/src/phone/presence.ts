/** Whether this app can be called, in plain words for the personal-code card. */
import type { PresenceStatus } from '../../../shared/phone'
import { assertNever } from '../../../shared/assert-never'

export function presenceWords(status: PresenceStatus): string {
  switch (status) {
    case 'online':
      return 'Online: people with your code can call you.'
    case 'connecting':
      return 'Connecting to the server…'
    case 'offline':
      return "Offline: calls to your code can't reach you right now."
    default:
      return assertNever(status, 'presence status')
  }
}
