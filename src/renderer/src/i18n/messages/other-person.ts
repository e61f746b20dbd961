/** The other person's tile in a call: their name when their camera is off, muted, speaking. */
import { defineMessages } from '../define-messages'

export const otherPersonText = defineMessages({
  en: {
    /** The generic person shown in place of initials when they have no name. */
    noName: 'The other person',
    micMuted: 'Microphone muted',
    /** Said once by screen readers when it changes: what the picture alone would tell a sighted person. */
    cameraOff: (name: string) => `${name}: camera off`,
    muted: (name: string) => `${name}: microphone muted`,
    cameraOffAndMuted: (name: string) => `${name}: camera off, microphone muted`,
  },
  ko: {
    noName: '상대방',
    micMuted: '마이크 꺼짐',
    cameraOff: (name: string) => `${name}: 카메라 꺼짐`,
    muted: (name: string) => `${name}: 마이크 꺼짐`,
    cameraOffAndMuted: (name: string) => `${name}: 카메라와 마이크 꺼짐`,
  },
})
