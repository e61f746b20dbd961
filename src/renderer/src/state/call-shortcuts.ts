/**
 * What each keyboard shortcut does in the call screen: the same intents as its buttons, and only while that
 * button is there to press (no microphone: Mute does nothing and the key goes on to the page).
 */
import type { Platform } from '../keyboard/shortcuts'
import type { AppState } from './app-state.svelte'
import { ShortcutsState } from './shortcuts.svelte'

export function createCallShortcuts(app: AppState, platform: Platform): ShortcutsState {
  const inCall = (): boolean => app.screen === 'call' && !app.call.isOver
  const when = (possible: boolean, action: () => unknown): boolean => {
    if (possible) void action()
    return possible
  }
  return new ShortcutsState({
    platform,
    handlers: {
      mute: () => when(inCall() && app.media.hasAudio, () => app.media.toggleMic()),
      camera: () => when(inCall() && app.media.hasVideo, () => app.media.toggleCamera()),
      share: () => when(inCall() && app.screenShare.available, () => app.screenShare.toggle()),
      chat: () => when(inCall(), () => app.call.chat.toggle()),
      'hang-up': () => when(inCall(), () => app.hangUp()),
    },
  })
}
