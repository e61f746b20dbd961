/** The call screen and the pre-join screen: the status line for each phase, the stage and the buttons. */
import type { PhaseNote } from '../../call/call-phase'
import { defineMessages } from '../define-messages'

type PhaseWords = { readonly [N in PhaseNote]: string }

const enPhase: PhaseWords = {
  idle: 'Not in a call',
  joining: 'Joining the room…',
  waiting: 'Waiting for the other person to join',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnectingServer: 'Reconnecting to the server…',
  reconnectingServerInCall: 'Reconnecting to the server… your call continues',
  reconnectingMedia: 'Reconnecting…',
  peerLeft: 'The other person left the call',
  peerDisconnected: 'The other person lost their connection. They can rejoin with the same room code.',
  roomFull: 'This room is full: a call here already has two people.',
  ended: 'You left the call',
  badRoomCode: 'The server did not accept this room code. Check it with the person who sent it.',
  unsupportedVersion: 'This version of Tonghwa cannot talk to the server. Update the app and try again.',
  joinRefused: 'The server could not add you to the room. Go back and try again.',
  roomClosed: 'That room has closed: the person whose computer had it open left. Ask them to open it again, or start a new room.',
  joinFailed: 'Could not join the room. Check your connection, then go back and try again.',
  tooManyAttempts: 'The server is not letting you join rooms for a little while, after too many tries. Wait a minute, then try again.',
  originNotAllowed: 'This server does not accept connections from this app (origin not allowed). Ask whoever runs the server to allow this app.',
  mediaFailed:
    'Could not connect to the other person. A firewall or network setting may be blocking the call; try another network.',
  serverClosed: 'The connection to the server was closed.',
  mediaLost:
    'The connection to the other person was lost and did not come back within a minute. Check your network and call again.',
  noRelayServer:
    'No relay server is available: this server offers none, and "Always use a relay" is on. Turn it off in Settings to call without a relay.',
  relayUnreachable:
    'Couldn\'t reach the relay server: it did not answer or did not accept this app. "Always use a relay" is on, so the call cannot connect without it.',
}

const koPhase: PhaseWords = {
  idle: '통화 중이 아니에요',
  joining: '방에 들어가는 중…',
  waiting: '상대방이 들어오기를 기다리고 있어요',
  connecting: '연결하는 중…',
  connected: '연결됨',
  reconnectingServer: '서버에 다시 연결하는 중…',
  reconnectingServerInCall: '서버에 다시 연결하는 중… 통화는 계속돼요',
  reconnectingMedia: '다시 연결하는 중…',
  peerLeft: '상대방이 통화를 떠났어요',
  peerDisconnected: '상대방의 연결이 끊겼어요. 같은 방 코드로 다시 들어올 수 있어요.',
  roomFull: '이 방은 가득 찼어요. 이미 두 사람이 통화하고 있어요.',
  ended: '통화를 나왔어요',
  badRoomCode: '서버가 이 방 코드를 받지 않았어요. 코드를 보낸 사람에게 확인해 보세요.',
  unsupportedVersion: '이 버전의 통화 앱은 서버와 통신할 수 없어요. 앱을 업데이트한 뒤 다시 시도하세요.',
  joinRefused: '서버가 방에 들여보내지 못했어요. 돌아가서 다시 시도하세요.',
  roomClosed: '방이 닫혔어요. 방을 열어 둔 사람이 나갔어요. 다시 열어 달라고 하거나 새 방을 만드세요.',
  joinFailed: '방에 들어가지 못했어요. 연결을 확인한 뒤 돌아가서 다시 시도하세요.',
  tooManyAttempts: '시도가 너무 많아서 잠시 동안 방에 들어갈 수 없어요. 1분 정도 기다린 뒤 다시 시도하세요.',
  originNotAllowed: '이 서버는 이 앱의 연결을 받지 않아요(허용되지 않은 출처). 서버 관리자에게 이 앱을 허용해 달라고 요청하세요.',
  mediaFailed: '상대방과 연결하지 못했어요. 방화벽이나 네트워크 설정이 통화를 막고 있을 수 있어요. 다른 네트워크를 써 보세요.',
  serverClosed: '서버와의 연결이 닫혔어요.',
  mediaLost: '상대방과의 연결이 끊기고 1분 안에 돌아오지 않았어요. 네트워크를 확인하고 다시 전화하세요.',
  noRelayServer:
    '사용할 수 있는 릴레이 서버가 없어요. 이 서버에는 릴레이가 없는데 "항상 릴레이 사용"이 켜져 있어요. 릴레이 없이 통화하려면 설정에서 끄세요.',
  relayUnreachable:
    '릴레이 서버에 연결하지 못했어요. 서버가 응답하지 않았거나 이 앱을 받아들이지 않았어요. "항상 릴레이 사용"이 켜져 있어서 릴레이 없이는 연결할 수 없어요.',
}

export const callText = defineMessages({
  en: {
    phase: enPhase,
    /** The note `tooManyAttempts` when the server said how long to wait. */
    tooManyAttemptsWait: (seconds: number) =>
      `Too many attempts from this network; try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}. The server is slowing down tries to join rooms.`,
    screenTitle: 'Call',
    callWith: 'Call with',
    otherPerson: 'The other person',
    you: 'You',
    remoteNoCamera: 'The other person has no camera on this call.',
    devices: 'Devices',
    hangUp: 'Hang up',
    backToStart: 'Back to start',
    back: '← Back',
    preview: 'Your camera preview',
    readyTitle: 'Ready to join?',
    readyHint: 'Send this code to the person you want to call. They type it in Tonghwa and join the same room.',
    joinCall: 'Join call',
    roomCode: 'Room code',
    copyCode: 'Copy code',
    copied: 'Copied',
    roomCodeCopied: 'Room code copied',
    copyFailed: 'Could not copy: select the code and copy it yourself.',
  },
  ko: {
    phase: koPhase,
    tooManyAttemptsWait: (seconds: number) => `이 네트워크에서 시도가 너무 많았어요. ${seconds}초 후에 다시 시도하세요. 서버가 방 참여 시도를 늦추고 있어요.`,
    screenTitle: '통화',
    callWith: '통화 상대',
    otherPerson: '상대방',
    you: '나',
    remoteNoCamera: '상대방은 이 통화에서 카메라를 쓰지 않아요.',
    devices: '장치',
    hangUp: '통화 종료',
    backToStart: '처음으로',
    back: '← 뒤로',
    preview: '내 카메라 미리보기',
    readyTitle: '통화에 참여할까요?',
    readyHint: '통화할 사람에게 이 코드를 보내세요. 상대방이 통화 앱에 코드를 입력하면 같은 방에 들어와요.',
    joinCall: '통화 참여',
    roomCode: '방 코드',
    copyCode: '코드 복사',
    copied: '복사됨',
    roomCodeCopied: '방 코드를 복사했어요',
    copyFailed: '복사하지 못했어요. 코드를 선택해서 직접 복사하세요.',
  },
})
