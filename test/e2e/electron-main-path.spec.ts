import { test, expect } from './support/fixtures'
import { createRoom, expectMediaFlowing, startConnectedCall } from './support/call-flow'
import { attachMainProcess, type MainProcessHarness } from './support/main-process-harness'
import { readFile } from 'node:fs/promises'
import { outgoing, personalCode, recents } from './support/phone-flow'
import type { MenuItemConstructorOptions } from 'electron'
import type { Page } from '@playwright/test'

/** The radio items of one submenu of the Devices menu, as main built it from the renderer's last report. */
function menuSection(harness: MainProcessHarness, title: 'Camera' | 'Microphone' | 'Speaker') {
  const devices = harness.devicesMenu()
  const submenu = (devices?.submenu ?? []) as MenuItemConstructorOptions[]
  const section = submenu.find((item) => item.label === title)
  return ((section?.submenu ?? []) as MenuItemConstructorOptions[]).map((item) => ({ label: item.label, checked: item.checked ?? false }))
}

async function pickerOptions(page: Page, kind: 'camera' | 'microphone') {
  return page.getByTestId(`device-picker-${kind}`).evaluate((select: HTMLSelectElement) =>
    Array.from(select.options, (option) => ({ value: option.value, label: option.text.trim(), selected: option.selected })),
  )
}

test.describe('a call through the Electron main-process path', () => {
  const harnesses: MainProcessHarness[] = []
  test.afterEach(async () => {
    for (const harness of harnesses.splice(0)) await harness.dispose()
  })

  test('the main-side SignalingClient and IPC handlers carry a whole call', async ({ openPerson, server }) => {
    const pageWebSockets: string[] = []
    // Alice runs the app's main-process code path; Bob is a contact without the app, in a browser.
    const alice = await openPerson({
      beforeLoad: async (context, page) => {
        harnesses.push(await attachMainProcess(context, page, server.url, new URL(server.httpUrl).origin))
        page.on('websocket', (socket) => pageWebSockets.push(socket.url()))
      },
    })
    const bob = await openPerson()

    expect(await alice.evaluate(() => (window as unknown as { tonghwa: { platform: string } }).tonghwa.platform)).toBe('electron')
    await startConnectedCall(alice, bob)
    // Alice's signaling went through main's ws client, not a socket of the page's own.
    expect(pageWebSockets).toEqual([])
  })

  test('IPC from a page of another origin is refused', async ({ openPerson, server }) => {
    const stranger = await openPerson({
      beforeLoad: async (context, page) => {
        harnesses.push(await attachMainProcess(context, page, server.url, 'app://tonghwa'))
      },
    })
    const refusal = await stranger.evaluate(async () => {
      const bridge = (window as unknown as { tonghwa: { getConnectionState(): Promise<unknown> } }).tonghwa
      return bridge.getConnectionState().then(
        () => 'accepted',
        (error: Error) => error.message,
      )
    })
    expect(refusal).toContain('IPC_ERR_UNTRUSTED_SENDER')
  })

  test('the Devices menu lists what the window pickers list, and a pick in the menu moves the picker and is saved', async ({ openPerson, server }) => {
    let harness: MainProcessHarness | undefined
    const alice = await openPerson({
      beforeLoad: async (context, page) => {
        harness = await attachMainProcess(context, page, server.url, new URL(server.httpUrl).origin)
        harnesses.push(harness)
      },
    })
    await createRoom(alice)
    const main = harness!

    // The same cameras, in the same order, with the active one checked in both.
    const cameras = await pickerOptions(alice, 'camera')
    expect(cameras.length).toBeGreaterThan(0)
    await expect
      .poll(() => menuSection(main, 'Camera'))
      .toEqual(cameras.map((option) => ({ label: option.label, checked: option.selected })))
    const microphones = await pickerOptions(alice, 'microphone')
    await expect
      .poll(() => menuSection(main, 'Microphone').map((item) => item.checked))
      .toEqual(microphones.map((option) => option.selected))

    // Picking the other microphone entry in the native menu moves the window's picker and the checkmark.
    const other = microphones.find((option) => !option.selected)!
    main.chooseFromMenu('microphone', other.value)
    await expect(alice.getByTestId('device-picker-microphone')).toHaveValue(other.value)
    await expect
      .poll(() => menuSection(main, 'Microphone').find((item) => item.checked)?.label)
      .toBe(menuSection(main, 'Microphone')[microphones.indexOf(other)]!.label)
    // Main remembered it, by id and label.
    await expect.poll(async () => JSON.stringify(JSON.parse(await readFile(main.settingsFile, 'utf8')))).toContain(other.value)
  })

  test('the main-process phone rings in the background with a notification, and a tonghwa://call link places a call', async ({ openPerson, server }) => {
    let harness: MainProcessHarness | undefined
    // Alice is the desktop app (her phone line lives in main), with her window in the background.
    const alice = await openPerson({
      beforeLoad: async (context, page) => {
        harness = await attachMainProcess(context, page, server.url, new URL(server.httpUrl).origin, { focused: false })
        harnesses.push(harness)
      },
    })
    const bob = await openPerson()
    const [aliceCode, bobCode] = [await personalCode(alice), await personalCode(bob)]
    const main = harness!
    expect(main.identity()).toEqual({ code: aliceCode, status: 'online' })

    // Bob calls Alice: main decides to notify (her window is not focused) and her window rings.
    await bob.getByTestId('add-contact').click()
    await bob.getByTestId('contact-name').fill('Alice')
    await bob.getByTestId('contact-code').fill(aliceCode)
    await bob.getByTestId('save-contact').click()
    await bob.locator(`[data-testid="contact"][data-code="${aliceCode}"]`).getByTestId('call-contact').click()
    await expect(alice.getByTestId('incoming-call')).toBeVisible()
    expect(main.alerts()).toEqual([expect.objectContaining({ decision: 'notify' })])
    await alice.getByTestId('decline-call').click()
    await expect(outgoing(bob)).toHaveAttribute('data-state', 'declined')
    // Main wrote it to the recents file in its user-data folder.
    await expect
      .poll(async () => {
        const file = JSON.parse(await readFile(main.recentsFile, 'utf8').catch(() => '{}')) as { recents?: Array<{ code: string; outcome: string }> }
        return (file.recents ?? []).map((entry) => `${entry.outcome} ${entry.code}`)
      })
      .toContain(`declined ${bobCode}`)
    await expect.poll(() => recents(alice)).toContain(`incoming declined ${bobCode}`)

    // A link from the OS asks Alice's app to call Bob. Any web page can open such a link, so nothing rings until
    // Alice agrees; saying no places no call.
    const link = `tonghwa://call/${bobCode.slice(0, 3)}-${bobCode.slice(3, 7)}-${bobCode.slice(7)}`
    main.openLink(link)
    await expect(alice.getByTestId('confirm-link-call')).toBeVisible()
    await alice.getByTestId('dismiss-link-call').click()
    await expect(alice.getByTestId('confirm-link-call')).toHaveCount(0)
    await expect(bob.getByTestId('incoming-call')).toHaveCount(0)
    main.openLink(link)
    await alice.getByTestId('accept-link-call').click()
    await expect(bob.getByTestId('incoming-call')).toBeVisible()
    await bob.getByTestId('accept-call').click()
    await expectMediaFlowing(alice)
    await expectMediaFlowing(bob)

    // A hostile link does nothing but say so.
    main.openLink('tonghwa://call/../../etc/passwd')
    await expect(alice.getByTestId('call-status')).toHaveAttribute('data-phase', 'connected')
  })

  test('a link main cannot use is worded by the window, and the notice and the Devices menu follow the language chosen in settings', async ({ openPerson, server }) => {
    let harness: MainProcessHarness | undefined
    const alice = await openPerson({
      beforeLoad: async (context, page) => {
        harness = await attachMainProcess(context, page, server.url, new URL(server.httpUrl).origin)
        harnesses.push(harness)
      },
    })
    const main = harness!
    await expect.poll(() => menuSection(main, 'Camera').length).toBeGreaterThan(0)

    main.openLink('tonghwa://dial/7KD-93QF-XZ5')
    const notice = alice.getByTestId('app-notice')
    await expect(notice).toHaveAttribute('data-code', 'DEEP_LINK_ERR_INVALID')
    await expect(notice).toContainText('Tonghwa could not open that link: it is neither a call link nor a room link.')
    // Main sent a code and the problem, not a sentence.
    expect(main.notices()).toEqual([{ code: 'DEEP_LINK_ERR_INVALID', problem: 'unknown-kind' }])

    await alice.getByTestId('open-settings').click()
    await alice.getByTestId('language-select').selectOption('ko')
    await alice.getByTestId('close-settings').click()
    await expect(notice).toContainText('링크를 열지 못했어요. 전화 걸기 링크도, 방 링크도 아니에요.')
    await expect.poll(() => main.devicesMenu()?.label).toBe('장치(&D)')
    const titles = ((main.devicesMenu()?.submenu ?? []) as MenuItemConstructorOptions[]).map((item) => item.label)
    expect(titles).toEqual(['카메라', '마이크', '스피커'])

    await alice.getByTestId('dismiss-notice').click()
    await expect(notice).toHaveCount(0)
  })
})
