/**
 * Geometry of the call screen (issue 16): at phone, small, medium and large window sizes, in English and
 * Korean, in a connected call with chat and quality open, nothing covers a button of the call bar or the room
 * code, the page never scrolls sideways, the side panels never run into the bar, and on landscape windows
 * 640 wide and up the other person's video keeps at least half the window. Saves a screenshot of each size
 * (attached to the test).
 */
import type { Page } from '@playwright/test'
import { test, expect } from './support/fixtures'
import { chooseFromMoreMenu, startConnectedCall } from './support/call-flow'

const SIZES = [
  { width: 390, height: 700 },
  { width: 640, height: 480 },
  { width: 800, height: 600 },
  { width: 1280, height: 800 },
] as const

const LANGUAGES = [
  { locale: 'en-US', lang: 'en', message: 'Can you see my screen now? The numbers on the left are last month’s figures.' },
  { locale: 'ko-KR', lang: 'ko', message: '지금 제 화면 보이세요? 왼쪽에 있는 숫자는 지난달 매출이고 오른쪽은 이번 달 예상치예요.' },
] as const

/** Everything wrong with the layout as it is now, one sentence each; empty when all is well. */
function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    const { innerWidth: width, innerHeight: height } = window
    const name = (element: Element) => element.getAttribute('data-testid') ?? element.getAttribute('aria-label') ?? element.textContent?.trim() ?? element.tagName
    /** Whether whatever is drawn at the centre of `element` is it (or inside it): nothing covers it, and it is on screen. */
    const uncovered = (element: Element, what: string) => {
      const box = element.getBoundingClientRect()
      const [x, y] = [box.left + box.width / 2, box.top + box.height / 2]
      const hit = document.elementFromPoint(x, y)
      if (!hit) problems.push(`${what} is off screen (centre at ${Math.round(x)},${Math.round(y)})`)
      else if (!element.contains(hit)) problems.push(`${what} is covered by ${hit.tagName.toLowerCase()}.${[...hit.classList].join('.')} [${name(hit)}]`)
    }
    const overlaps = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom

    const bar = document.querySelector('[data-testid="call-bar"]')
    if (!bar) problems.push('no call bar')
    const buttons = bar ? [...bar.querySelectorAll('button')].filter((button) => button.getClientRects().length > 0) : []
    if (buttons.length < 6) problems.push(`the bar shows ${buttons.length} buttons, not 6`)
    for (const button of buttons) uncovered(button, `bar button ${name(button)}`)

    const root = document.documentElement
    if (root.scrollWidth > root.clientWidth) problems.push(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`)

    const code = document.querySelector('[data-testid="room-code"]')
    if (!code) problems.push('no room code')
    else uncovered(code, 'the room code')
    const copy = document.querySelector('[data-testid="copy-room-code"]')
    if (copy) uncovered(copy, 'the copy-code button')

    const panels = document.querySelector('aside')
    if (bar && panels && overlaps(bar.getBoundingClientRect(), panels.getBoundingClientRect())) problems.push('the side panels overlap the call bar')

    const log = document.querySelector('[data-testid="chat-log"]')
    if (!log) problems.push('no chat log')
    else if (log.getBoundingClientRect().height < 48) problems.push(`the chat log is squeezed to ${Math.round(log.getBoundingClientRect().height)}px`)

    if (width >= 640 && width > height) {
      const video = document.querySelector('[data-testid="remote-video"]')!.getBoundingClientRect()
      const visible = Math.max(0, Math.min(video.right, width) - Math.max(video.left, 0)) * Math.max(0, Math.min(video.bottom, height) - Math.max(video.top, 0))
      if (visible < (width * height) / 2) problems.push(`the video has ${Math.round((100 * visible) / (width * height))}% of the window, under half`)
    }
    return problems
  })
}

for (const { locale, lang, message } of LANGUAGES) {
  test(`with chat and quality open, nothing covers the call bar or the room code at any size (${lang})`, async ({ openPerson }, testInfo) => {
    const alice = await openPerson({ locale })
    const bob = await openPerson({ locale })
    await startConnectedCall(alice, bob)

    await alice.getByTestId('toggle-chat').click()
    await chooseFromMoreMenu(alice, 'toggle-quality')
    await expect(alice.getByTestId('quality-panel')).toBeVisible()
    for (let i = 0; i < 3; i++) {
      await alice.getByTestId('chat-input').fill(message)
      await alice.getByTestId('chat-input').press('Enter')
    }
    await expect(alice.getByTestId('chat-message')).toHaveCount(3)
    // A panel open keeps the bar in view: it never fades while the way to close the panel is on it.
    await expect(alice.getByTestId('call-bar')).toHaveAttribute('data-shown', 'true')

    for (const size of SIZES) {
      await alice.setViewportSize(size)
      await alice.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
      const shot = testInfo.outputPath(`call-${lang}-${size.width}x${size.height}.png`)
      await alice.screenshot({ path: shot })
      await testInfo.attach(`call-${lang}-${size.width}x${size.height}.png`, { path: shot, contentType: 'image/png' })
      expect(await layoutProblems(alice), `at ${size.width}×${size.height}`).toEqual([])
      // The message box is reachable (scrolled into its panel) and nothing sits over it.
      await alice.getByTestId('chat-input').scrollIntoViewIfNeeded()
      await alice.getByTestId('chat-input').click({ trial: true })
    }
  })
}
