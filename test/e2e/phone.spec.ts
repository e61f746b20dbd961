import { test, expect, RENDERER_DIR } from './support/fixtures'
import { startSignalingServer } from '../../src/server'
import { silentLogger } from '../../src/server/log'
import { createRoom, enterRoomCode, joinCall, expectMediaFlowing, callPhase } from './support/call-flow'
import { addContact, callContact, captureCount, contactRow, countCaptures, outgoing, personalCode, recents, ringTimeoutSetting } from './support/phone-flow'

test.describe('calling a person by their personal code', () => {
  test('B rings, accepts, and both see and hear each other; nothing was captured while it rang', async ({ openPerson }) => {
    const alice = await openPerson({ initScripts: [countCaptures] })
    const bob = await openPerson({ initScripts: [countCaptures] })
    const [aliceCode, bobCode] = [await personalCode(alice), await personalCode(bob)]
    await addContact(bob, 'Alice', aliceCode)

    await callContact(alice, 'Bob', bobCode)
    await expect(outgoing(alice)).toHaveAttribute('data-state', 'ringing')
    const ringing = bob.getByTestId('incoming-call')
    await expect(ringing).toBeVisible()
    // Bob knows Alice: her name, not her code.
    await expect(ringing).toContainText('Alice')
    expect([await captureCount(alice), await captureCount(bob)]).toEqual([0, 0])

    await bob.getByTestId('accept-call').click()
    await expectMediaFlowing(alice)
    await expectMediaFlowing(bob)

    await bob.getByTestId('hang-up').click()
    await expect(callPhase(alice)).toHaveAttribute('data-phase', 'peer-left')
    await alice.getByTestId('back-to-start').click()
    await expect.poll(() => recents(alice)).toContain(`outgoing answered ${bobCode}`)
    await bob.getByTestId('back-to-start').click()
    await expect.poll(() => recents(bob)).toContain(`incoming answered ${aliceCode}`)
  })

  test('B declines: A is told, and both recents say declined', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    const [aliceCode, bobCode] = [await personalCode(alice), await personalCode(bob)]
    await callContact(alice, 'Bob', bobCode)
    // Not a contact of Bob's: he sees her code.
    await expect(bob.getByTestId('incoming-call')).toContainText(`${aliceCode.slice(0, 3)}-${aliceCode.slice(3, 7)}-${aliceCode.slice(7)}`)
    await bob.getByTestId('decline-call').click()
    await expect(outgoing(alice)).toHaveAttribute('data-state', 'declined')
    await expect(outgoing(alice)).toContainText(/declined/i)
    await expect.poll(() => recents(bob)).toContain(`incoming declined ${aliceCode}`)
    await alice.getByTestId('outgoing-back').click()
    await expect.poll(() => recents(alice)).toContain(`outgoing declined ${bobCode}`)
  })

  test('B never answers: after the ring timeout A sees "no answer" and B a missed call', async ({ openPerson }) => {
    const alice = await openPerson({ initScripts: [ringTimeoutSetting(2_000)] })
    const bob = await openPerson()
    const [aliceCode, bobCode] = [await personalCode(alice), await personalCode(bob)]
    await callContact(alice, 'Bob', bobCode)
    await expect(bob.getByTestId('incoming-call')).toBeVisible()
    await expect(outgoing(alice)).toHaveAttribute('data-state', 'no-answer', { timeout: 6_000 })
    await expect(bob.getByTestId('incoming-call')).toBeHidden()
    await expect(bob.getByTestId('missed-call')).toBeVisible()
    await expect.poll(() => recents(bob)).toContain(`incoming missed ${aliceCode}`)
    await alice.getByTestId('outgoing-back').click()
    await expect.poll(() => recents(alice)).toContain(`outgoing no-answer ${bobCode}`)
  })

  test('B is offline: A is told B cannot be reached', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    const bobCode = await personalCode(bob)
    await bob.context().close()
    await personalCode(alice)
    await callContact(alice, 'Bob', bobCode)
    await expect(outgoing(alice)).toHaveAttribute('data-state', 'unreachable')
    await alice.getByTestId('outgoing-back').click()
    await expect.poll(() => recents(alice)).toContain(`outgoing unreachable ${bobCode}`)
  })

  test('B is already in a call: A hears busy, and B keeps the call he is in', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    const carol = await openPerson()
    const [aliceCode, bobCode] = [await personalCode(alice), await personalCode(bob)]
    const room = await createRoom(bob)
    await joinCall(bob)
    await enterRoomCode(carol, room)
    await joinCall(carol)
    await expectMediaFlowing(bob)

    await callContact(alice, 'Bob', bobCode)
    await expect(outgoing(alice)).toHaveAttribute('data-state', 'busy')
    await expect(callPhase(bob)).toHaveAttribute('data-phase', 'connected')
    await expect(bob.getByTestId('incoming-call')).toHaveCount(0)
    await alice.getByTestId('outgoing-back').click()
    await expect.poll(() => recents(alice)).toContain(`outgoing busy ${bobCode}`)
    await bob.getByTestId('hang-up').click()
    await bob.getByTestId('back-to-start').click()
    await expect.poll(() => recents(bob)).toContain(`incoming missed ${aliceCode}`)
  })

  test('A hangs up while it rings: B stops ringing and has a missed call', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    const [aliceCode, bobCode] = [await personalCode(alice), await personalCode(bob)]
    await callContact(alice, 'Bob', bobCode)
    await expect(bob.getByTestId('incoming-call')).toBeVisible()
    await alice.getByTestId('cancel-call').click()
    await expect(bob.getByTestId('incoming-call')).toBeHidden()
    await expect.poll(() => recents(bob)).toContain(`incoming missed ${aliceCode}`)
  })
})

test.describe('contacts', () => {
  test('are added, found, edited and removed, and a wrong code is refused with a specific message', async ({ openPerson }) => {
    const person = await openPerson()
    const own = await personalCode(person)
    const other = await personalCode(await openPerson())

    await person.getByTestId('add-contact').click()
    await person.getByTestId('contact-name').fill('Minji')
    await person.getByTestId('contact-code').fill('ABC-1234')
    await person.getByTestId('save-contact').click()
    await expect(person.getByTestId('contact-error')).toHaveAttribute('data-code', 'CONTACT_ERR_BAD_CODE')
    await person.getByTestId('contact-code').fill(own)
    await person.getByTestId('save-contact').click()
    await expect(person.getByTestId('contact-error')).toHaveAttribute('data-code', 'CONTACT_ERR_OWN_CODE')
    await person.getByTestId('contact-code').fill(other.toLowerCase())
    await person.getByTestId('save-contact').click()
    await expect(contactRow(person, other)).toContainText('Minji')

    await person.getByTestId('contact-search').fill('minj')
    await expect(contactRow(person, other)).toBeVisible()
    await person.getByTestId('contact-search').fill('nobody')
    await expect(contactRow(person, other)).toHaveCount(0)
    await person.getByTestId('contact-search').fill('')

    await contactRow(person, other).getByTestId('edit-contact').click()
    await person.getByTestId('contact-name').fill('Minji Park')
    await person.getByTestId('save-contact').click()
    await expect(contactRow(person, other)).toContainText('Minji Park')

    // Contacts outlive a reload (web mode keeps them in the page's storage; the app, in main's files).
    await person.reload()
    await expect(contactRow(person, other)).toContainText('Minji Park')

    await contactRow(person, other).getByTestId('remove-contact').click()
    await person.getByTestId('confirm-remove').click()
    await expect(contactRow(person, other)).toHaveCount(0)
  })
})

test.describe('presence', () => {
  test('a network over its budget of new codes is told it is connected and will be reachable shortly, not "connecting"', async ({ browser }) => {
    // One new code at once per address: the first app takes it, the second is held.
    const server = await startSignalingServer({ host: '127.0.0.1', port: 0, staticDir: RENDERER_DIR, logger: silentLogger, newCodeBindingBurstPerAddress: 1 })
    const contexts = [await browser.newContext(), await browser.newContext()]
    try {
      const [first, second] = await Promise.all(contexts.map((context) => context.newPage()))
      await first!.goto(server.httpUrl)
      await personalCode(first!)
      await second!.goto(server.httpUrl)
      const presence = second!.getByTestId('presence-status')
      await expect(presence).toHaveAttribute('data-status', 'waiting')
      await expect(presence).toContainText(/too many new codes from your network/i)
    } finally {
      for (const context of contexts) await context.close()
      await server.close()
    }
  })
})
