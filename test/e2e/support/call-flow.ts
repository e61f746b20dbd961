import { expect, type Page } from '@playwright/test'
import { inboundMedia } from './media-stats'

/** Start screen → "New room" → pre-join; returns the code as shown (xxx-xxxx-xxx). */
export async function createRoom(page: Page): Promise<string> {
  await page.getByTestId('new-room').click()
  const code = page.getByTestId('room-code')
  await expect(code).toHaveText(/^[0-9A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{3}$/)
  return (await code.textContent())!.trim()
}

/** Start screen → type the code → pre-join. */
export async function enterRoomCode(page: Page, code: string): Promise<void> {
  await page.getByTestId('room-code-input').fill(code)
  await page.getByTestId('join-room').click()
}

/** Pre-join → call screen. */
export async function joinCall(page: Page): Promise<void> {
  await page.getByTestId('join-call').click()
  await expect(page.getByTestId('call-status')).toBeVisible()
}

/** Waits until the page decodes remote video and receives remote audio, and shows "connected". */
export async function expectMediaFlowing(page: Page): Promise<void> {
  await expect
    .poll(async () => {
      const media = await inboundMedia(page)
      return media.framesDecoded > 0 && media.remoteVideoWidth > 0 && media.audioPacketsReceived > 0
    }, { timeout: 20_000, message: 'remote video decodes and remote audio arrives' })
    .toBe(true)
  await expect(page.getByTestId('call-status')).toHaveAttribute('data-phase', 'connected')
}

/** Alice creates a room and joins its call, then Bob types the code and joins too; returns the room code. */
export async function joinSameRoom(alice: Page, bob: Page): Promise<string> {
  const code = await createRoom(alice)
  await joinCall(alice)
  await enterRoomCode(bob, code)
  await joinCall(bob)
  return code
}

/** Two people in a call by room code, waiting until each decodes the other's video and hears their audio. */
export async function startConnectedCall(alice: Page, bob: Page): Promise<void> {
  await joinSameRoom(alice, bob)
  await expectMediaFlowing(alice)
  await expectMediaFlowing(bob)
}

/** The phase the call screen shows (`data-phase` on the status line). */
export function callPhase(page: Page) {
  return page.getByTestId('call-status')
}

/** The call bar's rarely used actions, behind its More button. */
export type MoreMenuItem = 'open-devices' | 'toggle-quality' | 'toggle-safety' | 'open-shortcuts'

/** Opens the call bar's More list (if it is not open) and clicks one of its items, which closes the list again. */
export async function chooseFromMoreMenu(page: Page, item: MoreMenuItem): Promise<void> {
  if (!(await page.getByTestId('more-menu-list').isVisible())) await page.getByTestId('more-menu').click()
  await page.getByTestId(item).click()
}
