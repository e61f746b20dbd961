/**
 * A picture of every screen, in both themes and both languages, at a laptop's 1280×800 and a phone's 390×844:
 * reports/screenshots/<screen>-<lang>-<theme>-<width>x<height>.png, for people to look at (the review and
 * the README). Each picture is taken only once the page shows what it is named after, and in the theme it is
 * named after (checked by its background), so a picture of the wrong screen or the wrong theme fails the test.
 */
import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Page } from '@playwright/test'
import { test, expect } from './support/fixtures'
import { chooseFromMoreMenu, createRoom, enterRoomCode, expectMediaFlowing, joinCall } from './support/call-flow'
import { callContact, personalCode } from './support/phone-flow'

const SCREENSHOT_DIR = resolve('reports/screenshots')
const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const
const THEMES = ['light', 'dark'] as const
/** `--bg` of each theme (styles/theme.css), as the browser computes it. */
const THEME_BACKGROUND = { light: 'rgb(244, 245, 248)', dark: 'rgb(14, 17, 22)' } as const
const LANGUAGES = [
  { locale: 'en-US', lang: 'en', name: 'Minji Park', chat: 'Can you hear me now? The picture is clear.' },
  { locale: 'ko-KR', lang: 'ko', name: '박민지', chat: '지금 잘 들려요? 화면도 선명하게 보여요.' },
] as const

/** Four pictures of the page as it is: each size in each theme. Leaves the page at 1280×800, dark. */
async function shoot(page: Page, screen: string, lang: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  for (const size of SIZES) {
    await page.setViewportSize(size)
    for (const theme of THEMES) {
      await page.emulateMedia({ colorScheme: theme })
      await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(THEME_BACKGROUND[theme])
      // A pointer movement keeps the call bar in view (it fades over a resting pointer), then two frames to paint.
      await page.mouse.move(size.width / 2, size.height / 3)
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
      await page.screenshot({ path: resolve(SCREENSHOT_DIR, `${screen}-${lang}-${theme}-${size.width}x${size.height}.png`) })
    }
  }
  await page.setViewportSize(SIZES[0])
}

for (const { locale, lang, name, chat } of LANGUAGES) {
  test.describe(`screenshots in ${lang}`, () => {
    test(`start, settings, pre-join, the call, its panels, the other camera off, and the end (${lang})`, async ({ openPerson }) => {
      const alice = await openPerson({ locale })
      const bob = await openPerson({ locale })
      await expect(alice.getByTestId('presence-status')).toHaveAttribute('data-status', 'online')
      await shoot(alice, 'start', lang)

      await alice.getByTestId('open-settings').click()
      await expect(alice.getByTestId('language-select')).toBeVisible()
      await shoot(alice, 'settings', lang)
      await alice.keyboard.press('Escape')
      // The other person has a display name, so their tile shows it with their initials when the camera is off.
      await bob.getByTestId('open-settings').click()
      await bob.getByTestId('display-name-input').fill(name)
      await bob.getByTestId('display-name-input').press('Enter')
      await expect(bob.getByTestId('display-name-saved')).toBeVisible()
      await bob.getByTestId('close-settings').click()

      const code = await createRoom(alice)
      await expect(alice.getByTestId('self-view')).toBeVisible()
      await shoot(alice, 'prejoin', lang)

      await joinCall(alice)
      await enterRoomCode(bob, code)
      await joinCall(bob)
      await expectMediaFlowing(alice)
      await shoot(alice, 'call', lang)

      await alice.getByTestId('toggle-chat').click()
      await chooseFromMoreMenu(alice, 'toggle-quality')
      await expect(alice.getByTestId('quality-panel')).toBeVisible()
      await bob.getByTestId('toggle-chat').click()
      await bob.getByTestId('chat-input').fill(chat)
      await bob.getByTestId('chat-input').press('Enter')
      await expect(alice.getByTestId('chat-message')).toHaveCount(1)
      await shoot(alice, 'call-panels', lang)
      await alice.getByTestId('toggle-chat').click()
      await chooseFromMoreMenu(alice, 'toggle-quality')

      await bob.getByTestId('toggle-camera').click()
      await bob.getByTestId('toggle-mic').click()
      await expect(alice.getByTestId('remote-name')).toHaveText(name)
      await expect(alice.getByTestId('remote-muted')).toBeVisible()
      await shoot(alice, 'call-camera-off', lang)

      await chooseFromMoreMenu(alice, 'toggle-safety')
      await expect(alice.getByTestId('safety-numbers')).toBeVisible()
      await shoot(alice, 'call-safety', lang)

      await bob.getByTestId('hang-up').click()
      await expect(alice.getByTestId('back-to-start')).toBeVisible()
      await shoot(alice, 'call-ended', lang)
    })

    test(`a call ringing on both sides (${lang})`, async ({ openPerson }) => {
      const alice = await openPerson({ locale })
      const bob = await openPerson({ locale })
      const bobCode = await personalCode(bob)
      await personalCode(alice)
      await callContact(alice, name, bobCode)
      await expect(bob.getByTestId('incoming-call')).toBeVisible()
      await shoot(bob, 'incoming', lang)
      await shoot(alice, 'outgoing', lang)
      await bob.getByTestId('decline-call').click()
    })
  })
}
