/** The call screen's frame: the call bar's icon buttons and their More menu, the self-view, the call timer. */
import { defineMessages } from '../define-messages'

export const callScreenText = defineMessages({
  en: {
    barLabel: 'Call controls',
    panels: 'Call panels',
    more: 'More',
    unmute: 'Unmute',
    turnCameraOff: 'Turn camera off',
    turnCameraOn: 'Turn camera on',
    /** The tooltip of an icon button: its name, then its keys in brackets. */
    withKeys: (name: string, keys: string) => `${name} (${keys})`,
    selfView: 'Your video',
    moveSelfView: 'Move your video to the next corner',
    hideSelfView: 'Hide your video',
    showSelfView: 'Show your video',
    callTime: (time: string) => `Call time ${time}`,
  },
  ko: {
    barLabel: '통화 조작',
    panels: '통화 패널',
    more: '더 보기',
    unmute: '음소거 해제',
    turnCameraOff: '카메라 끄기',
    turnCameraOn: '카메라 켜기',
    withKeys: (name: string, keys: string) => `${name} (${keys})`,
    selfView: '내 화면',
    moveSelfView: '내 화면을 다음 모서리로 옮기기',
    hideSelfView: '내 화면 숨기기',
    showSelfView: '내 화면 보이기',
    callTime: (time: string) => `통화 시간 ${time}`,
  },
})
