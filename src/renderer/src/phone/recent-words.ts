/**
 * How a recent call is shown: who (contact name, else their formatted code; a room, by its formatted code), which
 * way, how it went, when and how long, in plain words of the current language. Pure, with the clock passed in.
 */
import type { Contact, RecentCall, RecentEntry, RecentOutcome } from '../../../shared/contacts'
import { formatRoomCode } from '../../../shared/room-code'
import { recentsText } from '../i18n/messages/recents'

export interface RecentRow {
  readonly entry: RecentEntry
  /** A call with a person, or a call in a room. */
  readonly kind: 'person' | 'room'
  /** The contact's name, or null when the code is not a contact (and always for a room). */
  readonly name: string | null
  /** The name, else the formatted code (a room's, for a room call). */
  readonly label: string
  /** "Outgoing call" / "Incoming call" / "Room call". */
  readonly direction: string
  /** "Answered", "Missed", "Declined", "Joined", … */
  readonly outcome: string
  /** "Just now", "5 min ago", "Yesterday", "3 Mar". */
  readonly when: string
  /** "12 min 5 s" for answered calls that have ended, and for room calls; else null. */
  readonly duration: string | null
}

export function describeRecent(entry: RecentEntry, contacts: readonly Contact[], now: number): RecentRow {
  const text = recentsText()
  if (entry.kind === 'room') {
    return {
      entry,
      kind: 'room',
      name: null,
      label: formatRoomCode(entry.code),
      direction: text.roomCall,
      outcome: text.joined,
      when: relativeTime(entry.at, now),
      duration: formatDuration(entry.durationMs),
    }
  }
  const name = contacts.find((contact) => contact.code === entry.code)?.name ?? null
  return {
    entry,
    kind: 'person',
    name,
    label: name ?? formatRoomCode(entry.code),
    direction: entry.direction === 'outgoing' ? text.outgoing : text.incoming,
    outcome: outcomeWords(entry.outcome, entry.direction),
    when: relativeTime(entry.at, now),
    duration: entry.outcome === 'answered' && entry.durationMs !== null ? formatDuration(entry.durationMs) : null,
  }
}

export function outcomeWords(outcome: RecentOutcome, direction: RecentCall['direction']): string {
  const text = recentsText()
  return outcome === 'declined' && direction === 'incoming' ? text.youDeclined : text.outcome[outcome]
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** How long ago `at` was, seen from `now` (both ms since the epoch), in the local time zone. */
export function relativeTime(at: number, now: number): string {
  const text = recentsText()
  const ago = now - at
  // A clock that moved back a little must not say "in 2 min".
  if (ago < MINUTE) return text.justNow
  if (ago < HOUR) return text.minutesAgo(Math.floor(ago / MINUTE))
  const then = new Date(at)
  const today = new Date(now)
  if (sameDay(then, today)) return text.hoursAgo(Math.floor(ago / HOUR))
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1)
  if (sameDay(then, yesterday)) return text.yesterday
  if (ago < 6 * DAY) return then.toLocaleDateString(text.dateLocale, { weekday: 'long' })
  const sameYear = then.getFullYear() === today.getFullYear()
  return then.toLocaleDateString(text.dateLocale, { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) })
}

/** `65_000` → "1 min 5 s"; under a second is "0 s". */
export function formatDuration(ms: number): string {
  const text = recentsText()
  const seconds = Math.max(0, Math.round(ms / 1000))
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  const rest = seconds % 60
  if (hours > 0) return text.hoursMinutes(hours, minutes)
  if (minutes > 0) return text.minutesSeconds(minutes, rest)
  return text.seconds(rest)
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate()
}
