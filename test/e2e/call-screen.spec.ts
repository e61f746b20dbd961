/**
 * The call screen's frame (issue 16): the call bar fades over the video while the pointer rests and comes back
 * on movement or focus, never fading while focus is in it; the self-view moves round the corners and hides;
 * the call timer counts from the moment media connected; Hang up is an icon button named "Hang up".
 */
import { test, expect } from './support/fixtures'
import { chooseFromMoreMenu, startConnectedCall } from './support/call-flow'

test.describe('the call screen', () => {
  test('the call bar fades after a few quiet seconds, and comes back on pointer movement or focus', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    await startConnectedCall(alice, bob)
    const bar = alice.getByTestId('call-bar')

    await alice.mouse.move(200, 200)
    await expect(bar).toHaveAttribute('data-shown', 'true')
    await expect(bar).toHaveAttribute('data-shown', 'false', { timeout: 6000 })
    await expect.poll(() => bar.evaluate((element) => getComputedStyle(element).opacity), { timeout: 2000 }).toBe('0')

    await alice.mouse.move(260, 240)
    await expect(bar).toHaveAttribute('data-shown', 'true')

    // Focus in the bar holds it: a keyboard user never loses the control they are on.
    await alice.getByTestId('toggle-chat').focus()
    await alice.waitForTimeout(4000)
    await expect(bar).toHaveAttribute('data-shown', 'true')

    // So does an open panel: the button that closes it stays in view.
    await alice.getByTestId('toggle-chat').click()
    await alice.getByTestId('chat-input').focus()
    await alice.waitForTimeout(4000)
    await expect(bar).toHaveAttribute('data-shown', 'true')
  })

  test('the self-view moves to the next corner, hides and shows again, from the keyboard', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    await startConnectedCall(alice, bob)
    const selfView = alice.getByTestId('call-self-view')

    await expect(selfView).toHaveAttribute('data-corner', 'bottom-right')
    await alice.getByTestId('move-self-view').focus()
    await alice.keyboard.press('Enter')
    await expect(selfView).toHaveAttribute('data-corner', 'bottom-left')
    await alice.keyboard.press('Enter')
    await expect(selfView).toHaveAttribute('data-corner', 'top-left')
    const box = (await selfView.boundingBox())!
    const stage = (await alice.getByTestId('remote-video').boundingBox())!
    expect(box.x - stage.x).toBeLessThan(stage.width / 4)
    expect(box.y - stage.y).toBeLessThan(stage.height / 4)

    const hide = alice.getByTestId('toggle-self-view')
    await expect(hide).toHaveAccessibleName('Hide your video')
    await hide.click()
    await expect(alice.getByTestId('local-video')).toHaveCount(0)
    await expect(hide).toHaveAccessibleName('Show your video')
    await hide.click()
    await expect(alice.getByTestId('local-video')).toBeVisible()
    // Letterboxed, never cropped: the whole 16:9 picture shows.
    await expect(alice.getByTestId('local-video')).toHaveCSS('object-fit', 'contain')
  })

  test('the timer counts the call from when media connected, and Hang up is named for screen readers', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    await startConnectedCall(alice, bob)

    const timer = alice.getByTestId('call-timer')
    await expect(timer).toContainText(/^\d\d:\d\d/)
    await expect(timer).toContainText(/Call time \d\d:\d\d/)
    const first = (await timer.locator('[aria-hidden="true"]').textContent())!
    await expect.poll(async () => timer.locator('[aria-hidden="true"]').textContent(), { timeout: 5000 }).not.toBe(first)

    await expect(alice.getByRole('button', { name: 'Hang up', exact: true })).toHaveAttribute('data-testid', 'hang-up')
    // Rarely used panels are one More away, and still open from there.
    await chooseFromMoreMenu(alice, 'toggle-quality')
    await expect(alice.getByTestId('quality-panel')).toBeVisible()
    await expect(alice.getByTestId('more-menu-list')).toBeHidden()
  })
})
