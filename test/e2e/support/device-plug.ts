import type { Page } from '@playwright/test'

/**
 * Init script: lets a test unplug and replug a camera the way the OS does it. Chromium's fake devices cannot be
 * removed at run time, so this hides one from `enumerateDevices`, refuses to open it, ends its live tracks
 * (which is what a browser does when a device goes away) and fires `devicechange`; replugging undoes it.
 */
export function simulateDevicePlugging(): void {
  const media = navigator.mediaDevices
  const hidden = new Set<string>()
  const live = new Set<MediaStreamTrack>()
  const enumerate = media.enumerateDevices.bind(media)
  const capture = media.getUserMedia.bind(media)
  media.enumerateDevices = async () => (await enumerate()).filter((device) => !hidden.has(device.deviceId))
  media.getUserMedia = async (constraints) => {
    const wanted = typeof constraints?.video === 'object' ? constraints.video.deviceId : undefined
    const id = typeof wanted === 'object' && wanted !== null && !Array.isArray(wanted) ? (wanted as { exact?: unknown }).exact : wanted
    if (typeof id === 'string' && hidden.has(id)) throw new DOMException('Requested device not found', 'NotFoundError')
    const stream = await capture(constraints)
    for (const track of stream.getTracks()) live.add(track)
    return stream
  }
  Object.defineProperty(window, '__unplug', {
    value: (deviceId: string) => {
      hidden.add(deviceId)
      for (const track of live) {
        if (track.readyState === 'live' && track.getSettings().deviceId === deviceId) {
          track.stop()
          track.dispatchEvent(new Event('ended'))
        }
      }
      media.dispatchEvent(new Event('devicechange'))
    },
  })
  Object.defineProperty(window, '__replug', {
    value: (deviceId: string) => {
      hidden.delete(deviceId)
      media.dispatchEvent(new Event('devicechange'))
    },
  })
}

export const unplug = (page: Page, deviceId: string) =>
  page.evaluate((id) => (window as unknown as { __unplug(id: string): void }).__unplug(id), deviceId)
export const replug = (page: Page, deviceId: string) =>
  page.evaluate((id) => (window as unknown as { __replug(id: string): void }).__replug(id), deviceId)
