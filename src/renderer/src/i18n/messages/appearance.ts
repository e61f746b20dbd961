/** Settings → Appearance: the colour theme. */
import type { ThemePreference } from '../../../../shared/theme'
import { defineMessages } from '../define-messages'

export const appearanceText = defineMessages({
  en: {
    title: 'Appearance',
    help: '"System" follows your computer’s light or dark mode.',
    themes: { system: 'System', light: 'Light', dark: 'Dark' } satisfies Record<ThemePreference, string>,
  },
  ko: {
    title: '화면 모드',
    help: '"시스템"을 고르면 컴퓨터의 라이트 모드나 다크 모드를 따라가요.',
    themes: { system: '시스템', light: '라이트', dark: '다크' } satisfies Record<ThemePreference, string>,
  },
})
