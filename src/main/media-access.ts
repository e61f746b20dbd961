/**
 * The operating system's own gate on the camera and microphone, in front of Chromium's permission (which
 * `permissions.ts` decides). macOS asks the person once per app, and a capture started before that answer
 * simply fails, so the renderer calls this before its first `getUserMedia`. Windows has a global privacy
 * switch that an app can read but never prompt for. Linux has no such gate.
 *
 * Pure: `systemPreferences` and the platform are injected. No Electron import: tested in Node.
 */
import { DEVICE_KINDS, isCaptureKind, type CaptureKind, type MediaAccess, type MediaAccessStatus } from '../shared/devices'

/** The part of Electron's `systemPreferences` used here (macOS and Windows only). */
export interface SystemPreferencesLike {
  getMediaAccessStatus(mediaType: CaptureKind): MediaAccessStatus
  askForMediaAccess(mediaType: CaptureKind): Promise<boolean>
}

export interface MediaAccessOptions {
  platform: NodeJS.Platform
  systemPreferences: SystemPreferencesLike
  /** Default `console.warn`. */
  log?: (message: string) => void
}

const CAPTURE_KINDS = DEVICE_KINDS.filter(isCaptureKind)

/**
 * Returns `requestAccess(kinds)`: the status of both kinds, having asked macOS for each of `kinds` that it
 * has not asked about yet (`not-determined`). Kinds not requested are reported, never asked for. Two windows
 * asking at once share one prompt per kind.
 */
export function createMediaAccessRequester({ platform, systemPreferences, log = console.warn }: MediaAccessOptions): (kinds: readonly CaptureKind[]) => Promise<MediaAccess> {
  const asking = new Map<CaptureKind, Promise<MediaAccessStatus>>()

  function ask(kind: CaptureKind): Promise<MediaAccessStatus> {
    let pending = asking.get(kind)
    if (!pending) {
      pending = systemPreferences
        .askForMediaAccess(kind)
        .then(
          (granted): MediaAccessStatus => (granted ? 'granted' : 'denied'),
          (error: unknown) => {
            log(`[media-access] asking macOS for the ${kind} failed: ${error instanceof Error ? error.message : String(error)}`)
            return systemPreferences.getMediaAccessStatus(kind)
          },
        )
        .finally(() => asking.delete(kind))
      asking.set(kind, pending)
    }
    return pending
  }

  async function statusOf(kind: CaptureKind, requested: boolean): Promise<MediaAccessStatus> {
    switch (platform) {
      case 'darwin': {
        const status = systemPreferences.getMediaAccessStatus(kind)
        return requested && status === 'not-determined' ? ask(kind) : status
      }
      case 'win32':
        // Windows shows no prompt for desktop apps; a "denied" here is the global switch in Settings.
        return systemPreferences.getMediaAccessStatus(kind)
      default:
        return 'granted'
    }
  }

  return async (kinds) => {
    const access: Partial<MediaAccess> = {}
    // One after the other: macOS shows one dialog at a time, camera first as in the capture itself.
    for (const kind of CAPTURE_KINDS) access[kind] = await statusOf(kind, kinds.includes(kind))
    return access as MediaAccess
  }
}
