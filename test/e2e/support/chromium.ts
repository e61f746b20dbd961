import { existsSync } from 'node:fs'
import type { LaunchOptions } from '@playwright/test'

/** Debian's Chromium (installed from apt by .ci/run); Playwright's own browser download cannot work here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export interface FakeMediaOptions {
  /** Value for `--use-fake-device-for-media-stream`, e.g. `device-count=3` for three fake cameras. */
  fakeDevices?: string
  /**
   * Whether the permission prompt is answered "allow" for everything (`--use-fake-ui-for-media-stream`).
   * Without it, headless Chromium denies what the test did not grant with `context.grantPermissions`: a real
   * denial, as when a person clicks "Block".
   */
  autoAllowMedia?: boolean
}

/** Flags for a headless Chromium with fake camera and microphone that never talks to the internet. */
export function chromiumLaunchOptions({ fakeDevices, autoAllowMedia = true }: FakeMediaOptions = {}): LaunchOptions {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH`)
  }
  return {
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      ...(autoAllowMedia ? ['--use-fake-ui-for-media-stream'] : []),
      fakeDevices ? `--use-fake-device-for-media-stream=${fakeDevices}` : '--use-fake-device-for-media-stream',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-gpu',
      '--disable-quic',
      // Two tabs in one call: without these, the one that is not focused gets its timers and video throttled.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  }
}
