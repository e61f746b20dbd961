/** Checking sound: the speaker test before joining, the live microphone meter in a call, and "You're muted". */
import { defineMessages } from '../define-messages'

export const soundCheckText = defineMessages({
  en: {
    testSpeaker: 'Test speaker',
    /** While the chime plays; `speaker` is the chosen output's name. */
    playingOn: (speaker: string) => `Playing a short chime on ${speaker}…`,
    playing: 'Playing a short chime…',
    /** What to expect, before and after the test. */
    expect: 'You should hear a short two-note chime. If you hear nothing, choose another speaker or turn the volume up.',
    failed: 'The test sound could not be played on this speaker. Choose another one.',
    micLevel: 'Your microphone level',
    youAreMuted: "You're muted",
    mutedDetail: 'You seem to be talking, but the other person cannot hear you.',
    unmute: 'Unmute',
  },
  ko: {
    testSpeaker: '스피커 테스트',
    playingOn: (speaker: string) => `${speaker}에서 짧은 알림음을 재생하는 중…`,
    playing: '짧은 알림음을 재생하는 중…',
    expect: '두 음으로 된 짧은 알림음이 들려야 해요. 아무 소리도 안 들리면 다른 스피커를 고르거나 음량을 높이세요.',
    failed: '이 스피커로 테스트 소리를 재생하지 못했어요. 다른 스피커를 고르세요.',
    micLevel: '내 마이크 음량',
    youAreMuted: '음소거 중이에요',
    mutedDetail: '말하고 있는 것 같지만 상대방에게는 들리지 않아요.',
    unmute: '음소거 해제',
  },
})
