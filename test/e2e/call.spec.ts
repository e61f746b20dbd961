import { test, expect } from './support/fixtures'
import { createRoom, enterRoomCode, joinCall, joinSameRoom, expectMediaFlowing, callPhase } from './support/call-flow'
import { inboundMedia } from './support/media-stats'
import { CONTENT_SECURITY_POLICY } from '../../src/shared/content-security-policy'

/** Init script: keeps every CSP violation the page reports. */
function recordCspViolations(): void {
  const seen: string[] = []
  Object.defineProperty(window, '__cspViolations', { value: seen })
  document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`))
}
const cspViolations = (page: import('@playwright/test').Page) =>
  page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)

test.describe('a call between two people by room code', () => {
  test('A creates a code, B types it, and both see and hear each other', async ({ openPerson }) => {
    const alice = await openPerson({ initScripts: [recordCspViolations] })
    const code = await createRoom(alice)
    await joinCall(alice)
    await expect(callPhase(alice)).toHaveAttribute('data-phase', 'waiting')

    const bob = await openPerson()
    await enterRoomCode(bob, code.toLowerCase().replace(/-/g, ' '))
    await joinCall(bob)

    await expectMediaFlowing(alice)
    await expectMediaFlowing(bob)
    const [a, b] = [await inboundMedia(alice), await inboundMedia(bob)]
    expect(a.framesDecoded).toBeGreaterThan(0)
    expect(b.framesDecoded).toBeGreaterThan(0)
    expect(a.audioPacketsReceived).toBeGreaterThan(0)
    expect(b.audioPacketsReceived).toBeGreaterThan(0)

    // The whole call ran under the app's strict policy, without tripping it once.
    const policy = await alice.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
    expect(policy).toBe(CONTENT_SECURITY_POLICY)
    expect(await cspViolations(alice)).toEqual([])
  })

  test('when B hangs up, A is told the other person left within 2 seconds', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    await joinSameRoom(alice, bob)
    await expectMediaFlowing(alice)

    await bob.getByTestId('hang-up').click()
    await expect(callPhase(alice)).toHaveAttribute('data-phase', 'peer-left', { timeout: 2_000 })
    await expect(callPhase(alice)).toContainText(/left/i)
    await expect(bob.getByTestId('back-to-start')).toBeVisible()
  })
})

test.describe('joining goes wrong', () => {
  test('a third person is told the room is full', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    const code = await joinSameRoom(alice, bob)
    await expectMediaFlowing(alice)

    const carol = await openPerson()
    await enterRoomCode(carol, code)
    await joinCall(carol)
    await expect(callPhase(carol)).toHaveAttribute('data-phase', 'room-full')
    await expect(callPhase(carol)).toContainText(/full/i)
    // The two already in the call keep it.
    await expect(callPhase(alice)).toHaveAttribute('data-phase', 'connected')
  })

  test('a malformed code gets a message that says what is wrong with it', async ({ openPerson }) => {
    const person = await openPerson()
    const error = person.getByTestId('room-code-error')

    await enterRoomCode(person, 'ABC-12')
    await expect(error).toContainText(/too short/i)

    await enterRoomCode(person, 'ABC-1234-XY!')
    await expect(error).toContainText(/only the digits/i)

    // A valid-looking code with one character changed is caught by its check character.
    const code = await createRoom(await openPerson())
    const typo = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0')
    await enterRoomCode(person, typo)
    await expect(error).toContainText(/typo/i)
    await expect(person.getByTestId('join-call')).toHaveCount(0)
  })

  test('a room code in the address (?room=) opens that room’s pre-join screen, one press from joining', async ({ openPerson }) => {
    const alice = await openPerson()
    const code = await createRoom(alice)
    const bob = await openPerson({ path: `/?room=${encodeURIComponent(code.toLowerCase())}` })
    await expect(bob.getByTestId('room-code')).toHaveText(code)
    await expect(bob.getByTestId('join-call')).toBeVisible()
  })
})
