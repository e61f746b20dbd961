/** Calling a person: the outgoing-call screen, the incoming call, a missed call and a call a link asked for. */
import { defineMessages } from '../define-messages'

export const phoneText = defineMessages({
  en: {
    calling: (who: string) => `Calling ${who}…`,
    connecting: 'Connecting…',
    ringing: 'Ringing',
    answered: (who: string) => `${who} answered`,
    starting: 'Starting the call…',
    declined: (who: string) => `${who} declined the call`,
    declinedDetail: 'They may call you back, or you can try again later.',
    busy: (who: string) => `${who} is busy`,
    busyDetail: 'They are in another call right now. Try again in a little while.',
    unreachable: (who: string) => `${who} can't be reached`,
    unreachableDetail: 'Their app is not running or not online right now.',
    noAnswer: (who: string) => `${who} didn't answer`,
    noAnswerDetail: 'Nobody picked up. Try again later.',
    cancelled: 'Call cancelled',
    cancelledDetail: (who: string) => `You hung up before ${who} answered.`,
    failed: (who: string) => `Couldn't call ${who}`,
    failure: {
      notOnline: "You're offline right now, so the call couldn't be placed. Check your connection and try again.",
      callingSelf: "That's your own code: you can't call yourself.",
      alreadyCalling: 'Another call of yours is still ringing. Hang it up first.',
      unknown: 'The call could not be placed. Try again in a moment.',
    },
    tooManyAttempts: (seconds: number | null) =>
      seconds === null
        ? 'Too many attempts from this network; try again in a minute.'
        : `Too many attempts from this network; try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`,
    ringingTooSoon: (who: string, seconds: number | null) =>
      seconds === null
        ? `You called ${who} a moment ago and they didn't pick up; try again in a minute.`
        : `You called ${who} a moment ago and they didn't pick up; try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`,
    cancel: 'Cancel',
    callAgain: 'Call again',
    back: 'Back',
    incoming: 'Incoming call',
    answering: 'Answering…',
    isCalling: (code: string) => `${code} is calling you`,
    notInContacts: 'Not in your contacts',
    decline: 'Decline',
    accept: 'Accept',
    missedFrom: 'Missed call from',
    callBack: 'Call back',
    saveAsContact: 'Save as contact',
    linkCallTitle: (label: string) => `Call ${label}?`,
    linkCallDetail: 'A link asked Tonghwa to call this person. Nothing happens unless you say so.',
    call: 'Call',
  },
  ko: {
    calling: (who: string) => `${who}에게 전화하는 중…`,
    connecting: '연결하는 중…',
    ringing: '신호가 가고 있어요',
    answered: (who: string) => `${who}이(가) 전화를 받았어요`,
    starting: '통화를 시작하는 중…',
    declined: (who: string) => `${who}이(가) 전화를 거절했어요`,
    declinedDetail: '상대방이 다시 전화할 수도 있어요. 나중에 다시 걸어 보세요.',
    busy: (who: string) => `${who}은(는) 통화 중이에요`,
    busyDetail: '지금 다른 통화를 하고 있어요. 잠시 후에 다시 걸어 보세요.',
    unreachable: (who: string) => `${who}에게 연결할 수 없어요`,
    unreachableDetail: '상대방의 앱이 꺼져 있거나 지금 온라인이 아니에요.',
    noAnswer: (who: string) => `${who}이(가) 받지 않았어요`,
    noAnswerDetail: '아무도 받지 않았어요. 나중에 다시 걸어 보세요.',
    cancelled: '전화를 취소했어요',
    cancelledDetail: (who: string) => `${who}이(가) 받기 전에 끊었어요.`,
    failed: (who: string) => `${who}에게 전화하지 못했어요`,
    failure: {
      notOnline: '지금 오프라인이라 전화를 걸지 못했어요. 연결을 확인하고 다시 시도하세요.',
      callingSelf: '내 코드예요. 나에게는 전화할 수 없어요.',
      alreadyCalling: '다른 전화가 아직 신호 중이에요. 먼저 그 전화를 끊으세요.',
      unknown: '전화를 걸지 못했어요. 잠시 후에 다시 시도하세요.',
    },
    tooManyAttempts: (seconds: number | null) =>
      seconds === null
        ? '이 네트워크에서 시도가 너무 많았어요. 1분 후에 다시 시도하세요.'
        : `이 네트워크에서 시도가 너무 많았어요. ${seconds}초 후에 다시 시도하세요.`,
    ringingTooSoon: (who: string, seconds: number | null) =>
      seconds === null
        ? `방금 ${who}에게 건 전화를 받지 않았어요. 1분 후에 다시 걸어 보세요.`
        : `방금 ${who}에게 건 전화를 받지 않았어요. ${seconds}초 후에 다시 걸어 보세요.`,
    cancel: '취소',
    callAgain: '다시 걸기',
    back: '뒤로',
    incoming: '전화가 왔어요',
    answering: '받는 중…',
    isCalling: (code: string) => `${code}에서 전화가 왔어요`,
    notInContacts: '연락처에 없는 사람',
    decline: '거절',
    accept: '받기',
    missedFrom: '부재중 전화:',
    callBack: '다시 걸기',
    saveAsContact: '연락처에 저장',
    linkCallTitle: (label: string) => `${label}에게 전화할까요?`,
    linkCallDetail: '링크가 이 사람에게 전화하라고 요청했어요. 내가 허락하지 않으면 아무 일도 일어나지 않아요.',
    call: '전화',
  },
})
