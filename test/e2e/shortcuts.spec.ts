import type { Page } from '@playwright/test'
import { test, expect } from './support/fixtures'
import { callPhase, chooseFromMoreMenu, createRoom, joinCall, startConnectedCall } from './support/call-flow'

/** The video track the newest peer connection sends, and whether it is enabled (camera on). */
function sentVideoEnabled(page: Page): Promise<boolean | null> {
  return page.evaluate(() => {
    const pc = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.at(-1)
    return pc?.getSenders().find((sender) => sender.track?.kind === 'video')?.track?.enabled ?? null
  })
}

/** Tabs through the page from where focus is until it comes back round; returns each stop's test id or label. */
async function tabStops(page: Page, max = 60): Promise<string[]> {
  const stops: string[] = []
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    const stop = await page.evaluate(() => {
      const element = document.activeElement
      if (!element || element === document.body) return 'body'
      return element.getAttribute('data-testid') ?? element.getAttribute('aria-label') ?? element.textContent?.trim() ?? element.tagName
    })
    if (stops.includes(stop)) break
    stops.push(stop)
  }
  return stops
}

test.describe('keyboard shortcuts in a call', () => {
  test('mute, camera, share and chat toggle from the keyboard, and Ctrl+Shift+H hangs up', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    await startConnectedCall(alice, bob)

    // Mute and camera say what a click does: muted, the button reads "Unmute".
    await alice.keyboard.press('Control+D')
    await expect(alice.getByTestId('toggle-mic')).toHaveAccessibleName('Unmute')
    await alice.keyboard.press('Control+D')
    await expect(alice.getByTestId('toggle-mic')).toHaveAccessibleName('Mute')

    await alice.keyboard.press('Control+E')
    await expect(alice.getByTestId('toggle-camera')).toHaveAccessibleName('Turn camera on')
    expect(await sentVideoEnabled(alice)).toBe(false)
    await alice.keyboard.press('Control+E')
    await expect(alice.getByTestId('toggle-camera')).toHaveAccessibleName('Turn camera off')
    expect(await sentVideoEnabled(alice)).toBe(true)

    await alice.keyboard.press('Control+Shift+E')
    await expect(alice.getByTestId('toggle-share')).toHaveAttribute('aria-pressed', 'true')
    await alice.keyboard.press('Control+Shift+E')
    await expect(alice.getByTestId('toggle-share')).toHaveAttribute('aria-pressed', 'false')

    await alice.keyboard.press('Control+Alt+C')
    await expect(alice.getByTestId('chat-panel')).toBeVisible()
    // `?` typed into the message is text, not the help; Ctrl+D still mutes from inside the field.
    await alice.getByTestId('chat-input').focus()
    await alice.keyboard.type('why?')
    await expect(alice.getByTestId('chat-input')).toHaveValue('why?')
    await expect(alice.getByTestId('shortcuts-help')).toBeHidden()
    await alice.keyboard.press('Control+D')
    await expect(alice.getByTestId('toggle-mic')).toHaveAccessibleName('Unmute')
    await alice.keyboard.press('Control+Alt+C')
    await expect(alice.getByTestId('chat-panel')).toBeHidden()

    await alice.keyboard.press('Control+Shift+H')
    await expect(callPhase(alice)).toHaveAttribute('data-phase', 'ended')
    await expect(callPhase(bob)).toHaveAttribute('data-phase', 'peer-left')
  })

  test('? opens the help overlay listing every shortcut; Escape closes it and focus goes back', async ({ openPerson }) => {
    const alice = await openPerson()
    await createRoom(alice)
    await joinCall(alice)

    await alice.getByTestId('toggle-mic').focus()
    await alice.keyboard.press('?')
    const help = alice.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await expect(help).toBeVisible()
    await expect(help).toHaveAttribute('data-testid', 'shortcuts-help')
    await expect(help.getByTestId('shortcut-row')).toHaveCount(6)
    const keys: Record<string, string[]> = {
      mute: ['Ctrl', 'D'],
      camera: ['Ctrl', 'E'],
      share: ['Ctrl', 'Shift', 'E'],
      chat: ['Ctrl', 'Alt', 'C'],
      'hang-up': ['Ctrl', 'Shift', 'H'],
      help: ['?', 'F1'],
    }
    for (const [action, caps] of Object.entries(keys)) await expect(help.locator(`[data-action="${action}"] kbd`)).toHaveText(caps)
    await expect(help.getByTestId('close-shortcuts')).toBeFocused()
    await alice.keyboard.press('Escape')
    await expect(help).toBeHidden()
    await expect(alice.getByTestId('toggle-mic')).toBeFocused()

    // From the call bar's More list too, with F1 closing it this time; the list closes as the help opens, so
    // focus returns to More.
    await chooseFromMoreMenu(alice, 'open-shortcuts')
    await expect(help).toBeVisible()
    await expect(alice.getByTestId('more-menu-list')).toBeHidden()
    await alice.keyboard.press('F1')
    await expect(help).toBeHidden()
    await expect(alice.getByTestId('more-menu')).toBeFocused()
    await chooseFromMoreMenu(alice, 'open-shortcuts')
    await help.getByTestId('close-shortcuts').click()
    await expect(help).toBeHidden()
    await expect(alice.getByTestId('more-menu')).toBeFocused()
  })

  test('Tab reaches every control of the call screen, and each has a name', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    await startConnectedCall(alice, bob)

    const controls = await alice.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('main button, main input, main select, main [tabindex]:not([tabindex="-1"])')]
        .filter((element) => element.getClientRects().length > 0 && !(element as HTMLButtonElement).disabled)
        .map((element) => ({ id: element.getAttribute('data-testid') ?? element.getAttribute('aria-label') ?? element.textContent?.trim() ?? element.tagName })),
    )
    const ids = controls.map((control) => control.id)
    expect(ids).toEqual(expect.arrayContaining(['toggle-mic', 'toggle-camera', 'toggle-share', 'toggle-chat', 'more-menu', 'hang-up']))

    const stops = await tabStops(alice)
    for (const id of ids) expect(stops, `Tab reaches ${id}`).toContain(id)

    // The More list's items follow its button in the Tab order; Escape closes it and puts focus back on More.
    await alice.getByTestId('more-menu').focus()
    await alice.keyboard.press('Enter')
    await expect(alice.getByTestId('more-menu')).toHaveAttribute('aria-expanded', 'true')
    const listStops = await tabStops(alice)
    for (const id of ['open-devices', 'toggle-quality', 'toggle-safety', 'open-shortcuts']) expect(listStops, `Tab reaches ${id}`).toContain(id)
    await alice.getByTestId('open-shortcuts').focus()
    await alice.keyboard.press('Escape')
    await expect(alice.getByTestId('more-menu-list')).toBeHidden()
    await expect(alice.getByTestId('more-menu')).toBeFocused()

    // Every button has an accessible name (its text or its label), so a screen reader can say what it does.
    const unnamed = await alice.evaluate(() =>
      [...document.querySelectorAll('main button')].filter((button) => !(button.textContent?.trim() || button.getAttribute('aria-label'))).length,
    )
    expect(unnamed).toBe(0)
  })
})
