import { expect, type Page } from '@playwright/test'

/** The page's personal code, canonical (no dashes), once it is reachable on it. */
export async function personalCode(page: Page): Promise<string> {
  await expect(page.getByTestId('presence-status')).toHaveAttribute('data-status', 'online')
  const shown = (await page.getByTestId('personal-code').textContent())!.trim()
  expect(shown).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{3}$/)
  return shown.replace(/-/g, '')
}

export async function addContact(page: Page, name: string, code: string): Promise<void> {
  await page.getByTestId('add-contact').click()
  await page.getByTestId('contact-name').fill(name)
  await page.getByTestId('contact-code').fill(code)
  await page.getByTestId('save-contact').click()
  await expect(contactRow(page, code)).toBeVisible()
}

export function contactRow(page: Page, code: string) {
  return page.locator(`[data-testid="contact"][data-code="${code}"]`)
}

/** Adds the person as a contact if needed, then calls them from their row. */
export async function callContact(page: Page, name: string, code: string): Promise<void> {
  if ((await contactRow(page, code).count()) === 0) await addContact(page, name, code)
  await contactRow(page, code).getByTestId('call-contact').click()
  await expect(page.getByTestId('outgoing-call')).toBeVisible()
}

export function outgoing(page: Page) {
  return page.getByTestId('outgoing-call')
}

/** The recents rows as "direction outcome code", newest first. */
export async function recents(page: Page): Promise<string[]> {
  return page.getByTestId('recent').evaluateAll((rows) =>
    rows.map((row) => `${row.getAttribute('data-direction')} ${row.getAttribute('data-outcome')} ${row.getAttribute('data-code')}`),
  )
}

/** Init script: counts getUserMedia calls, to prove nothing is opened while a call only rings. */
export function countCaptures(): void {
  const media = navigator.mediaDevices
  const original = media.getUserMedia.bind(media)
  let count = 0
  Object.defineProperty(window, '__captureCount', { get: () => count })
  media.getUserMedia = (constraints) => {
    count += 1
    return original(constraints)
  }
}

export function captureCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __captureCount: number }).__captureCount)
}

/** Init script factory: sets the persisted ring-timeout setting (web mode keeps settings in localStorage). */
export function ringTimeoutSetting(ms: number): () => void {
  return new Function(`localStorage.setItem('tonghwa.ringTimeoutMs', '${ms}')`) as () => void
}
