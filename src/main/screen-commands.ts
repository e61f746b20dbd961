/**
 * The screen domain of the IPC contract: a window lists the screens and windows for its own picker, and
 * names the one the person picked before it calls `getDisplayMedia`. The rules are in `screen-share.ts`.
 * No Electron import: tested in Node.
 */
import type { DomainCommands } from './ipc-handlers'
import type { ScreenShareService } from './screen-share'

export function screenCommands(screen: Pick<ScreenShareService, 'list' | 'choose'>, windowId: number): DomainCommands<'screen'> {
  return {
    'screen:list-sources': () => screen.list(windowId),
    'screen:choose-source': (id) => screen.choose(windowId, id),
  }
}
