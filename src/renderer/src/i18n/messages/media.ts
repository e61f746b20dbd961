/**
 * The camera, microphone and speaker: why one could not be used and how to fix it (per OS), the device
 * pickers, the mute and camera buttons, and the notices when a device comes or goes.
 */
import type { DeviceKind } from '../../../../shared/devices'
import { defineMessages } from '../define-messages'

/** Which devices a sentence is about: one kind, or the camera and the microphone together. */
export type DeviceSubject = 'video' | 'audio' | 'both'

const enDevice: Record<DeviceSubject, string> = { video: 'camera', audio: 'microphone', both: 'camera and microphone' }
const enNoun: Record<DeviceKind, string> = { camera: 'camera', microphone: 'microphone', speaker: 'speaker' }
const koDevice: Record<DeviceSubject, string> = { video: '카메라', audio: '마이크', both: '카메라와 마이크' }
/** As in the placeholder labels of the device lists ("Camera 1"), so English shows them unchanged. */
const enKindName: Record<DeviceKind, string> = { camera: 'Camera', microphone: 'Microphone', speaker: 'Speaker' }
const koNoun: Record<DeviceKind, string> = { camera: '카메라', microphone: '마이크', speaker: '스피커' }

const enNamed = (which: DeviceSubject, label: string | null) => (label ? `Your ${enDevice[which]} "${label}"` : `Your ${enDevice[which]}`)
/**
 * Korean particles follow the sound of the word before them, which a device's own name (any script, any
 * maker) does not let the app know: after it both forms are written, as Korean software does ("을(를)").
 * The app's own device words all end in a vowel.
 */
const KO_OBJECT = { vowel: '를', either: '을(를)' }
const KO_SUBJECT = { vowel: '가', either: '이(가)' }
const koNamed = (which: DeviceSubject, label: string | null, particle: { vowel: string; either: string }) =>
  label ? `${koDevice[which]} "${label}"${particle.either}` : `${koDevice[which]}${particle.vowel}`
const enAgain = 'then go back and join again.'
const koAgain = '그런 다음 돌아가서 다시 참여하세요.'

export const mediaText = defineMessages({
  en: {
    problem: {
      notFound: (which: DeviceSubject) => `No ${enDevice[which].replace(' and ', ' or ')} found.`,
      busy: (which: DeviceSubject, label: string | null) =>
        `${enNamed(which, label)} is in use by another app. Close that app, or choose another ${enDevice[which]}.`,
      overconstrained: (which: DeviceSubject, label: string | null) =>
        `${enNamed(which, label)} cannot provide the ${which === 'audio' ? 'sound' : 'picture'} Tonghwa asked for. Choose another ${enDevice[which]}.`,
      unknown: (which: DeviceSubject, label: string | null) => `${enNamed(which, label)} could not be started.`,
    },
    denied: {
      mac: (which: DeviceSubject) =>
        which === 'both'
          ? `Tonghwa is not allowed to use your camera and microphone. To allow them, open System Settings › Privacy & Security and turn on Tonghwa under Camera and under Microphone, ${enAgain}`
          : `Tonghwa is not allowed to use your ${enDevice[which]}. To allow it, open System Settings › Privacy & Security › ${which === 'video' ? 'Camera' : 'Microphone'} and turn on Tonghwa, ${enAgain}`,
      windows: (which: DeviceSubject) =>
        which === 'both'
          ? `Tonghwa is not allowed to use your camera and microphone. To allow them, open Settings › Privacy & security and, under Camera and under Microphone, let desktop apps use them, ${enAgain}`
          : `Tonghwa is not allowed to use your ${enDevice[which]}. To allow it, open Settings › Privacy & security › ${which === 'video' ? 'Camera' : 'Microphone'} and let desktop apps use your ${enDevice[which]}, ${enAgain}`,
      linux: (which: DeviceSubject) =>
        `Tonghwa is not allowed to use your ${enDevice[which]}. Check your system's privacy settings (and, for a Flatpak or Snap install, its permissions), ${enAgain}`,
      web: (which: DeviceSubject) =>
        `This page is not allowed to use your ${enDevice[which]}. To allow ${which === 'both' ? 'them' : 'it'}, click the icon next to the address (a camera or a lock), allow the ${enDevice[which]}, ${enAgain}`,
    },
    consequence: {
      both: 'You can still join: you will see and hear the other person, but they will not see or hear you.',
      video: 'You can still talk: the call will be audio-only.',
      audio: 'You can still join: the other person will see you but not hear you.',
    },
    openSettings: { mac: 'Open System Settings', windows: 'Open Settings' },
    controlsLabel: 'Microphone and camera',
    mute: 'Mute',
    cameraOff: 'Camera off',
    noMicrophone: 'No microphone',
    noCamera: 'No camera',
    startingCamera: 'Starting your camera…',
    cameraIsOff: 'Your camera is off',
    micLevel: 'Microphone level',
    mutedHint: 'Muted: the other person will not hear you.',
    pickers: 'Devices',
    kind: { camera: 'Camera', microphone: 'Microphone', speaker: 'Speaker' } satisfies Record<DeviceKind, string>,
    deviceName: {
      systemDefault: 'System default',
      systemDefaultNamed: (device: string) => `System default (${device})`,
      unnamed: (kind: DeviceKind, n: number) => `${enKindName[kind]} ${n}`,
    },
    noneAvailable: (kind: DeviceKind) => `No ${enNoun[kind]} available`,
    choose: (kind: DeviceKind) => `Choose a ${enNoun[kind]}`,
    systemOutput: 'Sound plays through the system’s output',
    notice: {
      fallbackNone: (kind: DeviceKind, label: string) => `${label !== '' ? `Your ${enNoun[kind]} "${label}" is not connected` : `Your ${enNoun[kind]} is not connected`}, and no other ${enNoun[kind]} was found.`,
      fallbackSame: (kind: DeviceKind, using: string) => `Your ${enNoun[kind]} was disconnected; using "${using}" now.`,
      fallbackOther: (kind: DeviceKind, label: string, using: string) =>
        `${label !== '' ? `Your ${enNoun[kind]} "${label}" is not connected` : `Your ${enNoun[kind]} is not connected`}; using "${using}".`,
      restored: (kind: DeviceKind, label: string) => `Your ${enNoun[kind]} "${label}" is connected again; using it.`,
      nextCall: (kind: DeviceKind, label: string) => `This call started without a ${enNoun[kind]}, so "${label}" will be used from your next call.`,
      switchFailed: (kind: DeviceKind, label: string) => `Could not switch to the ${enNoun[kind]} "${label}"`,
      why: {
        denied: ': Tonghwa is not allowed to use it.',
        notFound: ': it is not connected.',
        busy: ': it is in use by another app.',
        overconstrained: ': it cannot provide the picture or sound Tonghwa asked for.',
        unknown: '.',
      },
    },
  },
  ko: {
    problem: {
      notFound: (which: DeviceSubject) => `${which === 'both' ? '카메라나 마이크' : koDevice[which]}를 찾지 못했어요.`,
      busy: (which: DeviceSubject, label: string | null) =>
        `${koNamed(which, label, KO_OBJECT)} 다른 앱이 쓰고 있어요. 그 앱을 닫거나 다른 ${koDevice[which]}를 고르세요.`,
      overconstrained: (which: DeviceSubject, label: string | null) =>
        `${koNamed(which, label, KO_SUBJECT)} 요청한 ${which === 'audio' ? '소리를' : '영상을'} 제공하지 못해요. 다른 ${koDevice[which]}를 고르세요.`,
      unknown: (which: DeviceSubject, label: string | null) => `${koNamed(which, label, KO_OBJECT)} 시작하지 못했어요.`,
    },
    denied: {
      mac: (which: DeviceSubject) =>
        which === 'both'
          ? `통화 앱이 카메라와 마이크를 사용할 권한이 없어요. 허용하려면 시스템 설정 › 개인정보 보호 및 보안에서 카메라와 마이크 항목의 Tonghwa를 켜고, ${koAgain}`
          : `통화 앱이 ${koDevice[which]}를 사용할 권한이 없어요. 허용하려면 시스템 설정 › 개인정보 보호 및 보안 › ${koDevice[which]}에서 Tonghwa를 켜고, ${koAgain}`,
      windows: (which: DeviceSubject) =>
        which === 'both'
          ? `통화 앱이 카메라와 마이크를 사용할 권한이 없어요. 허용하려면 설정 › 개인 정보 및 보안의 카메라와 마이크 항목에서 데스크톱 앱의 사용을 허용하고, ${koAgain}`
          : `통화 앱이 ${koDevice[which]}를 사용할 권한이 없어요. 허용하려면 설정 › 개인 정보 및 보안 › ${koDevice[which]}에서 데스크톱 앱의 사용을 허용하고, ${koAgain}`,
      linux: (which: DeviceSubject) =>
        `통화 앱이 ${koDevice[which]}를 사용할 권한이 없어요. 시스템의 개인정보 설정(Flatpak이나 Snap으로 설치했다면 그 권한도)을 확인하고, ${koAgain}`,
      web: (which: DeviceSubject) =>
        `이 페이지는 ${koDevice[which]}를 사용할 권한이 없어요. 허용하려면 주소 옆의 아이콘(카메라나 자물쇠)을 눌러 ${koDevice[which]}를 허용하고, ${koAgain}`,
    },
    consequence: {
      both: '그래도 참여할 수 있어요. 상대방을 보고 들을 수 있지만 상대방은 나를 보거나 들을 수 없어요.',
      video: '그래도 대화할 수 있어요. 음성으로만 통화해요.',
      audio: '그래도 참여할 수 있어요. 상대방은 나를 볼 수 있지만 목소리는 들을 수 없어요.',
    },
    openSettings: { mac: '시스템 설정 열기', windows: '설정 열기' },
    controlsLabel: '마이크와 카메라',
    mute: '음소거',
    cameraOff: '카메라 끄기',
    noMicrophone: '마이크 없음',
    noCamera: '카메라 없음',
    startingCamera: '카메라를 켜는 중…',
    cameraIsOff: '카메라가 꺼져 있어요',
    micLevel: '마이크 음량',
    mutedHint: '음소거 중: 상대방에게 내 목소리가 들리지 않아요.',
    pickers: '장치',
    kind: { camera: '카메라', microphone: '마이크', speaker: '스피커' },
    deviceName: {
      systemDefault: '시스템 기본값',
      systemDefaultNamed: (device: string) => `시스템 기본값 (${device})`,
      unnamed: (kind: DeviceKind, n: number) => `${koNoun[kind]} ${n}`,
    },
    noneAvailable: (kind: DeviceKind) => `사용할 수 있는 ${koNoun[kind]} 없음`,
    choose: (kind: DeviceKind) => `${koNoun[kind]} 선택`,
    systemOutput: '소리는 시스템 출력으로 나와요',
    notice: {
      fallbackNone: (kind: DeviceKind, label: string) =>
        `${label !== '' ? `${koNoun[kind]} "${label}"이(가) 연결되어 있지 않고` : `${koNoun[kind]}가 연결되어 있지 않고`}, 다른 ${koNoun[kind]}도 찾지 못했어요.`,
      fallbackSame: (kind: DeviceKind, using: string) => `${koNoun[kind]} 연결이 끊겼어요. 이제 "${using}"을(를) 사용해요.`,
      fallbackOther: (kind: DeviceKind, label: string, using: string) =>
        `${label !== '' ? `${koNoun[kind]} "${label}"이(가) 연결되어 있지 않아서` : `${koNoun[kind]}가 연결되어 있지 않아서`} "${using}"을(를) 사용해요.`,
      restored: (kind: DeviceKind, label: string) => `${koNoun[kind]} "${label}"이(가) 다시 연결되어 이제 이 ${koNoun[kind]}를 사용해요.`,
      nextCall: (kind: DeviceKind, label: string) => `이 통화는 ${koNoun[kind]} 없이 시작해서 "${label}"은(는) 다음 통화부터 사용해요.`,
      switchFailed: (kind: DeviceKind, label: string) => `${koNoun[kind]} "${label}"(으)로 바꾸지 못했어요`,
      why: {
        denied: ': 통화 앱에 사용 권한이 없어요.',
        notFound: ': 연결되어 있지 않아요.',
        busy: ': 다른 앱이 쓰고 있어요.',
        overconstrained: ': 요청한 영상이나 소리를 제공하지 못해요.',
        unknown: '.',
      },
    },
  },
})
