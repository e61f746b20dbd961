/**
 * The media domain of the IPC contract: the OS-level camera and microphone access (`media-access.ts`) and
 * its settings pane (`privacy-settings.ts`). One service for the whole app, shared by every window, so two
 * windows asking at once get one macOS prompt. No Electron import: tested in Node.
 */
import type { CaptureKind, MediaAccess } from '../shared/devices'
import type { DomainCommands } from './ipc-handlers'
import { createMediaAccessRequester, type SystemPreferencesLike } from './media-access'
import { createPrivacySettingsOpener } from './privacy-settings'

export interface MediaAccessService {
  requestAccess(kinds: readonly CaptureKind[]): Promise<MediaAccess>
  openPrivacySettings(kind: CaptureKind): Promise<boolean>
}

export interface MediaAccessServiceOptions {
  platform: NodeJS.Platform
  /** Electron's `systemPreferences`. */
  systemPreferences: SystemPreferencesLike
  /** `shell.openExternal`. */
  openExternal: (url: string) => Promise<void>
  /** Default `console.warn`. */
  log?: (message: string) => void
}

export function createMediaAccessService({ platform, systemPreferences, openExternal, log }: MediaAccessServiceOptions): MediaAccessService {
  return {
    requestAccess: createMediaAccessRequester({ platform, systemPreferences, ...(log ? { log } : {}) }),
    openPrivacySettings: createPrivacySettingsOpener({ platform, openExternal, ...(log ? { log } : {}) }),
  }
}

export function mediaAccessCommands(media: MediaAccessService): DomainCommands<'media'> {
  return {
    'media:request-access': (kinds) => media.requestAccess(kinds),
    'media:open-privacy-settings': (kind) => media.openPrivacySettings(kind),
  }
}
