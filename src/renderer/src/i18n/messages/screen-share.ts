/** Sharing the screen: the button, the app's source picker, the self-view while sharing, and what went wrong. */
import type { ScreenShareProblem } from '../../call/screen-share'
import { defineMessages } from '../define-messages'

type ProblemWords = { readonly [P in ScreenShareProblem]: string }

const enProblems: ProblemWords = {
  cancelled: 'Screen sharing was cancelled. The call goes on with your camera.',
  'not-allowed': 'Screen sharing was not allowed. The call goes on with your camera.',
  unavailable: 'There is no screen or window to share here. The call goes on with your camera.',
  'not-connected': 'You can share your screen once the other person is connected.',
  'no-video': 'You joined this call without a camera, so there is no video to share your screen on. Join again with a camera to share.',
  failed: 'Your screen could not be shared. The call goes on with your camera.',
}

const koProblems: ProblemWords = {
  cancelled: '화면 공유를 취소했어요. 통화는 카메라로 계속돼요.',
  'not-allowed': '화면 공유가 허용되지 않았어요. 통화는 카메라로 계속돼요.',
  unavailable: '공유할 수 있는 화면이나 창이 없어요. 통화는 카메라로 계속돼요.',
  'not-connected': '상대방과 연결되면 화면을 공유할 수 있어요.',
  'no-video': '카메라 없이 통화에 들어와서 화면을 보낼 영상 채널이 없어요. 공유하려면 카메라를 켜고 다시 들어오세요.',
  failed: '화면을 공유하지 못했어요. 통화는 카메라로 계속돼요.',
}

export const screenShareText = defineMessages({
  en: {
    share: 'Share screen',
    stop: 'Stop sharing',
    starting: 'Starting…',
    unavailable: 'Screen sharing is not available here',
    sharingNote: 'You are sharing your screen',
    selfLabel: 'Your shared screen',
    pickerTitle: 'Share your screen',
    pickerHint: 'Choose a whole screen or one window. The other person sees it in place of your camera.',
    screens: 'Screens',
    windows: 'Windows',
    noThumbnail: 'No preview',
    cancel: 'Cancel',
    dismiss: 'Dismiss',
    problems: enProblems,
  },
  ko: {
    share: '화면 공유',
    stop: '공유 중지',
    starting: '시작하는 중…',
    unavailable: '여기서는 화면을 공유할 수 없어요',
    sharingNote: '화면을 공유하고 있어요',
    selfLabel: '공유 중인 내 화면',
    pickerTitle: '화면 공유',
    pickerHint: '화면 전체나 창 하나를 고르세요. 상대방에게는 카메라 대신 이 화면이 보여요.',
    screens: '화면',
    windows: '창',
    noThumbnail: '미리 보기 없음',
    cancel: '취소',
    dismiss: '닫기',
    problems: koProblems,
  },
})
