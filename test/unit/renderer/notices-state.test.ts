import { afterEach, describe, expect, it } from 'vitest'
import { setCurrentLocale } from '../../../src/renderer/src/i18n/current-locale.svelte'
import { noticesText } from '../../../src/renderer/src/i18n/messages/notices'
import { noticeMessage, NoticesState } from '../../../src/renderer/src/state/notices.svelte'
import type { DeepLinkProblem, StructuredNotice } from '../../../src/shared/phone'
import type { RoomCodeProblem } from '../../../src/shared/room-code'

afterEach(() => setCurrentLocale('en'))

const recovered: StructuredNotice = {
  code: 'STORE_NOTICE_RECOVERED',
  list: 'contacts',
  path: '/home/minji/.config/Tonghwa/contacts.json',
  backupPath: '/home/minji/.config/Tonghwa/contacts.json.corrupt-2026-06-15T14-30-00-000Z',
}

/** One of every notice main, the phone line and the web bridge send. */
const EVERY_NOTICE: StructuredNotice[] = [
  { code: 'SETTINGS_NOTICE_RECOVERED', path: '/data/settings.json', backupPath: '/data/settings.json.corrupt-1' },
  recovered,
  { code: 'STORE_NOTICE_RECOVERED', list: 'recents', path: '/data/recents.json', backupPath: '/data/recents.json.corrupt-1' },
  { code: 'STORE_NOTICE_UNREADABLE', list: 'contacts', path: '/data/contacts.json', error: 'EACCES: permission denied' },
  { code: 'STORE_NOTICE_NOT_SAVED', list: 'recents', path: '/data/recents.json', error: 'ENOSPC: no space left on device' },
  ...(['not-a-link', 'unknown-kind', 'no-code', 'bad-code'] satisfies DeepLinkProblem[]).map((problem) => ({ code: 'DEEP_LINK_ERR_INVALID' as const, problem })),
  { code: 'PHONE_NOTICE_REPLACED' },
  { code: 'PHONE_NOTICE_REGISTRATION_REFUSED' },
  { code: 'PHONE_ERR_NO_CODE' },
  { code: 'STORE_NOTICE_NO_STORAGE' },
  { code: 'STORE_NOTICE_NEW_CODE' },
  { code: 'BROWSER_STORE_NOTICE_RECOVERED', list: 'contacts', unreadable: null, backupKey: 'tonghwa.contacts.backup-2026-06-15T14-30-00-000Z' },
  { code: 'BROWSER_STORE_NOTICE_RECOVERED', list: 'recents', unreadable: { count: 2, of: 3 }, backupKey: null },
  { code: 'STORE_ERR_WRITE', list: 'contacts' },
  { code: 'STORE_ERR_WRITE', list: 'recents' },
  ...(['empty', 'too-short', 'too-long', 'bad-character', 'typo'] satisfies RoomCodeProblem[]).map((problem) => ({ code: 'LINK_ERR_BAD_CODE' as const, problem })),
  { code: 'LINK_NOTICE_IN_CALL' },
]

/**
 * Latin text a Korean notice may keep: the example code (so the person sees its shape), the letters a code
 * leaves out and the range it uses (the code's own alphabet), and the scheme a secure page needs.
 */
const LATIN_KEPT_IN_KOREAN = ['7KD-93QF-XZ5', 'I, L, O, U', 'A–Z', 'https']

describe('noticeMessage', () => {
  it('words a damaged file in English with the file and where the damaged copy went', () => {
    expect(noticeMessage(recovered)).toBe(
      `The file with your contacts (${recovered.path}) was damaged, so Tonghwa started with an empty list. The damaged file was kept as ${recovered.backupPath}.`,
    )
  })

  it('words the same notice in Korean, keeping the paths as they are', () => {
    setCurrentLocale('ko')
    expect(noticeMessage(recovered)).toBe(`연락처 파일(${recovered.path})이 손상되어 빈 목록으로 시작했어요. 손상된 파일은 ${recovered.backupPath}에 보관했어요.`)
  })

  it('has different English and Korean words for every notice, with no English left in the Korean once the values are taken out', () => {
    for (const notice of EVERY_NOTICE) {
      const english = noticeMessage(notice)
      setCurrentLocale('ko')
      const korean = noticeMessage(notice)
      setCurrentLocale('en')
      const values = Object.entries(notice).filter(([key]) => key !== 'code' && key !== 'list' && key !== 'problem').map(([, value]) => String(value))
      // Longest first: a backup path starts with the file's path.
      values.sort((a, b) => b.length - a.length)
      const koreanWords = [...values, ...LATIN_KEPT_IN_KOREAN].reduce((text, value) => text.replaceAll(value, ''), korean)
      expect({ code: notice.code, english: english.length > 20, differs: english !== korean, latin: /[A-Za-z]/.test(koreanWords) }).toEqual({
        code: notice.code,
        english: true,
        differs: true,
        latin: false,
      })
    }
  })

  it('says how much of a damaged list in the browser was lost, and where its copy went, in both languages', () => {
    const notice: StructuredNotice = { code: 'BROWSER_STORE_NOTICE_RECOVERED', list: 'recents', unreadable: { count: 2, of: 3 }, backupKey: 'tonghwa.recents.backup-1' }
    expect(noticeMessage(notice)).toBe(
      'Your recent calls saved in this browser were damaged (2 of 3 could not be read); a copy of what was there was kept in this browser\'s storage under "tonghwa.recents.backup-1".',
    )
    expect(noticeMessage({ ...notice, unreadable: null, backupKey: null })).toBe(
      'Your recent calls saved in this browser were damaged (they could not be read); no copy could be kept (storage is full).',
    )
    setCurrentLocale('ko')
    expect(noticeMessage(notice)).toBe(
      '이 브라우저에 저장된 최근 통화 기록이 손상되었어요(3개 중 2개를 읽지 못했어요). 원래 내용의 사본은 브라우저 저장소의 "tonghwa.recents.backup-1"에 보관했어요.',
    )
  })

  it('rewords a ?call= link problem when the language changes', () => {
    const notice: StructuredNotice = { code: 'LINK_ERR_BAD_CODE', problem: 'typo' }
    expect(noticeMessage(notice)).toBe("Couldn't call from the link you opened: that code has a typo: check each character with the person who sent it.")
    setCurrentLocale('ko')
    expect(noticeMessage(notice)).toBe('연 링크로 전화를 걸지 못했어요. 코드에 오타가 있어요. 보낸 사람과 한 글자씩 확인해 보세요.')
  })

  it('names each link problem differently', () => {
    const { badLink } = noticesText.catalogs.en
    expect(new Set(Object.values(badLink)).size).toBe(Object.keys(badLink).length)
  })
})

describe('NoticesState', () => {
  it('shows a notice raised twice with the same values once, and one with other values as well', () => {
    const notices = new NoticesState()
    notices.add(recovered)
    notices.add({ ...recovered })
    notices.add({ ...recovered, list: 'recents' })
    notices.add({ code: 'LINK_NOTICE_IN_CALL' })
    notices.add({ code: 'LINK_NOTICE_IN_CALL' })
    expect(notices.list.map((notice) => ('list' in notice ? notice.list : notice.code))).toEqual(['contacts', 'recents', 'LINK_NOTICE_IN_CALL'])
  })

  it('dismisses exactly the notice it is given', () => {
    const notices = new NoticesState()
    const other: StructuredNotice = { code: 'PHONE_NOTICE_REPLACED' }
    notices.add(recovered)
    notices.add(other)
    notices.dismiss(recovered)
    expect(notices.list).toEqual([other])
  })
})
