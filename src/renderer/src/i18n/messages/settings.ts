/** The settings screen: language, privacy and calls. */
import { defineMessages } from '../define-messages'

export const settingsText = defineMessages({
  en: {
    title: 'Settings',
    close: 'Close settings',
    closeHint: 'Press Escape to close.',
    language: 'Language',
    languageHelp: 'The language of every screen. "System" follows your computer’s language.',
    system: 'System',
    privacy: 'Privacy',
    relayOnly: 'Always use a relay',
    relayOnlyHelp:
      "Calls go through the server's relay, so the other person never sees your IP addresses. A call may not connect if the server offers no relay.",
    calls: 'Calls',
    lowData: 'Low data',
    lowDataHelp:
      'Calls use less than 300 kbit/s each way, for mobile data or a slow connection: the video is smaller and less smooth, the sound stays the same. Takes effect from the next call.',
  },
  ko: {
    title: '설정',
    close: '설정 닫기',
    closeHint: 'Esc 키를 눌러 닫을 수 있어요.',
    language: '언어',
    languageHelp: '모든 화면의 언어예요. "시스템"을 고르면 컴퓨터의 언어를 따라가요.',
    system: '시스템',
    privacy: '개인정보 보호',
    relayOnly: '항상 릴레이 사용',
    relayOnlyHelp: '통화가 서버의 릴레이를 거쳐서 상대방이 내 IP 주소를 볼 수 없어요. 서버에 릴레이가 없으면 통화가 연결되지 않을 수 있어요.',
    calls: '통화',
    lowData: '데이터 절약',
    lowDataHelp:
      '모바일 데이터나 느린 연결에서 통화가 한 방향에 300kbit/s 미만만 써요. 영상은 작아지고 덜 부드럽지만 소리는 그대로예요. 다음 통화부터 적용돼요.',
  },
})
