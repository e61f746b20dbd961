import { test, expect } from './support/fixtures'
import { callPhase, expectMediaFlowing, startConnectedCall } from './support/call-flow'
import { addContact, callContact, outgoing, personalCode, recents } from './support/phone-flow'

test.describe('the end of a call', () => {
  test('after the other person leaves, one clear screen with nothing stale; Rejoin joins the same room and media flows again', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    await startConnectedCall(alice, bob)
    // The chat is open when the call ends: its "send it when the connection is back" note must not linger.
    await alice.getByTestId('toggle-chat').click()
    await expect(alice.getByTestId('chat-panel')).toBeVisible()
    await expect(alice.getByTestId('quality-indicator')).toBeVisible()

    await bob.getByTestId('hang-up').click()
    const ended = alice.getByTestId('call-ended')
    await expect(ended).toBeVisible()
    await expect(callPhase(alice)).toHaveAttribute('data-phase', 'peer-left')
    await expect(callPhase(alice)).toContainText(/left/i)
    await expect(alice.getByTestId('call-length')).toContainText(/lasted \d+ s|lasted \d+ min/)
    await expect(alice.getByRole('heading', { name: 'Call ended' })).toBeFocused()
    for (const stale of ['quality-indicator', 'chat-panel', 'chat-channel-state', 'hang-up', 'remote-video', 'toggle-chat']) {
      await expect(alice.getByTestId(stale), `${stale} is gone`).toHaveCount(0)
    }
    await expect(alice.getByText(/connection is back/i)).toHaveCount(0)
    // A room call offers Rejoin, not Call again; Back keeps its test id for the tests that go back after a call.
    await expect(alice.getByTestId('call-again-after-call')).toHaveCount(0)
    await expect(alice.getByTestId('back-to-start')).toBeVisible()
    // Bob, who hung up, sees the same kind of screen.
    await expect(bob.getByTestId('call-ended')).toHaveAttribute('data-phase', 'ended')

    await alice.getByTestId('rejoin').click()
    await expect(callPhase(alice)).toHaveAttribute('data-phase', 'waiting')
    await bob.getByTestId('rejoin').click()
    await expectMediaFlowing(alice)
    await expectMediaFlowing(bob)
    await expect(alice.getByTestId('call-ended')).toHaveCount(0)
  })

  test('Back from the end screen goes to the start screen', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    await startConnectedCall(alice, bob)
    await alice.getByTestId('hang-up').click()
    await expect(alice.getByTestId('call-ended')).toHaveAttribute('data-phase', 'ended')
    await alice.getByTestId('back-to-start').click()
    await expect(alice.getByTestId('new-room')).toBeVisible()
  })
})

test.describe('a second caller during a call', () => {
  test('C hears busy, A sees who tried with Call back, and once A’s call ends A rings C', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    const carol = await openPerson()
    const [aliceCode, bobCode, carolCode] = [await personalCode(alice), await personalCode(bob), await personalCode(carol)]
    await addContact(alice, 'Carol', carolCode)
    await addContact(carol, 'Alice', aliceCode)

    await callContact(alice, 'Bob', bobCode)
    await bob.getByTestId('accept-call').click()
    await expectMediaFlowing(alice)

    await callContact(carol, 'Alice', aliceCode)
    await expect(outgoing(carol)).toHaveAttribute('data-state', 'busy')
    const notice = alice.getByTestId('call-while-busy')
    await expect(notice).toContainText('Carol tried to call you')
    await expect(notice).toHaveAttribute('data-code', carolCode)
    // Quiet: the call goes on, and nothing rang.
    await expect(callPhase(alice)).toHaveAttribute('data-phase', 'connected')
    await expect(alice.getByTestId('incoming-call')).toHaveCount(0)

    // Call back during the call waits for it to end; it does not cut Bob off.
    await alice.getByTestId('call-back-while-busy').click()
    await expect(alice.getByTestId('call-back-pending')).toContainText('Carol')
    await expect(callPhase(alice)).toHaveAttribute('data-phase', 'connected')
    await carol.getByTestId('outgoing-back').click()
    await expect.poll(() => recents(carol)).toContain(`outgoing busy ${aliceCode}`)

    await bob.getByTestId('hang-up').click()
    await expect(outgoing(alice)).toBeVisible()
    const ringing = carol.getByTestId('incoming-call')
    await expect(ringing).toContainText('Alice')
    await carol.getByTestId('accept-call').click()
    await expectMediaFlowing(alice)
    await expectMediaFlowing(carol)
  })

  test('a caller who is not a contact is named by their code, and the notice can be dismissed', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    const carol = await openPerson()
    const [aliceCode, bobCode] = [await personalCode(alice), await personalCode(bob)]
    const carolCode = await personalCode(carol)
    await callContact(alice, 'Bob', bobCode)
    await bob.getByTestId('accept-call').click()
    await expectMediaFlowing(alice)

    await callContact(carol, 'Alice', aliceCode)
    await expect(outgoing(carol)).toHaveAttribute('data-state', 'busy')
    const formatted = `${carolCode.slice(0, 3)}-${carolCode.slice(3, 7)}-${carolCode.slice(7)}`
    await expect(alice.getByTestId('call-while-busy')).toContainText(`${formatted} tried to call you`)
    await alice.getByTestId('dismiss-call-while-busy').click()
    await expect(alice.getByTestId('call-while-busy')).toHaveCount(0)
    await alice.getByTestId('hang-up').click()
    await alice.getByTestId('back-to-start').click()
    await expect.poll(() => recents(alice)).toContain(`incoming missed ${carolCode}`)
  })
})
