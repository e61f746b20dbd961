/** The chat panel and its button in the call screen. */
import { defineMessages } from '../define-messages'

export const chatText = defineMessages({
  en: {
    toggle: 'Chat',
    title: 'Chat',
    close: 'Close chat',
    unread: (count: string) => `${count} unread`,
    log: 'Messages',
    inputLabel: 'Message',
    placeholder: 'Write a message…',
    send: 'Send',
    hint: 'Enter sends, Shift+Enter starts a new line.',
    me: 'You',
    them: 'Them',
    empty: 'No messages yet. They go straight to the other person, never through the server.',
    connecting: 'Chat is connecting…',
    closed: 'Chat is disconnected. What you typed is kept; send it when the connection is back.',
    delivery: {
      sending: 'Sending…',
      sent: 'Delivered',
      failed: 'Not delivered',
    },
    tooLong: (max: string) => `A message can be up to ${max} characters.`,
  },
  ko: {
    toggle: '채팅',
    title: '채팅',
    close: '채팅 닫기',
    unread: (count: string) => `읽지 않은 메시지 ${count}개`,
    log: '메시지',
    inputLabel: '메시지',
    placeholder: '메시지를 입력하세요…',
    send: '보내기',
    hint: 'Enter를 누르면 보내고, Shift+Enter를 누르면 줄이 바뀌어요.',
    me: '나',
    them: '상대방',
    empty: '아직 메시지가 없어요. 메시지는 서버를 거치지 않고 상대방에게 바로 전달돼요.',
    connecting: '채팅 연결 중…',
    closed: '채팅 연결이 끊겼어요. 입력한 내용은 그대로 있으니 연결되면 보내세요.',
    delivery: {
      sending: '보내는 중…',
      sent: '전달됨',
      failed: '전달 안 됨',
    },
    tooLong: (max: string) => `메시지는 ${max}자까지 보낼 수 있어요.`,
  },
})
