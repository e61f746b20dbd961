/**
 * The colour theme: the page follows the system's light or dark mode until Settings → Appearance chooses one,
 * and the choice is remembered (web mode: `localStorage`) and shown as `data-theme` on `<html>`.
 */
import type { Page } from '@playwright/test'
import { test, expect } from './support/fixtures'

/** `--bg` of each theme (styles/theme.css), as the browser computes it. */
const BACKGROUND = { light: 'rgb(244, 245, 248)', dark: 'rgb(14, 17, 22)' } as const

function background(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
}

test.describe('colour theme', () => {
  test('follows the system until one is chosen in Settings, which is kept after a reload', async ({ openPerson }) => {
    const page = await openPerson()
    await page.emulateMedia({ colorScheme: 'dark' })
    await expect(page.getByTestId('open-settings')).toBeVisible()
    await expect.poll(() => background(page)).toBe(BACKGROUND.dark)
    await page.emulateMedia({ colorScheme: 'light' })
    await expect.poll(() => background(page)).toBe(BACKGROUND.light)

    await page.getByTestId('open-settings').click()
    const choice = page.getByRole('radiogroup', { name: 'Appearance' })
    await expect(choice.getByRole('radio', { name: 'System' })).toBeChecked()
    await choice.getByRole('radio', { name: 'Dark' }).check()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await expect.poll(() => background(page)).toBe(BACKGROUND.dark)

    await page.reload()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await expect.poll(() => background(page)).toBe(BACKGROUND.dark)

    await page.getByTestId('open-settings').click()
    await expect(page.getByRole('radiogroup', { name: 'Appearance' }).getByRole('radio', { name: 'Dark' })).toBeChecked()
    await page.getByRole('radiogroup', { name: 'Appearance' }).getByRole('radio', { name: 'System' }).check()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'system')
    await expect.poll(() => background(page)).toBe(BACKGROUND.light)
  })
})
