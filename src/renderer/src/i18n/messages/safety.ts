/** Call safety numbers (call screen, quality panel) and the safety key (Settings). */
import { defineMessages } from '../define-messages'

export const safetyText = defineMessages({
  en: {
    toggle: 'Safety numbers',
    title: 'Safety numbers',
    close: 'Close',
    howTo: 'Read these numbers to each other. If they are the same on both screens, no one is in the middle of this call.',
    reading: 'Reading the safety numbers…',
    mismatch: 'This call’s encryption keys do not match what was announced: someone may be in the middle. Do not talk about anything private.',
    markVerified: 'Mark as verified',
    verified: (name: string) => `${name} is verified: same safety key as when you compared.`,
    unverified: (name: string) => `${name} is not verified yet. Compare the numbers, then mark as verified.`,
    changed: (name: string) =>
      `${name}’s safety numbers changed: compare them again before you talk about anything private.`,
    changedWhy: 'Their app may have a new key (renewed, reinstalled), or someone may be in the middle. Only comparing tells which.',
    inQuality: 'Safety numbers',
    key: {
      title: 'Safety key',
      about: 'Your app uses one key for every call, so contacts who verified you see the same safety numbers each time. It is renewed once a year.',
      fingerprint: 'Key fingerprint',
      none: 'This browser keeps no key: every call gets a new one, so contacts cannot stay verified.',
      regenerate: 'New safety key',
      regenerateWarning: 'Contacts who verified you will see that your safety numbers changed, and will need to compare them again.',
      regenerated: 'New key in use from your next call. Contacts who verified you will be asked to compare again.',
    },
  },
  ko: {
    toggle: '안전 번호',
    title: '안전 번호',
    close: '닫기',
    howTo: '이 번호를 서로 읽어 주세요. 두 화면의 번호가 같으면 이 통화 중간에 끼어든 사람이 없어요.',
    reading: '안전 번호를 읽는 중…',
    mismatch: '이 통화의 암호화 키가 알려진 것과 달라요. 누군가 중간에 있을 수 있어요. 개인적인 이야기는 하지 마세요.',
    markVerified: '확인됨으로 표시',
    verified: (name: string) => `${name} 님은 확인됨: 비교했을 때와 같은 안전 키예요.`,
    unverified: (name: string) => `${name} 님은 아직 확인되지 않았어요. 번호를 비교한 뒤 확인됨으로 표시하세요.`,
    changed: (name: string) => `${name} 님의 안전 번호가 바뀌었어요. 개인적인 이야기를 하기 전에 다시 비교하세요.`,
    changedWhy: '상대방 앱의 키가 새로 바뀌었거나(갱신, 재설치) 누군가 중간에 있을 수 있어요. 비교해야만 알 수 있어요.',
    inQuality: '안전 번호',
    key: {
      title: '안전 키',
      about: '이 앱은 모든 통화에 같은 키를 써서, 나를 확인한 연락처는 매번 같은 안전 번호를 봐요. 키는 1년에 한 번 갱신돼요.',
      fingerprint: '키 지문',
      none: '이 브라우저는 키를 보관하지 않아요. 통화마다 새 키를 써서 연락처가 확인 상태를 유지할 수 없어요.',
      regenerate: '새 안전 키',
      regenerateWarning: '나를 확인한 연락처에는 안전 번호가 바뀌었다고 보이고, 다시 비교해야 해요.',
      regenerated: '다음 통화부터 새 키를 써요. 나를 확인한 연락처는 다시 비교하라는 안내를 받아요.',
    },
  },
})
