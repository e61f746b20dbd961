/**
 * The home screen: an invitation's `?room=` link one press from the call, room calls in the recent calls, "Save as
 * contact" for someone who is not one, calls in a row grouped, and a layout that fits every window width.
 */
import type { Page } from '@playwright/test'
import { test, expect } from './support/fixtures'
import { createRoom, expectMediaFlowing, joinCall, joinSameRoom, callPhase } from './support/call-flow'
import { callContact, contactRow, outgoing, personalCode, ringTimeoutSetting } from './support/phone-flow'

const formatted = (code: string) => `${code.slice(0, 3)}-${code.slice(3, 7)}-${code.slice(7)}`

function roomRecent(page: Page, room: string) {
  return page.locator(`[data-testid="recent"][data-kind="room"][data-code="${room.replace(/-/g, '')}"]`)
}

function personRecent(page: Page, code: string) {
  return page.locator(`[data-testid="recent"][data-kind="person"][data-code="${code}"]`)
}

test.describe('an invitation link (?room=)', () => {
  test('opens the room’s pre-join screen with the camera preview, and one press joins the call with media', async ({ openPerson }) => {
    const alice = await openPerson()
    const room = await createRoom(alice)
    await joinCall(alice)

    const guest = await openPerson({ path: `/?room=${encodeURIComponent(room)}` })
    await expect(guest.getByTestId('room-code')).toHaveText(room)
    await expect(guest.getByTestId('self-view')).toBeVisible()
    await expect(guest.getByTestId('new-room')).toHaveCount(0)
    // On a phone too the press is there to make: Join is in view without scrolling past the device checks.
    await guest.setViewportSize({ width: 390, height: 844 })
    await expect(guest.getByTestId('join-call')).toBeInViewport()

    await guest.getByTestId('join-call').click()
    await expectMediaFlowing(guest)
    await expectMediaFlowing(alice)
  })

  test('with a malformed code stays on the home screen, the code in the field and what is wrong with it shown', async ({ openPerson }) => {
    const guest = await openPerson({ path: '/?room=ABC-12' })
    await expect(guest.getByTestId('room-code-input')).toHaveValue('ABC-12')
    await expect(guest.getByTestId('room-code-error')).toHaveAttribute('data-code', 'too-short')
    await expect(guest.getByTestId('room-code-error')).toContainText(/too short/i)
    await expect(guest.getByTestId('join-call')).toHaveCount(0)
  })
})

test.describe('recent calls', () => {
  test('a room call appears once it ends, joined, with how long it lasted, and Join goes back to that room', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    const room = await joinSameRoom(alice, bob)
    await expectMediaFlowing(bob)

    await bob.getByTestId('hang-up').click()
    await bob.getByTestId('back-to-start').click()
    const recent = roomRecent(bob, room)
    await expect(recent).toHaveAttribute('data-outcome', 'joined')
    await expect(recent).toContainText(room)
    await expect(recent).toContainText(/Room call · \d+ s · Just now/)

    await expect(callPhase(alice)).toHaveAttribute('data-phase', 'peer-left')
    await alice.getByTestId('back-to-start').click()
    await expect(roomRecent(alice, room)).toHaveAttribute('data-outcome', 'joined')

    await recent.getByTestId('join-recent-room').click()
    await expect(bob.getByTestId('room-code')).toHaveText(room)
    await expect(bob.getByTestId('join-call')).toBeVisible()
  })

  test('a missed call from someone not in contacts offers Save as contact, which opens the form with their code', async ({ openPerson }) => {
    const alice = await openPerson({ initScripts: [ringTimeoutSetting(1_500)] })
    const bob = await openPerson()
    const [aliceCode, bobCode] = [await personalCode(alice), await personalCode(bob)]
    await callContact(alice, 'Bob', bobCode)
    await expect(outgoing(alice)).toHaveAttribute('data-state', 'no-answer', { timeout: 6_000 })

    const missed = bob.getByTestId('missed-call')
    await expect(missed).toContainText(formatted(aliceCode))
    await expect(personRecent(bob, aliceCode).getByTestId('add-recent-contact')).toBeVisible()

    await missed.getByTestId('save-missed-contact').click()
    await expect(bob.getByTestId('contact-code')).toHaveValue(formatted(aliceCode))
    await expect(bob.getByTestId('contact-name')).toBeFocused()
    await bob.getByTestId('contact-name').fill('Alice')
    await bob.getByTestId('save-contact').click()

    await expect(contactRow(bob, aliceCode)).toContainText('Alice')
    // Saved: the banner and the recent call now say her name, and offer no second save.
    await expect(missed).toContainText('Alice')
    await expect(missed.getByTestId('save-missed-contact')).toHaveCount(0)
    await expect(personRecent(bob, aliceCode)).toContainText('Alice')
    await expect(personRecent(bob, aliceCode).getByTestId('add-recent-contact')).toHaveCount(0)
  })

  test('calls in a row with the same person are one line with their count, which opens to list each', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    const bobCode = await personalCode(bob)
    // Bob is offline: each try ends at once as unreachable (rings at someone online are paced by the server).
    await bob.context().close()
    await personalCode(alice)
    for (let attempt = 0; attempt < 3; attempt++) {
      await callContact(alice, 'Bob', bobCode)
      await expect(outgoing(alice)).toHaveAttribute('data-state', 'unreachable')
      await alice.getByTestId('outgoing-back').click()
    }

    const line = personRecent(alice, bobCode)
    await expect(line).toHaveCount(1)
    await expect(line).toHaveAttribute('data-count', '3')
    await expect(line).toContainText('Bob (3)')
    await expect(line.getByTestId('recent-call')).toHaveCount(0)
    await line.getByTestId('expand-recent').click()
    await expect(line.getByTestId('expand-recent')).toHaveAttribute('aria-expanded', 'true')
    await expect(line.getByTestId('recent-call')).toHaveCount(3)
  })
})

test.describe('the home screen’s layout', () => {
  for (const [width, height, columns] of [
    [390, 844, 1],
    [640, 800, 1],
    [800, 600, 2],
    [1280, 800, 2],
  ] as const) {
    test(`at ${width}×${height} does not scroll sideways, and the cards in a row have the same width (${columns} a row)`, async ({ openPerson }) => {
      const page = await openPerson()
      await page.setViewportSize({ width, height })
      await expect(page.getByTestId('presence-status')).toHaveAttribute('data-status', 'online')

      const layout = await page.evaluate(() => {
        const root = document.documentElement
        const cards = [...document.querySelectorAll('[data-testid="home-cards"] .card')].map((card) => {
          const box = card.getBoundingClientRect()
          // Sticking out of the card's content box, into its padding or past its edge (a button too wide for the row).
          const style = getComputedStyle(card)
          const [left, right] = [box.left + parseFloat(style.paddingLeft), box.right - parseFloat(style.paddingRight)]
          const outside = [...card.querySelectorAll('*')].filter((child) => {
            const inner = child.getBoundingClientRect()
            return inner.width > 0 && (inner.left < left - 0.5 || inner.right > right + 0.5)
          })
          return { top: Math.round(box.top), width: Math.round(box.width * 10) / 10, overflows: outside.map((child) => child.outerHTML.slice(0, 80)) }
        })
        return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, cards }
      })
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth)
      expect(layout.cards).toHaveLength(5)

      const rows = new Map<number, number[]>()
      for (const card of layout.cards) rows.set(card.top, [...(rows.get(card.top) ?? []), card.width])
      const spread = (widths: number[]) => Math.max(...widths) - Math.min(...widths)
      expect(Math.max(...[...rows.values()].map((widths) => widths.length))).toBe(columns)
      // One column: every card as wide as the column. Two: the cards side by side as wide as each other.
      if (columns === 1) expect(spread(layout.cards.map((card) => card.width))).toBeLessThanOrEqual(0.5)
      for (const widths of rows.values()) expect(spread(widths)).toBeLessThanOrEqual(0.5)
      expect(layout.cards.flatMap((card) => card.overflows)).toEqual([])
    })
  }
})
