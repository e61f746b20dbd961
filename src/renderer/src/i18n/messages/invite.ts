/** Invitations: **Copy invite**, what it puts on the clipboard, and joining a room on another server from a link. */
import { defineMessages } from '../define-messages'

export const inviteText = defineMessages({
  en: {
    copyInvite: 'Copy invite',
    copied: 'Copied',
    inviteCopied: 'Invitation copied: paste it into a message.',
    copyFailed: 'Could not copy the invitation: copy the room code instead.',
    clipboard: (room: string, appLink: string, webLink: string | null) =>
      [`Join me on Tonghwa, room ${room}.`, ...(webLink === null ? [] : [`In a browser: ${webLink}`]), `With the Tonghwa app: ${appLink}`].join('\n'),
    joinTitle: (room: string, host: string) => `Join room ${room} on ${host}?`,
    joinDetail:
      'The link is for a room on another server than yours. Only this call goes there: your personal code stays with your own server, and Tonghwa forgets that server when the call ends.',
    join: 'Join',
    cancel: 'Cancel',
    onServer: (host: string) => `On ${host}`,
  },
  ko: {
    copyInvite: '초대 복사',
    copied: '복사했어요',
    inviteCopied: '초대를 복사했어요. 메시지에 붙여 넣으세요.',
    copyFailed: '초대를 복사하지 못했어요. 대신 방 코드를 복사하세요.',
    clipboard: (room: string, appLink: string, webLink: string | null) =>
      [`통화 앱에서 만나요. 방 코드: ${room}`, ...(webLink === null ? [] : [`브라우저에서: ${webLink}`]), `통화 앱에서: ${appLink}`].join('\n'),
    joinTitle: (room: string, host: string) => `${host}에서 ${room} 방에 참여할까요?`,
    joinDetail: '다른 서버에 있는 방의 링크예요. 이 통화만 그 서버를 써요. 내 개인 코드는 원래 서버에 그대로 있고, 통화가 끝나면 그 서버는 잊어요.',
    join: '참여',
    cancel: '취소',
    onServer: (host: string) => `${host}에서`,
  },
})
