import { test, expect } from './support/fixtures'
import { createRoom, enterRoomCode, joinCall, expectMediaFlowing } from './support/call-flow'
import { attachMainProcess, type MainProcessHarness } from './support/main-process-harness'

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
    const code = await createRoom(alice)
    await joinCall(alice)
    await enterRoomCode(bob, code)
    await joinCall(bob)

    await expectMediaFlowing(alice)
    await expectMediaFlowing(bob)
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
})
