/**
 * The app's one way to hand a URL to the operating system: `shell.openExternal` behind the allowlist of
 * `open-external.ts`. Nothing else in the main process calls `shell.openExternal` (a checklist test holds that).
 */
import { shell } from 'electron'
import { createGuardedOpenExternal } from './open-external'

export const openExternalSafely = createGuardedOpenExternal((url) => shell.openExternal(url))
