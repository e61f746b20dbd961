import { test, expect } from './support/fixtures'
import { chromiumLaunchOptions } from './support/chromium'
import { createRoom, enterRoomCode, joinCall, expectMediaFlowing, callPhase } from './support/call-flow'
import { inboundMedia, sentDeviceId } from './support/media-stats'

// No automatic "allow": each person's context is granted exactly what they allowed; the rest is really denied.
test.use({ launchOptions: chromiumLaunchOptions({ autoAllowMedia: false }) })

test.describe('when the camera is denied', () => {
  test('the call goes ahead audio-only and the person is told why', async ({ openPerson }) => {
    // Alice allowed the microphone but blocked the camera; Bob allowed both.
    const alice = await openPerson({ grant: ['microphone'] })
    const code = await createRoom(alice)
    const warning = alice.getByTestId('media-warning')
    await expect(warning).toHaveAttribute('data-code', 'MEDIA_ERR_PERMISSION_DENIED')
    await expect(warning).toContainText(/camera/i)
    await joinCall(alice)

    const bob = await openPerson({ grant: ['microphone', 'camera'] })
    await enterRoomCode(bob, code)
    await joinCall(bob)

    // Alice still sees Bob, and Bob hears Alice.
    await expectMediaFlowing(alice)
    await expect.poll(async () => (await inboundMedia(bob)).audioPacketsReceived).toBeGreaterThan(0)
    await expect(callPhase(bob)).toHaveAttribute('data-phase', 'connected')
    expect(await sentDeviceId(alice, 'video')).toBeNull()
    await expect(alice.getByTestId('toggle-camera')).toBeDisabled()
  })
})
