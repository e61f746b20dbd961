import { test, expect } from './support/fixtures'
import { chromiumLaunchOptions } from './support/chromium'
import { chooseFromMoreMenu, createRoom, enterRoomCode, joinCall, expectMediaFlowing, callPhase } from './support/call-flow'
import { inboundMedia, negotiations, sentDeviceId } from './support/media-stats'
import { replug, simulateDevicePlugging, unplug } from './support/device-plug'
import type { Page } from '@playwright/test'

/** The options of a device picker as [value, text] pairs. */
async function pickerOptions(page: Page, kind: 'camera' | 'microphone' | 'speaker'): Promise<Array<[string, string]>> {
  return page.getByTestId(`device-picker-${kind}`).evaluate((select: HTMLSelectElement) =>
    Array.from(select.options, (option) => [option.value, option.text.trim()] as [string, string]),
  )
}

/** Opens the in-call device panel (from the call bar's More list) if the pickers are not in view. */
async function showInCallPickers(page: Page): Promise<void> {
  if ((await page.getByTestId('more-menu').count()) > 0 && !(await page.getByTestId('device-picker-camera').isVisible())) {
    await chooseFromMoreMenu(page, 'open-devices')
  }
}

// Three fake cameras. Chromium's second one (index 1) is a Y16 depth camera that WebRTC cannot encode, so the
// tests switch between the first and the third.
test.use({ launchOptions: chromiumLaunchOptions({ fakeDevices: 'device-count=3' }) })

test.describe('choosing devices', () => {
  test('switching to another camera mid-call keeps the video flowing without renegotiating', async ({ openPerson }) => {
    const alice = await openPerson()
    const code = await createRoom(alice)
    const cameras = await pickerOptions(alice, 'camera')
    expect(cameras.length).toBe(3)
    await joinCall(alice)
    const bob = await openPerson()
    await enterRoomCode(bob, code)
    await joinCall(bob)
    await expectMediaFlowing(alice)
    await expectMediaFlowing(bob)

    const [first, second] = [cameras[0]![0], cameras[2]![0]]
    expect(await sentDeviceId(alice, 'video')).toBe(first)
    const offersBefore = [await negotiations(alice), await negotiations(bob)]
    const framesBefore = (await inboundMedia(bob)).framesDecoded

    await showInCallPickers(alice)
    await alice.getByTestId('device-picker-camera').selectOption(second)

    await expect.poll(() => sentDeviceId(alice, 'video'), { message: "Alice's sender carries the chosen camera" }).toBe(second)
    const framesAtSwitch = (await inboundMedia(bob)).framesDecoded
    expect(framesAtSwitch).toBeGreaterThanOrEqual(framesBefore)
    await expect
      .poll(async () => (await inboundMedia(bob)).framesDecoded, { message: 'Bob keeps decoding frames after the switch' })
      .toBeGreaterThan(framesAtSwitch + 30)
    expect([await negotiations(alice), await negotiations(bob)]).toEqual(offersBefore)
    await expect(callPhase(alice)).toHaveAttribute('data-phase', 'connected')
    // The self-view shows the new camera too.
    expect(await alice.getByTestId('device-picker-camera').inputValue()).toBe(second)
  })

  test('the chosen camera follows the person from the pre-join screen into the call', async ({ openPerson }) => {
    const alice = await openPerson()
    const code = await createRoom(alice)
    const cameras = await pickerOptions(alice, 'camera')
    await alice.getByTestId('device-picker-camera').selectOption(cameras[2]![0])
    await joinCall(alice)
    const bob = await openPerson()
    await enterRoomCode(bob, code)
    await joinCall(bob)
    await expectMediaFlowing(bob)
    expect(await sentDeviceId(alice, 'video')).toBe(cameras[2]![0])
  })

  test('the pre-join check shows the microphone level moving', async ({ openPerson }) => {
    const alice = await openPerson()
    await createRoom(alice)
    const meter = alice.getByTestId('mic-level')
    await expect(meter).toBeVisible()
    // Chromium's fake microphone plays a beep: the meter must rise above silence at some point.
    await expect.poll(async () => Number(await meter.getAttribute('value')), { timeout: 10_000 }).toBeGreaterThan(0.01)
  })

  test('when the chosen camera is unplugged mid-call the call falls back to another and says so, and returns to it when it is back', async ({ openPerson }) => {
    const alice = await openPerson({ initScripts: [simulateDevicePlugging] })
    const code = await createRoom(alice)
    const cameras = await pickerOptions(alice, 'camera')
    const chosen = cameras[2]![0]
    await alice.getByTestId('device-picker-camera').selectOption(chosen)
    await joinCall(alice)
    const bob = await openPerson()
    await enterRoomCode(bob, code)
    await joinCall(bob)
    await expectMediaFlowing(bob)
    await expect.poll(() => sentDeviceId(alice, 'video')).toBe(chosen)
    const offersBefore = await negotiations(alice)

    await unplug(alice, chosen)
    const notice = alice.getByTestId('device-notice')
    await expect(notice).toHaveAttribute('data-code', 'DEVICE_FALLBACK')
    await expect.poll(() => sentDeviceId(alice, 'video'), { message: 'Alice sends another camera' }).not.toBe(chosen)
    expect(await sentDeviceId(alice, 'video')).not.toBeNull()
    const framesAfterUnplug = (await inboundMedia(bob)).framesDecoded
    await expect.poll(async () => (await inboundMedia(bob)).framesDecoded, { message: 'Bob keeps seeing Alice' }).toBeGreaterThan(framesAfterUnplug + 20)

    await replug(alice, chosen)
    await expect(notice).toHaveAttribute('data-code', 'DEVICE_RESTORED')
    await expect.poll(() => sentDeviceId(alice, 'video'), { message: 'Alice is back on her chosen camera' }).toBe(chosen)
    expect(await negotiations(alice)).toEqual(offersBefore)
    await expect(callPhase(alice)).toHaveAttribute('data-phase', 'connected')
  })
})

