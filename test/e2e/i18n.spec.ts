/**
 * Languages: the app follows the browser's (the OS's) language on first start, a choice in Settings changes
 * every string at once, and the choice is remembered across a reload.
 */
import { test, expect } from './support/fixtures'

test.describe('languages', () => {
  test('a Korean system gets Korean on first start, with <html lang="ko">', async ({ openPerson }) => {
    const page = await openPerson({ locale: 'ko-KR' })
    await expect(page.getByTestId('new-room')).toHaveText('새 방')
    await expect(page.getByTestId('open-settings')).toHaveText('설정')
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko')
    await expect(page).toHaveTitle('통화')
    await expect(page.getByTestId('presence-status')).toHaveText(/온라인|서버에 연결하는 중/)
  })

  test('an English system gets English, with <html lang="en">', async ({ openPerson }) => {
    const page = await openPerson({ locale: 'en-US' })
    await expect(page.getByTestId('new-room')).toHaveText('New room')
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  })

  test('switching in Settings changes the screen at once and is remembered across a reload', async ({ openPerson }) => {
    const page = await openPerson({ locale: 'ko-KR' })
    await page.getByTestId('open-settings').click()
    const select = page.getByTestId('language-select')
    await expect(select).toHaveValue('system')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('설정')

    await select.selectOption('en')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings')
    await expect(page).toHaveTitle('Tonghwa')
    await expect(page.getByTestId('close-settings')).toHaveText('Close settings')
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')

    await page.keyboard.press('Escape')
    await expect(page.getByTestId('new-room')).toHaveText('New room')

    await page.reload()
    await expect(page.getByTestId('new-room')).toHaveText('New room')
    await page.getByTestId('open-settings').click()
    await expect(page.getByTestId('language-select')).toHaveValue('en')

    // Back to following the system: Korean again, live.
    await page.getByTestId('language-select').selectOption('system')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('설정')
    await page.getByTestId('close-settings').click()
    await expect(page.getByTestId('new-room')).toHaveText('새 방')
  })

  test('an error shown before the switch is reworded in the new language', async ({ openPerson }) => {
    const page = await openPerson({ locale: 'en-US' })
    await page.getByTestId('room-code-input').fill('abc')
    await page.getByTestId('join-room').click()
    await expect(page.getByTestId('room-code-error')).toContainText('too short')

    await page.getByTestId('open-settings').click()
    await page.getByTestId('language-select').selectOption('ko')
    await page.getByTestId('close-settings').click()
    const error = page.getByTestId('room-code-error')
    await expect(error).toContainText('너무 짧아요')
    await expect(error).toHaveAttribute('data-code', 'too-short')
  })

  test("web mode's own notices (damaged browser storage, a bad ?call= link) are worded in Korean and reworded on a switch", async ({ openPerson }) => {
    const page = await openPerson({
      locale: 'ko-KR',
      path: '/?call=7KD-93QF-XZ6',
      initScripts: [() => localStorage.setItem('tonghwa.contacts', 'not json')],
    })
    const link = page.locator('[data-testid="app-notice"][data-code="LINK_ERR_BAD_CODE"]')
    const storage = page.locator('[data-testid="app-notice"][data-code="BROWSER_STORE_NOTICE_RECOVERED"]')
    await expect(link).toContainText('연 링크로 전화를 걸지 못했어요. 코드에 오타가 있어요.')
    await expect(storage).toContainText('이 브라우저에 저장된 연락처가 손상되었어요(읽지 못했어요).')

    await page.getByTestId('open-settings').click()
    await page.getByTestId('language-select').selectOption('en')
    await page.getByTestId('close-settings').click()
    await expect(link).toContainText("Couldn't call from the link you opened: that code has a typo")
    await expect(storage).toContainText('Your contacts saved in this browser were damaged (they could not be read)')
  })
})
