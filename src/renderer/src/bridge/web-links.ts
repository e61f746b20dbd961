/**
 * Web mode's stand-in for `tonghwa://call/<code>` links: a page opened at `/?call=<code>` calls that code, as the
 * app does for the link. A code that is not one is answered with what is wrong with it.
 */
import type { AppNotice, DeepLink } from '../../../shared/phone'
import { parseRoomCode } from '../../../shared/room-code'

export const LinkNoticeCode = {
  BadCode: 'LINK_ERR_BAD_CODE',
} as const satisfies Record<string, AppNotice['code']>

export type PageLink = { link: DeepLink } | { notice: AppNotice } | null

/** What `?call=` in the page's query string asks for; null when there is none. */
export function callLinkFromSearch(search: string): PageLink {
  const params = new URLSearchParams(search)
  if (!params.has('call')) return null
  const parsed = parseRoomCode(params.get('call'))
  if (parsed.ok) return { link: { kind: 'call', code: parsed.code } }
  return { notice: { code: LinkNoticeCode.BadCode, problem: parsed.problem } }
}
