import type { Page } from '@playwright/test'
import { test, expect } from './support/fixtures'
import { chromiumLaunchOptions } from './support/chromium'
import { chooseFromMoreMenu, startConnectedCall } from './support/call-flow'
import { attachMainProcess, type MainProcessHarness } from './support/main-process-harness'
import { negotiations, sentDeviceId } from './support/media-stats'

/** What the newest peer connection decodes from the other side: frames so far and the size of the last one. */
function inboundVideo(page: Page): Promise<{ framesDecoded: number; width: number; height: number }> {
  return page.evaluate(async () => {
    const pc = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.at(-1)
    const result = { framesDecoded: 0, width: 0, height: 0 }
    ;(await pc?.getStats())?.forEach((stat) => {
      if (stat.type !== 'inbound-rtp' || stat.kind !== 'video') return
      result.framesDecoded += stat.framesDecoded ?? 0
      result.width = stat.frameWidth ?? 0
      result.height = stat.frameHeight ?? 0
    })
    return result
  })
}

/** The video track the newest peer connection sends: what it is and where it comes from. */
function sentVideo(page: Page): Promise<{ label: string; deviceId: string | null; displaySurface: string | null; readyState: string } | null> {
  return page.evaluate(() => {
    const pc = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.at(-1)
    const track = pc?.getSenders().find((sender) => sender.track?.kind === 'video')?.track
    if (!track) return null
    const settings = track.getSettings() as MediaTrackSettings & { displaySurface?: string }
    return { label: track.label, deviceId: settings.deviceId ?? null, displaySurface: settings.displaySurface ?? null, readyState: track.readyState }
  })
}

/**
 * Init script: the fake camera at 640×360 at most. Chromium's fake screen is 1280×720, and its fake camera
 * would be too; with the camera smaller, the size of the frames the other side decodes says which one it is.
 */
function smallCamera(): void {
  const original = MediaDevices.prototype.getUserMedia
  MediaDevices.prototype.getUserMedia = function (constraints?: MediaStreamConstraints) {
    const video = constraints?.video
    if (!video) return original.call(this, constraints)
    const small = { ...(typeof video === 'object' ? video : {}), width: { ideal: 640, max: 640 }, height: { ideal: 360, max: 360 } }
    return original.call(this, { ...constraints, video: small })
  }
}

const SCREEN = (video: { width: number; height: number }) => video.width === 1280 && video.height === 720
const CAMERA = (video: { width: number; height: number }) => video.width > 0 && video.width <= 640 && video.height <= 360

/** Waits until the other side decodes frames that `looksLike` the source, and goes on decoding them. */
async function expectDecoding(page: Page, looksLike: (video: { width: number; height: number }) => boolean, message: string, moreFrames = 10): Promise<void> {
  await expect.poll(async () => looksLike(await inboundVideo(page)), { timeout: 20_000, message }).toBe(true)
  const before = (await inboundVideo(page)).framesDecoded
  await expect.poll(async () => (await inboundVideo(page)).framesDecoded, { timeout: 15_000, message: `${message}: frames keep coming` }).toBeGreaterThan(before + moreFrames)
  expect(looksLike(await inboundVideo(page)), message).toBe(true)
}

// Three fake cameras, for switching one while sharing. Chromium's second (index 1) is a depth camera WebRTC
// cannot encode, so that test uses the first and the third; the others use the first, the default.
test.use({ launchOptions: chromiumLaunchOptions({ fakeDevices: 'device-count=3' }) })

test.describe('sharing the screen in a call', () => {
  test('in a browser: the screen replaces the camera without renegotiating, and the camera comes back when sharing stops', async ({ openPerson }) => {
    const alice = await openPerson({ initScripts: [smallCamera] })
    const bob = await openPerson()
    await startConnectedCall(alice, bob)

    const camera = await sentVideo(alice)
    expect(camera?.displaySurface).toBeNull()
    await expectDecoding(bob, CAMERA, 'Bob decodes the camera')
    const offers = (await negotiations(alice)).length

    const share = alice.getByTestId('toggle-share')
    await expect(share).toHaveAttribute('aria-pressed', 'false')
    await share.click()
    await expect(share).toHaveAttribute('aria-pressed', 'true')
    await expect(alice.getByTestId('sharing-note')).toBeVisible()

    // What Alice sends is Chromium's fake screen now; what Bob decodes changes to its 1280×720 frames.
    const screen = await sentVideo(alice)
    expect(screen?.displaySurface).toBe('monitor')
    expect(screen?.deviceId).toMatch(/^screen:/)
    await expectDecoding(bob, SCREEN, 'Bob decodes the shared screen')

    await share.click()
    await expect(share).toHaveAttribute('aria-pressed', 'false')
    await expect(alice.getByTestId('sharing-note')).toBeHidden()
    await expect(alice.getByTestId('local-video')).toBeVisible()
    await expect.poll(() => sentDeviceId(alice, 'video')).toBe(camera!.deviceId)
    await expectDecoding(bob, CAMERA, 'Bob decodes the camera again')

    // Both swaps rode the existing video sender: not one new offer.
    expect((await negotiations(alice)).length).toBe(offers)
    expect((await negotiations(bob)).length).toBe(offers)
  })

  test('stopping the share from the OS (the track ends) brings the camera back, even when it was off', async ({ openPerson }) => {
    const alice = await openPerson({ initScripts: [smallCamera] })
    const bob = await openPerson()
    await startConnectedCall(alice, bob)
    const camera = await sentVideo(alice)
    await expectDecoding(bob, CAMERA, 'Bob decodes the camera')

    await alice.getByTestId('toggle-camera').click()
    await alice.getByTestId('toggle-share').click()
    await expect(alice.getByTestId('toggle-share')).toHaveAttribute('aria-pressed', 'true')
    await expectDecoding(bob, SCREEN, 'Bob decodes the shared screen')

    // What the browser's "Stop sharing" bar or the OS does: the capture ends, and the track says so.
    await alice.evaluate(() => {
      const pc = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.at(-1)!
      const track = pc.getSenders().find((sender) => sender.track?.kind === 'video')!.track!
      track.stop()
      track.dispatchEvent(new Event('ended'))
    })

    await expect(alice.getByTestId('toggle-share')).toHaveAttribute('aria-pressed', 'false')
    await expect.poll(() => sentDeviceId(alice, 'video')).toBe(camera!.deviceId)
    const back = await sentVideo(alice)
    expect(back?.readyState).toBe('live')
    expect(back?.displaySurface).toBeNull()
    // The camera was off before the share, and still is: the same track, still disabled.
    await expect(alice.getByTestId('toggle-camera')).toHaveAttribute('data-camera-off', 'true')
    expect(await alice.evaluate(() => {
      const pc = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.at(-1)!
      return pc.getSenders().find((sender) => sender.track?.kind === 'video')!.track!.enabled
    })).toBe(false)
    // Black frames now (the camera is off), sent slowly, but from the camera again.
    await expectDecoding(bob, CAMERA, 'Bob decodes the camera again', 1)
  })

  test('in the app: the picker lists screens and windows, Escape cancels, and a pick shares that source', async ({ openPerson, server }) => {
    const harnesses: MainProcessHarness[] = []
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='
    const alice = await openPerson({
      initScripts: [smallCamera],
      beforeLoad: async (context, page) => {
        harnesses.push(
          await attachMainProcess(context, page, server.url, new URL(server.httpUrl).origin, {
            screenSources: [
              { id: 'window:4711:0', name: 'Notes', thumbnail: png },
              { id: 'screen:0:0', name: 'Entire screen', thumbnail: png },
            ],
          }),
        )
      },
    })
    const bob = await openPerson()
    try {
      await startConnectedCall(alice, bob)
      const camera = await sentVideo(alice)

      await alice.getByTestId('toggle-share').click()
      const picker = alice.getByTestId('screen-source-picker')
      await expect(picker).toBeVisible()
      await expect(picker.getByTestId('screen-source')).toHaveText(['Entire screen', 'Notes'])
      await expect(picker.getByRole('button', { name: 'Entire screen' })).toBeFocused()
      await alice.keyboard.press('Escape')
      await expect(picker).toBeHidden()
      await expect(alice.getByTestId('screen-share-notice')).toHaveAttribute('data-problem', 'cancelled')
      await expect(alice.getByTestId('toggle-share')).toBeFocused()
      expect(await sentDeviceId(alice, 'video')).toBe(camera!.deviceId)

      await alice.getByTestId('toggle-share').click()
      await expect(picker.getByRole('button', { name: 'Entire screen' })).toBeFocused()
      await alice.keyboard.press('ArrowRight')
      await expect(picker.getByRole('button', { name: 'Notes' })).toBeFocused()
      await alice.keyboard.press('Enter')
      await expect(picker).toBeHidden()
      await expect(alice.getByTestId('toggle-share')).toHaveAttribute('aria-pressed', 'true')
      await expect(alice.getByTestId('screen-share-notice')).toBeHidden()
      expect((await sentVideo(alice))?.displaySurface).toBe('monitor')
      await expectDecoding(bob, SCREEN, 'Bob decodes the shared screen')

      // Main only ever hands out a source it listed to this window: anything else is refused.
      const refusal = await alice.evaluate(() =>
        (window as unknown as { tonghwa: { chooseScreenSource(id: string): Promise<void> } }).tonghwa.chooseScreenSource('screen:9:9').then(
          () => 'accepted',
          (error: Error) => error.message,
        ),
      )
      expect(refusal).toMatch(/^SCREEN_ERR_NOT_LISTED: /)
    } finally {
      for (const harness of harnesses) await harness.dispose()
    }
  })
})

test.describe('sharing the screen with several cameras', () => {
  test('a camera chosen while the screen is shared waits, and is the one that comes back', async ({ openPerson }) => {
    const alice = await openPerson({ initScripts: [smallCamera] })
    const bob = await openPerson()
    await startConnectedCall(alice, bob)
    await chooseFromMoreMenu(alice, 'open-devices')
    const options = await alice.getByTestId('device-picker-camera').evaluate((select: HTMLSelectElement) => Array.from(select.options, (option) => option.value))
    const [first, third] = [options[0]!, options[2]!]
    expect(await sentDeviceId(alice, 'video')).toBe(first)

    await alice.getByTestId('toggle-share').click()
    await expect(alice.getByTestId('toggle-share')).toHaveAttribute('aria-pressed', 'true')
    await alice.getByTestId('device-picker-camera').selectOption(third)
    await expect(alice.getByTestId('device-picker-camera')).toHaveValue(third)
    // The screen keeps the sender; the new camera waits.
    await expectDecoding(bob, SCREEN, 'Bob still decodes the shared screen')
    expect((await sentVideo(alice))?.displaySurface).toBe('monitor')

    await alice.getByTestId('toggle-share').click()
    await expect.poll(() => sentDeviceId(alice, 'video'), { message: 'the newly chosen camera comes back' }).toBe(third)
    await expectDecoding(bob, CAMERA, 'Bob decodes the new camera')
  })
})
