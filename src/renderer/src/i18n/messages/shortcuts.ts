/** Keyboard shortcuts in the call screen: what each does, and the help overlay that lists them. */
import type { ShortcutAction } from '../../keyboard/shortcuts'
import { defineMessages } from '../define-messages'

type ActionWords = { readonly [A in ShortcutAction]: string }

const enActions: ActionWords = {
  mute: 'Mute or unmute the microphone',
  camera: 'Turn the camera off or on',
  share: 'Share the screen or stop sharing',
  chat: 'Open or close the chat',
  'hang-up': 'Hang up',
  help: 'Show these shortcuts',
}

const koActions: ActionWords = {
  mute: '마이크 음소거 또는 해제',
  camera: '카메라 끄기 또는 켜기',
  share: '화면 공유 시작 또는 중지',
  chat: '채팅 열기 또는 닫기',
  'hang-up': '통화 종료',
  help: '단축키 보기',
}

export const shortcutsText = defineMessages({
  en: {
    open: 'Keyboard shortcuts',
    title: 'Keyboard shortcuts',
    intro: 'These work anywhere in the call screen. ? does nothing while you type in a text field.',
    action: 'Action',
    keys: 'Keys',
    or: 'or',
    close: 'Close',
    actions: enActions,
  },
  ko: {
    open: '단축키',
    title: '키보드 단축키',
    intro: '통화 화면 어디서나 쓸 수 있어요. 입력란에 글을 쓰는 동안에는 ?가 동작하지 않아요.',
    action: '동작',
    keys: '키',
    or: '또는',
    close: '닫기',
    actions: koActions,
  },
})
