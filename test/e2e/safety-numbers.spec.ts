import type { Page } from '@playwright/test'
import { test, expect } from './support/fixtures'
import { chooseFromMoreMenu, expectMediaFlowing, startConnectedCall, callPhase } from './support/call-flow'
import { ManInTheMiddle } from './support/man-in-the-middle'
import { callContact, personalCode } from './support/phone-flow'

/** Opens the safety-numbers panel and reads the four groups, as shown. */
async function safetyNumbers(page: Page): Promise<string> {
  if (!(await page.getByTestId('safety-panel').isVisible())) await chooseFromMoreMenu(page, 'toggle-safety')
  const numbers = page.getByTestId('safety-numbers')
  await expect(numbers).toHaveText(/^\s*\d{5} \d{5} \d{5} \d{5}\s*$/, { timeout: 15_000 })
  return (await numbers.textContent())!.trim()
}

/** The certificate fingerprint in the newest peer connection's local or remote description (`sha-256 AB:…`). */
function sdpFingerprint(page: Page, which: 'localDescription' | 'remoteDescription'): Promise<string | null> {
  return page.evaluate((key) => {
    const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections
    const match = /^a=fingerprint:(\S+) (\S+)/m.exec(pcs.at(-1)?.[key]?.sdp ?? '')
    return match ? `${match[1]!.toLowerCase()} ${match[2]!.toUpperCase()}` : null
  }, which)
}

/** Alice rings Bob by his personal code, Bob answers, and both see and hear each other. */
async function phoneCall(alice: Page, bob: Page, bobCode: string): Promise<void> {
  await callContact(alice, 'Bob', bobCode)
  await bob.getByTestId('accept-call').click()
  await expectMediaFlowing(alice)
  await expectMediaFlowing(bob)
}

/** Closes the app and opens it again in the same profile (its IndexedDB and localStorage). */
async function restartApp(page: Page): Promise<Page> {
  const again = await page.context().newPage()
  const url = page.url()
  await page.close()
  await again.goto(url)
  return again
}

/**
 * Puts a certificate with one day left in place of the app's own, as a year of use would: at its next start the
 * app renews it (local-certificate.ts), and keeps its identity key.
 */
async function ageCertificate(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const certificate = await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256', expires: 24 * 3600_000 } as EcKeyGenParams)
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open('tonghwa-keys', 1)
      request.onerror = () => reject(request.error)
      request.onsuccess = () => {
        const transaction = request.result.transaction('certificates', 'readwrite')
        transaction.objectStore('certificates').put(certificate, 'dtls')
        transaction.oncomplete = () => resolve()
        transaction.onerror = () => reject(transaction.error)
      }
    })
  })
}

/** Alice calls Bob, compares, marks him as verified, and hangs up. Returns the certificate Bob's app used. */
async function verifyBob(alice: Page, bob: Page, bobCode: string): Promise<string | null> {
  await phoneCall(alice, bob, bobCode)
  await safetyNumbers(alice)
  await alice.getByTestId('mark-verified').click()
  await expect(alice.getByTestId('safety-verification')).toHaveAttribute('data-kind', 'verified')
  const certificate = await sdpFingerprint(alice, 'remoteDescription')
  await hangUp(alice, bob)
  return certificate
}

async function hangUp(alice: Page, bob: Page): Promise<void> {
  await alice.getByTestId('hang-up').click()
  await expect(callPhase(bob)).toHaveAttribute('data-phase', 'peer-left')
  await alice.getByTestId('back-to-start').click()
  await bob.getByTestId('back-to-start').click()
}

test.describe('call safety numbers', () => {
  test('a call shows the same numbers on both sides, one app in English and the other in Korean', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson({ locale: 'ko-KR' })
    await startConnectedCall(alice, bob)

    const [seenByAlice, seenByBob] = [await safetyNumbers(alice), await safetyNumbers(bob)]
    expect(seenByBob).toBe(seenByAlice)
    await expect(alice.getByTestId('safety-panel')).toContainText('Read these numbers to each other')
    await expect(bob.getByTestId('safety-panel')).toContainText('서로 읽어 주세요')
    // The quality panel shows the same numbers.
    await chooseFromMoreMenu(bob, 'toggle-quality')
    await expect(bob.getByTestId('quality-safety-numbers')).toHaveText(seenByAlice)
    await expect(alice.getByTestId('safety-warning')).toHaveAttribute('data-shown', 'false')
  })

  test('with a man in the middle the call connects and media flows both ways, but the two sides see different numbers', async ({
    openPerson,
    browser,
    server,
  }) => {
    const { mitm, context } = await ManInTheMiddle.open(browser, server.httpUrl)
    try {
      mitm.active = true
      const alice = await openPerson({ beforeLoad: mitm.route('a') })
      const bob = await openPerson({ beforeLoad: mitm.route('b'), locale: 'ko-KR' })
      await startConnectedCall(alice, bob)

      // Each side really talks to the attacker: the certificate it sees is the attacker's, not the other person's.
      const attacker = await mitm.fingerprints()
      expect(await sdpFingerprint(alice, 'remoteDescription')).toBe(attacker.a)
      expect(await sdpFingerprint(bob, 'remoteDescription')).toBe(attacker.b)
      expect(attacker.a).not.toBe(await sdpFingerprint(bob, 'localDescription'))
      // What each person sees and hears is the other person's media, relayed: the attack is invisible on screen.
      expect(await mitm.forwarding()).toBe(true)

      expect(await safetyNumbers(alice)).not.toBe(await safetyNumbers(bob))
    } finally {
      await context.close()
    }
  })

  test('a verified contact stays verified across calls; the same attack on them shows the warning at once', async ({ openPerson, browser, server }) => {
    test.setTimeout(150_000)
    const { mitm, context } = await ManInTheMiddle.open(browser, server.httpUrl)
    try {
      const alice = await openPerson({ beforeLoad: mitm.route('a') })
      const bob = await openPerson({ beforeLoad: mitm.route('b') })
      const bobCode = await personalCode(bob)

      await phoneCall(alice, bob, bobCode)
      await safetyNumbers(alice)
      const verification = alice.getByTestId('safety-verification')
      await expect(verification).toHaveAttribute('data-kind', 'unverified')
      await alice.getByTestId('mark-verified').click()
      await expect(verification).toHaveAttribute('data-kind', 'verified')
      await hangUp(alice, bob)

      // A second call: same certificates on both ends, so still verified, without comparing again.
      await phoneCall(alice, bob, bobCode)
      await safetyNumbers(alice)
      await expect(verification).toHaveAttribute('data-kind', 'verified')
      await expect(alice.getByTestId('safety-warning')).toHaveAttribute('data-shown', 'false')
      await hangUp(alice, bob)

      mitm.active = true
      await phoneCall(alice, bob, bobCode)
      // Without opening anything: the warning is on the call screen as soon as the numbers are read.
      const warning = alice.getByTestId('safety-warning')
      await expect(warning).toHaveAttribute('data-shown', 'true', { timeout: 15_000 })
      await expect(warning).toContainText('Bob’s safety numbers changed: compare them again before you talk about anything private.')
      await safetyNumbers(alice)
      await expect(verification).toHaveAttribute('data-kind', 'changed')
    } finally {
      await context.close()
    }
  })

  test('the certificate and the verified mark survive closing and reopening the app (same browser profile)', async ({ openPerson }) => {
    test.setTimeout(120_000)
    const alice = await openPerson()
    const bob = await openPerson()
    const bobCode = await personalCode(bob)

    await phoneCall(alice, bob, bobCode)
    const aliceCertificate = await sdpFingerprint(alice, 'localDescription')
    const bobCertificate = await sdpFingerprint(bob, 'localDescription')
    expect(aliceCertificate).toMatch(/^sha-256 /)
    await safetyNumbers(alice)
    await alice.getByTestId('mark-verified').click()
    await expect(alice.getByTestId('safety-verification')).toHaveAttribute('data-kind', 'verified')
    await hangUp(alice, bob)

    // Restart both apps: the pages go away, new ones load in the same profile (its IndexedDB and localStorage).
    const reopen = async (page: Page): Promise<Page> => {
      const again = await page.context().newPage()
      const url = page.url()
      await page.close()
      await again.goto(url)
      return again
    }
    const alice2 = await reopen(alice)
    const bob2 = await reopen(bob)
    expect(await personalCode(bob2)).toBe(bobCode)

    await phoneCall(alice2, bob2, bobCode)
    expect(await sdpFingerprint(alice2, 'localDescription')).toBe(aliceCertificate)
    expect(await sdpFingerprint(bob2, 'localDescription')).toBe(bobCertificate)
    await safetyNumbers(alice2)
    await expect(alice2.getByTestId('safety-verification')).toHaveAttribute('data-kind', 'verified')
  })

  test('a man in the middle who relays the safety check verbatim is caught: both sides warn and show no numbers', async ({ openPerson, browser, server }) => {
    const { mitm, context } = await ManInTheMiddle.open(browser, server.httpUrl)
    try {
      mitm.active = true
      await mitm.setSafetyMode('relay')
      const alice = await openPerson({ beforeLoad: mitm.route('a') })
      const bob = await openPerson({ beforeLoad: mitm.route('b'), locale: 'ko-KR' })
      await startConnectedCall(alice, bob)
      expect(await mitm.forwarding()).toBe(true)

      // The honest frames name the honest certificates, not the attacker's that each side's DTLS verified.
      for (const page of [alice, bob]) {
        const warning = page.getByTestId('safety-warning')
        await expect(warning).toHaveAttribute('data-shown', 'true', { timeout: 15_000 })
        await expect(warning).toHaveAttribute('data-reason', 'mismatch')
        if (!(await page.getByTestId('safety-panel').isVisible())) await chooseFromMoreMenu(page, 'toggle-safety')
        await expect(page.getByTestId('safety-problem')).toBeVisible()
        await expect(page.getByTestId('safety-numbers')).toHaveCount(0)
      }
      await expect(alice.getByTestId('safety-warning')).toContainText('someone may be in the middle')
    } finally {
      await context.close()
    }
  })

  test('a verified contact stays verified when their app renews its certificate', async ({ openPerson }) => {
    test.setTimeout(150_000)
    const alice = await openPerson()
    const bob = await openPerson()
    const bobCode = await personalCode(bob)
    const oldCertificate = await verifyBob(alice, bob, bobCode)
    expect(oldCertificate).toMatch(/^sha-256 /)

    await ageCertificate(bob)
    const renewed = await restartApp(bob)
    expect(await personalCode(renewed)).toBe(bobCode)

    await phoneCall(alice, renewed, bobCode)
    // Another certificate on Bob's side, signed by the same identity key: still verified, no warning.
    expect(await sdpFingerprint(renewed, 'localDescription')).not.toBe(oldCertificate)
    expect(await sdpFingerprint(alice, 'remoteDescription')).toBe(await sdpFingerprint(renewed, 'localDescription'))
    await safetyNumbers(alice)
    await expect(alice.getByTestId('safety-verification')).toHaveAttribute('data-kind', 'verified')
    await expect(alice.getByTestId('safety-warning')).toHaveAttribute('data-shown', 'false')
  })

  test('after "New safety key" a contact who verified this app sees the warning at once', async ({ openPerson }) => {
    test.setTimeout(150_000)
    const alice = await openPerson()
    const bob = await openPerson()
    const bobCode = await personalCode(bob)
    await verifyBob(alice, bob, bobCode)

    await bob.getByTestId('open-settings').click()
    await expect(bob.getByTestId('safety-key')).toContainText('will see a warning')
    await bob.getByTestId('regenerate-safety-key').click()
    await expect(bob.getByTestId('safety-key-renewed')).toBeVisible()
    await bob.getByTestId('close-settings').click()

    await phoneCall(alice, bob, bobCode)
    const warning = alice.getByTestId('safety-warning')
    await expect(warning).toHaveAttribute('data-shown', 'true', { timeout: 15_000 })
    await expect(warning).toContainText('Bob’s safety numbers changed: compare them again before you talk about anything private.')
    await safetyNumbers(alice)
    await expect(alice.getByTestId('safety-verification')).toHaveAttribute('data-kind', 'changed')
  })
})
