/**
 * Opens the operating system's privacy pane for the camera or microphone, so that "allow it in Settings" is a
 * button and not a paragraph of directions. The page only names the kind; the URL handed to
 * `shell.openExternal` is always one of the constants below, never anything the renderer sent.
 *
 * Pure: `openExternal` and the platform are injected. No Electron import: tested in Node.
 */
import type { CaptureKind } from '../shared/devices'

export const PRIVACY_SETTINGS_URLS = {
  darwin: {
    camera: 'x-apple.systempreferences:com.apple.preference.security?Privacy_Camera',
    microphone: 'x-apple.systempreferences:com.apple.preference.security?Privacy_Microphone',
  },
  win32: {
    camera: 'ms-settings:privacy-webcam',
    microphone: 'ms-settings:privacy-microphone',
  },
} as const satisfies Partial<Record<NodeJS.Platform, Record<CaptureKind, string>>>

/** The pane's URL, or null where the OS has none (Linux: no OS-level camera or microphone switch). */
export function privacySettingsUrl(platform: NodeJS.Platform, kind: CaptureKind): string | null {
  if (platform === 'darwin' || platform === 'win32') return PRIVACY_SETTINGS_URLS[platform][kind]
  return null
}

export interface PrivacySettingsOptions {
  platform: NodeJS.Platform
  /** `shell.openExternal`. */
  openExternal: (url: string) => Promise<void>
  /** Default `console.warn`. */
  log?: (message: string) => void
}

/** Returns `open(kind)`: true once the pane was handed to the OS, false where there is none or it failed. */
export function createPrivacySettingsOpener({ platform, openExternal, log = console.warn }: PrivacySettingsOptions): (kind: CaptureKind) => Promise<boolean> {
  return async (kind) => {
    const url = privacySettingsUrl(platform, kind)
    if (url === null) return false
    try {
      await openExternal(url)
      return true
    } catch (error) {
      log(`[privacy-settings] could not open ${url}: ${error instanceof Error ? error.message : String(error)}`)
      return false
    }
  }
}
