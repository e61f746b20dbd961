/** Settings → "Your name": what the people you call see when your camera is off. */
import { defineMessages } from '../define-messages'

export const displayNameText = defineMessages({
  en: {
    title: 'Your name',
    label: 'Name shown to the people you call',
    help: 'Shown on your picture to the people you call when your camera is off; saved contacts show their own name for you. It goes straight to them, never through the server. Leave it empty to show no name.',
    placeholder: 'e.g. Minji',
    save: 'Save name',
    saved: 'Saved.',
    problems: {
      DISPLAY_NAME_ERR_NOT_TEXT: 'That is not a name.',
      DISPLAY_NAME_ERR_TOO_LONG: (max: string) => `A name can have at most ${max} characters.`,
      DISPLAY_NAME_ERR_NOT_SAVED: 'The name could not be saved. Try again.',
    },
  },
  ko: {
    title: '내 이름',
    label: '통화 상대에게 보이는 이름',
    help: '카메라를 끄면 통화 상대의 화면에 이 이름이 보여요. 상대가 나를 연락처에 저장했다면 그 이름이 보여요. 이름은 서버를 거치지 않고 상대에게 바로 전달돼요. 비워 두면 이름이 보이지 않아요.',
    placeholder: '예: 민지',
    save: '이름 저장',
    saved: '저장했어요.',
    problems: {
      DISPLAY_NAME_ERR_NOT_TEXT: '이름으로 쓸 수 없어요.',
      DISPLAY_NAME_ERR_TOO_LONG: (max: string) => `이름은 ${max}자까지 쓸 수 있어요.`,
      DISPLAY_NAME_ERR_NOT_SAVED: '이름을 저장하지 못했어요. 다시 시도해 주세요.',
    },
  },
})
