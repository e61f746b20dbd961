import type { Page } from '@playwright/test'
import { test, expect, type OpenPersonOptions } from './support/fixtures'
import { startConnectedCall } from './support/call-flow'

/** Every frame the page's WebSockets (the signaling link) sent or received, as text. */
function spyOnSignaling(frames: string[]) {
  return async (_context: unknown, page: Page): Promise<void> => {
    page.on('websocket', (socket) => {
      socket.on('framesent', (frame) => frames.push(String(frame.payload)))
      socket.on('framereceived', (frame) => frames.push(String(frame.payload)))
    })
  }
}

async function inCall(openPerson: (options?: OpenPersonOptions) => Promise<Page>, frames: string[]) {
  const alice = await openPerson({ beforeLoad: spyOnSignaling(frames) })
  const bob = await openPerson({ beforeLoad: spyOnSignaling(frames) })
  await startConnectedCall(alice, bob)
  return { alice, bob }
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByTestId('chat-input').fill(text)
  await page.getByTestId('chat-input').press('Enter')
}

test.describe('chat during a call', () => {
  test('messages go both ways peer to peer, with an unread badge on the closed side, never through the server', async ({ openPerson }) => {
    const frames: string[] = []
    const { alice, bob } = await inCall(openPerson, frames)
    const fromAlice = `hello Bob ${Date.now()} <b>not bold</b>`
    const fromBob = `안녕하세요 Alice ${Date.now()}`

    await alice.getByTestId('toggle-chat').click()
    await expect(alice.getByTestId('chat-panel')).toBeVisible()
    await expect(alice.getByRole('log')).toHaveAttribute('aria-live', 'polite')
    await send(alice, fromAlice)

    // Alice's own message, delivered (Bob's app acknowledged it).
    const mine = alice.locator('[data-testid="chat-message"][data-from="me"]')
    await expect(mine).toContainText(fromAlice)
    await expect(mine).toHaveAttribute('data-delivery', 'sent')

    // Bob's panel is closed: the badge counts it.
    await expect(bob.getByTestId('chat-unread')).toContainText('1')
    await bob.getByTestId('toggle-chat').click()
    await expect(bob.getByTestId('chat-unread')).toHaveCount(0)
    const theirs = bob.locator('[data-testid="chat-message"][data-from="them"]')
    await expect(theirs).toHaveText(new RegExp(escape(fromAlice)))
    // Rendered as text: the markup is shown, not applied.
    await expect(theirs.locator('b')).toHaveCount(0)

    // Bob answers; Shift+Enter makes a new line rather than sending.
    await bob.getByTestId('chat-input').fill(fromBob)
    await bob.getByTestId('chat-input').press('Shift+Enter')
    await bob.getByTestId('chat-input').pressSequentially('second line')
    await bob.getByTestId('chat-send').click()
    await expect(alice.locator('[data-testid="chat-message"][data-from="them"]')).toContainText(`${fromBob}\nsecond line`)
    await expect(alice.getByTestId('chat-unread')).toHaveCount(0)
    await expect(bob.locator('[data-testid="chat-message"][data-from="me"]')).toHaveAttribute('data-delivery', 'sent')

    // The signaling server carried the call's setup, and not one word of the chat.
    expect(frames.length).toBeGreaterThan(0)
    expect(frames.some((frame) => frame.includes('"offer"'))).toBe(true)
    for (const text of [fromAlice, fromBob, 'second line']) {
      expect(frames.filter((frame) => frame.includes(text) || frame.includes(JSON.stringify(text).slice(1, -1)))).toEqual([])
    }
  })

  // When the other person hangs up, the call ends and the end screen takes the chat away with it, leaving no
  // "send it when the connection is back" note behind: call-end.spec.ts checks that.

  test('when the other side’s connection drops, the channel closes, the chat says so and keeps the draft', async ({ openPerson }) => {
    const { alice, bob } = await inCall(openPerson, [])
    await alice.getByTestId('toggle-chat').click()
    await expect(alice.getByTestId('chat-channel-state')).toHaveCount(0)
    await alice.getByTestId('chat-input').fill('are you still there?')
    // Their peer connection goes away under them (a crash, the network), without leaving the room first.
    await bob.evaluate(() => {
      for (const pc of (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections) pc.close()
    })
    await expect(alice.getByTestId('chat-channel-state')).toHaveAttribute('data-state', 'closed', { timeout: 20_000 })
    await expect(alice.getByTestId('chat-channel-state')).toContainText(/disconnected/i)
    await expect(alice.getByTestId('chat-send')).toBeDisabled()
    await expect(alice.getByTestId('chat-input')).toHaveValue('are you still there?')
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
