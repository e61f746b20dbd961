/**
 * The end of a call (the screen shown once it is over: how it ended, how long it was, what to do next), and
 * the quiet notice during a call that someone else tried to call.
 */
import { defineMessages } from '../define-messages'

export const callEndText = defineMessages({
  en: {
    /** The heading once a call that connected is over. */
    ended: 'Call ended',
    /** The heading when the call never got going (failed, room full). */
    notConnected: 'The call did not connect',
    /** `duration` as recents word it ("4 min 5 s"). */
    lasted: (duration: string) => `The call lasted ${duration}.`,
    with: (name: string) => `Call with ${name}`,
    rejoin: 'Rejoin',
    callAgain: 'Call again',
    back: 'Back',
    triedToCall: (name: string) => `${name} tried to call you`,
    callBack: 'Call back',
    /** After "Call back" during the call: nothing rings until this call is over. */
    willCallBack: (name: string) => `You'll call ${name} back when this call ends.`,
    cancelCallBack: "Don't call back",
  },
  ko: {
    ended: '통화가 끝났어요',
    notConnected: '통화가 연결되지 않았어요',
    lasted: (duration: string) => `통화 시간: ${duration}`,
    with: (name: string) => `${name}님과의 통화`,
    rejoin: '다시 참여',
    callAgain: '다시 걸기',
    back: '돌아가기',
    triedToCall: (name: string) => `${name}님이 전화를 걸었어요`,
    callBack: '다시 걸기',
    willCallBack: (name: string) => `이 통화가 끝나면 ${name}님에게 다시 걸어요.`,
    cancelCallBack: '다시 걸지 않기',
  },
})
