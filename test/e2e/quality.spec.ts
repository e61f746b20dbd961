import { test, expect } from './support/fixtures'
import { chooseFromMoreMenu, startConnectedCall } from './support/call-flow'

test.describe('call quality', () => {
  test('a loopback call shows real figures, host candidates on both sides, and a good indicator', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    await startConnectedCall(alice, bob)

    // Always visible in the call bar.
    await expect(alice.getByTestId('quality-indicator')).toHaveAttribute('data-level', 'good', { timeout: 10_000 })

    await chooseFromMoreMenu(alice, 'toggle-quality')
    const panel = alice.getByTestId('quality-panel')
    await expect(panel).toBeVisible()
    await expect(panel.getByTestId('quality-rtt')).toHaveText(/^\d+(\.\d)? ms$/)
    // Bitrates need two readings a second apart.
    await expect.poll(async () => Number(await panel.getByTestId('quality-send-bitrate').getAttribute('data-bps')), { timeout: 10_000 }).toBeGreaterThan(0)
    await expect.poll(async () => Number(await panel.getByTestId('quality-receive-bitrate').getAttribute('data-bps')), { timeout: 10_000 }).toBeGreaterThan(0)
    await expect(panel.getByTestId('quality-send-bitrate')).toHaveText(/^[\d.,]+ (kb|Mb)\/s$/)
    // Resolutions: what Alice sends is what Bob's <video> shows, and what she receives is what hers shows. The
    // encoder adapts its resolution to the CPU and bandwidth (1280×720 camera, often 640×360 here), so each is
    // compared with the page as it is at the same moment.
    const shownOn = (page: typeof alice) =>
      page.evaluate(() => {
        const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]')
        return `${video?.videoWidth}×${video?.videoHeight}`
      })
    const figure = async (testid: string) => (await panel.getByTestId(testid).textContent()) ?? ''
    await expect(panel.getByTestId('quality-sent-video')).toHaveText(/^\d+×\d+ at \d+ fps$/)
    await expect(panel.getByTestId('quality-received-video')).toHaveText(/^\d+×\d+ at \d+ fps$/)
    await expect.poll(async () => (await figure('quality-sent-video')).startsWith(`${await shownOn(bob)} at `), { timeout: 15_000 }).toBe(true)
    await expect.poll(async () => (await figure('quality-received-video')).startsWith(`${await shownOn(alice)} at `), { timeout: 15_000 }).toBe(true)
    await expect(panel.getByTestId('quality-codecs')).toHaveText(/VP8|VP9|H264|AV1/)
    await expect(panel.getByTestId('quality-codecs')).toContainText('opus')
    await expect(panel.getByTestId('quality-loss')).toContainText('%')
    await expect(panel.getByTestId('quality-jitter')).toHaveText(/ms$/)
    await expect(panel.getByTestId('quality-local-candidate')).toHaveText('host')
    await expect(panel.getByTestId('quality-remote-candidate')).toHaveText('host')
    await expect(panel.getByTestId('quality-local-path')).toContainText('direct on your network')
    await expect(panel.getByTestId('quality-remote-path')).toContainText('direct on your network')
    await expect(panel.getByTestId('quality-indicator')).toHaveAttribute('data-level', 'good')

    // The figures are live: the received bitrate moves from one reading to the next.
    const first = await panel.getByTestId('quality-receive-bitrate').getAttribute('data-bps')
    await expect.poll(() => panel.getByTestId('quality-receive-bitrate').getAttribute('data-bps'), { timeout: 5_000 }).not.toBe(first)

    // Hanging up stops the polling and the panel goes with the call.
    await alice.getByTestId('hang-up').click()
    await expect(alice.getByTestId('quality-panel')).toHaveCount(0)
    await expect(alice.getByTestId('quality-indicator')).toHaveCount(0)
  })
})
