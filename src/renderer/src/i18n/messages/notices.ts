/**
 * The app's notices (`StructuredNotice` in shared/phone.ts): a damaged or unreadable file, a change that could
 * not be saved, a link the app cannot use, this app's code taken over or refused, and web mode's own (browser
 * storage, a `?call=` link). Main, the phone line and the web bridge send a code and values; these are the words.
 * File paths, storage keys and the system's error text are values, shown as they are.
 */
import type { DeepLinkProblem, NoticeList } from '../../../../shared/phone'
import type { RoomCodeProblem } from '../../../../shared/room-code'
import { defineMessages } from '../define-messages'

const enList: Record<NoticeList, string> = { contacts: 'your contacts', recents: 'your recent calls' }
const enListNoun: Record<NoticeList, string> = { contacts: 'contacts', recents: 'recent calls' }
// With its object (을/를) or subject (이/가) particle, which depends on the word's last syllable.
const koListObject: Record<NoticeList, string> = { contacts: '연락처를', recents: '최근 통화 기록을' }
const koListSubject: Record<NoticeList, string> = { contacts: '연락처가', recents: '최근 통화 기록이' }
const koList: Record<NoticeList, string> = { contacts: '연락처', recents: '최근 통화 기록' }

export const noticesText = defineMessages({
  en: {
    settingsRecovered: (path: string, backupPath: string) =>
      `The settings file (${path}) was damaged, so Tonghwa started with default settings and a new personal code. The damaged file was kept as ${backupPath}.`,
    listRecovered: (list: NoticeList, path: string, backupPath: string) =>
      `The file with ${enList[list]} (${path}) was damaged, so Tonghwa started with an empty list. The damaged file was kept as ${backupPath}.`,
    listUnreadable: (list: NoticeList, error: string) =>
      `Tonghwa could not read ${enList[list]} (${error}). Changes you make now will not be saved, so the file is not overwritten.`,
    listNotSaved: (list: NoticeList, error: string) => `Tonghwa could not save ${enList[list]}: ${error}`,
    badLink: {
      'not-a-link': 'Tonghwa could not open that link: it is not a Tonghwa link.',
      'unknown-kind': 'Tonghwa could not open that link: it is neither a call link nor a room link.',
      'no-code': 'Tonghwa could not open that link: it has no code in it.',
      'bad-code': 'Tonghwa could not open that link: the code in it is not a valid code.',
      'bad-server': 'Tonghwa could not open that link: the server it names is not a secure (wss://) address.',
    } satisfies Record<DeepLinkProblem, string>,
    codeReplaced: 'Your code is now in use by Tonghwa somewhere else, so calls to it no longer ring here.',
    registrationRefused: 'The server would not make this app reachable on your code. Make a new code to be reachable again.',
    needsSecurePage: 'Calls by personal code need a secure page (https), so this page cannot be called.',
    noStorage: 'This browser does not let Tonghwa keep anything, so your code and contacts last only until you close this page.',
    newCode: 'Your personal code could not be read back, so a new one was made. Send it to the people who call you.',
    browserListRecovered: (list: NoticeList, unreadable: { count: number; of: number } | null, backupKey: string | null) =>
      `Your ${enListNoun[list]} saved in this browser were damaged (${unreadable ? `${unreadable.count} of ${unreadable.of} could not be read` : 'they could not be read'}); ${
        backupKey === null ? 'no copy could be kept (storage is full)' : `a copy of what was there was kept in this browser's storage under "${backupKey}"`
      }.`,
    browserNotSaved: (list: NoticeList) => `This browser refused to save the last change to ${enList[list]} (its storage may be full).`,
    pageLinkBadCode: {
      empty: "Couldn't call from the link you opened: it has no code in it.",
      'too-short': "Couldn't call from the link you opened: a code has 10 characters, like 7KD-93QF-XZ5. This one is too short.",
      'too-long': "Couldn't call from the link you opened: a code has 10 characters, like 7KD-93QF-XZ5. This one is too long.",
      'bad-character': "Couldn't call from the link you opened: a code uses only the digits 0–9 and the letters A–Z except I, L, O and U.",
      typo: "Couldn't call from the link you opened: that code has a typo: check each character with the person who sent it.",
    } satisfies Record<RoomCodeProblem, string>,
    linkInCall: 'A link was opened during your call. Hang up first, then open it again.',
  },
  ko: {
    settingsRecovered: (path: string, backupPath: string) =>
      `설정 파일(${path})이 손상되어 기본 설정과 새 개인 코드로 시작했어요. 손상된 파일은 ${backupPath}에 보관했어요.`,
    listRecovered: (list: NoticeList, path: string, backupPath: string) =>
      `${koList[list]} 파일(${path})이 손상되어 빈 목록으로 시작했어요. 손상된 파일은 ${backupPath}에 보관했어요.`,
    listUnreadable: (list: NoticeList, error: string) =>
      `${koListObject[list]} 읽지 못했어요(${error}). 파일을 덮어쓰지 않도록 지금 바꾸는 내용은 저장하지 않아요.`,
    listNotSaved: (list: NoticeList, error: string) => `${koListObject[list]} 저장하지 못했어요: ${error}`,
    badLink: {
      'not-a-link': '링크를 열지 못했어요. 통화 앱 링크가 아니에요.',
      'unknown-kind': '링크를 열지 못했어요. 전화 걸기 링크도, 방 링크도 아니에요.',
      'no-code': '링크를 열지 못했어요. 링크에 코드가 없어요.',
      'bad-code': '링크를 열지 못했어요. 링크에 있는 코드가 올바르지 않아요.',
      'bad-server': '링크를 열지 못했어요. 링크에 있는 서버가 보안(wss://) 주소가 아니에요.',
    },
    codeReplaced: '다른 곳의 통화 앱이 지금 내 코드를 쓰고 있어서, 이 코드로 오는 전화가 더 이상 여기서 울리지 않아요.',
    registrationRefused: '서버가 내 코드로 이 앱에 연결해 주지 않았어요. 다시 전화를 받으려면 새 코드를 받으세요.',
    needsSecurePage: '개인 코드로 전화를 받으려면 보안 페이지(https)가 필요해요. 그래서 이 페이지로는 전화를 받을 수 없어요.',
    noStorage: '이 브라우저에서는 아무것도 저장할 수 없어서, 내 코드와 연락처는 이 페이지를 닫을 때까지만 유지돼요.',
    newCode: '저장된 개인 코드를 읽지 못해서 새 코드를 만들었어요. 나에게 전화하는 사람들에게 새 코드를 알려 주세요.',
    browserListRecovered: (list: NoticeList, unreadable: { count: number; of: number } | null, backupKey: string | null) =>
      `이 브라우저에 저장된 ${koListSubject[list]} 손상되었어요(${unreadable ? `${unreadable.of}개 중 ${unreadable.count}개를 읽지 못했어요` : '읽지 못했어요'}). ${
        backupKey === null ? '저장 공간이 가득 차서 사본을 남기지 못했어요.' : `원래 내용의 사본은 브라우저 저장소의 "${backupKey}"에 보관했어요.`
      }`,
    browserNotSaved: (list: NoticeList) => `${koList[list]}의 마지막 변경 내용을 이 브라우저에 저장하지 못했어요(저장 공간이 가득 찼을 수 있어요).`,
    pageLinkBadCode: {
      empty: '연 링크로 전화를 걸지 못했어요. 링크에 코드가 없어요.',
      'too-short': '연 링크로 전화를 걸지 못했어요. 코드는 7KD-93QF-XZ5처럼 10자인데 이 코드는 너무 짧아요.',
      'too-long': '연 링크로 전화를 걸지 못했어요. 코드는 7KD-93QF-XZ5처럼 10자인데 이 코드는 너무 길어요.',
      'bad-character': '연 링크로 전화를 걸지 못했어요. 코드에는 숫자 0–9와 I, L, O, U를 뺀 영문자 A–Z만 쓰여요.',
      typo: '연 링크로 전화를 걸지 못했어요. 코드에 오타가 있어요. 보낸 사람과 한 글자씩 확인해 보세요.',
    },
    linkInCall: '통화 중에 링크가 열렸어요. 먼저 통화를 끝낸 다음 다시 여세요.',
  },
})
