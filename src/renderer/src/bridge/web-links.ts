/**
 * Web mode's stand-in for `tonghwa://call/<code>` links: a page opened at `/?call=<code>` calls that code, as the
 * app does for the link. A code that is not one is answered with what is wrong with it.
 */
import type { AppNotice, DeepLink } from '../../../shared/phone'
import { parseRoomCode } from '../../../shared/room-code'

export const LinkNoticeCode = {
  BadCode: 'LINK_ERR_BAD_CODE',
} as const

export type PageLink = { link: DeepLink } | { notice: AppNotice } | null

/** What `?call=` in the page's query string asks for; null when there is none. */
export function callLinkFromSearch(search: string): PageLink {
  const params = new URLSearchParams(search)
  if (!params.has('call')) return null
  const parsed = parseRoomCode(params.get('call'))
  if (parsed.ok) return { link: { kind: 'call', code: parsed.code } }
  const why = parsed.problem === 'empty' ? 'it has no code in it.' : parsed.message.replace('room code', 'code')
  return { notice: { code: LinkNoticeCode.BadCode, message: `Couldn't call from the link you opened: ${lowerFirst(why)}` } }
}

function lowerFirst(text: string): string {
  // "A room code has…" and "That code…" read on after a colon; keep the rest of the message as it is.
  return text.charAt(0).toLowerCase() + text.slice(1)
}
