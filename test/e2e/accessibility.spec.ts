/**
 * Accessibility: axe finds no serious or critical violation on the start, settings, pre-join, in-call and
 * incoming-call screens, in English and in Korean, each in the light and the dark theme (the system's, as
 * `prefers-color-scheme` says). Also saves a screenshot of the connected call screen in each
 * language (reports/screenshots/call-<lang>.png, and attached to the test).
 */
import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page, TestInfo } from '@playwright/test'
import { test, expect } from './support/fixtures'
import { createRoom, startConnectedCall } from './support/call-flow'
import { callContact, personalCode } from './support/phone-flow'

const SCREENSHOT_DIR = resolve('reports/screenshots')

const LANGUAGES = [
  { locale: 'en-US', lang: 'en' },
  { locale: 'ko-KR', lang: 'ko' },
] as const

const THEMES = ['light', 'dark'] as const
/** `--bg` of each theme (styles/theme.css), as the browser computes it. */
const THEME_BACKGROUND = { light: 'rgb(244, 245, 248)', dark: 'rgb(14, 17, 22)' } as const

type Theme = (typeof THEMES)[number]

/** Runs axe in each of `themes` (default: the light one, then the dark one); leaves the page in the last. */
async function expectNoSeriousViolations(page: Page, screen: string, testInfo: TestInfo, themes: readonly Theme[] = THEMES): Promise<void> {
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme })
    // The page follows the system's scheme (theme.css): wait until its background shows the theme.
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(THEME_BACKGROUND[theme])
    await expectNoSeriousViolationsNow(page, `${screen}-${theme}`, testInfo)
  }
}

/** Runs axe on the page as it is and fails with every serious or critical violation, spelled out. */
async function expectNoSeriousViolationsNow(page: Page, screen: string, testInfo: TestInfo): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze()
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
  await testInfo.attach(`axe-${screen}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: 'application/json' })
  const report = serious
    .map((violation) => {
      const nodes = violation.nodes.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary?.replace(/\n/g, ' ') ?? ''}`).join('\n')
      return `[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}`
    })
    .join('\n')
  expect(serious.map((violation) => `${violation.id} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), `axe on the ${screen} screen:\n${report}`).toEqual([])
}

for (const { locale, lang } of LANGUAGES) {
  test.describe(`accessibility in ${lang}`, () => {
    test(`the start, settings and pre-join screens have no serious axe violation (${lang})`, async ({ openPerson }, testInfo) => {
      const page = await openPerson({ locale })
      await expect(page.locator('html')).toHaveAttribute('lang', lang)
      await expect(page.getByTestId('presence-status')).toHaveAttribute('data-status', 'online')
      await expectNoSeriousViolations(page, `start-${lang}`, testInfo)

      await page.getByTestId('open-settings').click()
      await expect(page.getByTestId('language-select')).toBeVisible()
      await expectNoSeriousViolations(page, `settings-${lang}`, testInfo)
      await page.keyboard.press('Escape')

      await createRoom(page)
      await expect(page.getByTestId('self-view')).toBeVisible()
      await expectNoSeriousViolations(page, `prejoin-${lang}`, testInfo)
    })

    test(`the call screen of a connected call has no serious axe violation, and is saved as a screenshot (${lang})`, async ({ openPerson }, testInfo) => {
      const alice = await openPerson({ locale })
      const bob = await openPerson({ locale })
      await startConnectedCall(alice, bob)

      await expectNoSeriousViolations(alice, `call-${lang}`, testInfo)

      // Saved in the dark theme, the last one axe ran in.
      await mkdir(SCREENSHOT_DIR, { recursive: true })
      const path = resolve(SCREENSHOT_DIR, `call-${lang}.png`)
      await alice.screenshot({ path })
      await testInfo.attach(`call-${lang}.png`, { path, contentType: 'image/png' })
    })

    // One theme per call: axe four times over would outlast the ring.
    for (const theme of THEMES) {
      test(`the incoming-call screen has no serious axe violation (${lang}, ${theme} theme)`, async ({ openPerson }, testInfo) => {
        const alice = await openPerson({ locale })
        const bob = await openPerson({ locale })
        const bobCode = await personalCode(bob)
        await personalCode(alice)
        await callContact(alice, 'Bob', bobCode)
        await expect(bob.getByTestId('incoming-call')).toBeVisible()

        await expectNoSeriousViolations(bob, `incoming-${lang}`, testInfo, [theme])
        await expectNoSeriousViolations(alice, `outgoing-${lang}`, testInfo, [theme])
        await bob.getByTestId('decline-call').click()
      })
    }
  })
}
