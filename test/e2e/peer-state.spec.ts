/**
 * The other person's state on their tile (issue 16): their name and initials when their camera is off, a muted mark
 * when they mute, told peer to peer on the `peer-state` data channel (docs/protocol.md, "On the peer connection").
 */
import type { Page } from '@playwright/test'
import { test, expect } from './support/fixtures'
import { expectMediaFlowing, joinSameRoom, callPhase } from './support/call-flow'
import { inboundMedia } from './support/media-stats'
import { addContact, callContact, personalCode } from './support/phone-flow'

/** An init script: remembers every data channel the page creates, so a test can send on the app's own channel. */
function recordDataChannels(): void {
  const channels: RTCDataChannel[] = []
  Object.defineProperty(window, '__dataChannels', { value: channels })
  const create = RTCPeerConnection.prototype.createDataChannel
  RTCPeerConnection.prototype.createDataChannel = function (this: RTCPeerConnection, ...args: Parameters<RTCPeerConnection['createDataChannel']>) {
    const channel = create.apply(this, args)
    channels.push(channel)
    return channel
  }
}

/** Settings → "Your name", from the home screen and back. */
async function setDisplayName(page: Page, name: string): Promise<void> {
  await page.getByTestId('open-settings').click()
  await page.getByTestId('display-name-input').fill(name)
  await page.getByTestId('display-name-input').press('Enter')
  await expect(page.getByTestId('display-name-saved')).toBeVisible()
  await page.getByTestId('close-settings').click()
}

/**
 * How bright the remote picture is now, 0..255: Chromium's fake camera draws a bright moving pattern, and a camera
 * turned off sends black frames, so this tells a picture from no picture where "frames arrive" cannot.
 */
function remoteBrightness(page: Page): Promise<number> {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]')
    if (!video || video.videoWidth === 0) return 0
    const canvas = document.createElement('canvas')
    canvas.width = 64
    canvas.height = 36
    const context = canvas.getContext('2d', { willReadFrequently: true })!
    context.drawImage(video, 0, 0, canvas.width, canvas.height)
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data
    let sum = 0
    for (let i = 0; i < pixels.length; i += 4) sum += (pixels[i]! + pixels[i + 1]! + pixels[i + 2]!) / 3
    return sum / (pixels.length / 4)
  })
}

const overlay = (page: Page) => page.getByTestId('remote-overlay')

test.describe('the other person’s state on their tile', () => {
  test('B turns the camera off and mutes: A sees B’s name, initials and the muted mark at once; back on, the mark goes and the picture returns', async ({
    openPerson,
  }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    // A room call: no contact on either side, so the name shown is the one Bob set.
    await setDisplayName(bob, '  Minji   Kim ')
    await joinSameRoom(alice, bob)
    await expectMediaFlowing(alice)
    await expect.poll(() => remoteBrightness(alice), { message: 'Bob’s camera picture arrives' }).toBeGreaterThan(20)
    await expect(overlay(alice)).toHaveAttribute('data-no-picture', 'false')
    await expect(alice.getByTestId('remote-muted')).toHaveCount(0)
    // Chromium's fake microphone beeps: the ring comes on while the beeps arrive.
    await expect(overlay(alice)).toHaveAttribute('data-speaking', 'true', { timeout: 5_000 })

    await bob.getByTestId('toggle-camera').click()
    await expect(alice.getByTestId('remote-person')).toBeVisible({ timeout: 1_000 })
    await expect(alice.getByTestId('remote-initials')).toHaveText('MK', { timeout: 1_000 })
    await expect(alice.getByTestId('remote-name')).toHaveText('Minji Kim', { timeout: 1_000 })
    await expect(alice.getByTestId('remote-muted')).toHaveCount(0)
    // What arrives meanwhile is black frames: the brightness below tells a picture from none.
    await expect.poll(() => remoteBrightness(alice), { message: 'black frames while the camera is off' }).toBeLessThan(5)

    await bob.getByTestId('toggle-mic').click()
    await expect(alice.getByTestId('remote-muted')).toBeVisible({ timeout: 1_000 })
    await expect(alice.getByTestId('remote-muted')).toHaveAccessibleName('Microphone muted')
    await expect(alice.getByTestId('remote-state-announcement')).toHaveText('Minji Kim: camera off, microphone muted')
    // A muted person is never shown speaking.
    await expect(overlay(alice)).toHaveAttribute('data-speaking', 'false', { timeout: 1_000 })

    await bob.getByTestId('toggle-camera').click()
    await bob.getByTestId('toggle-mic').click()
    await expect(alice.getByTestId('remote-muted')).toHaveCount(0, { timeout: 1_000 })
    await expect(alice.getByTestId('remote-person')).toHaveCount(0, { timeout: 1_000 })
    const before = (await inboundMedia(alice)).framesDecoded
    await expect.poll(async () => (await inboundMedia(alice)).framesDecoded, { message: 'frames keep arriving' }).toBeGreaterThan(before + 10)
    await expect.poll(() => remoteBrightness(alice), { message: 'the picture is back, not black frames' }).toBeGreaterThan(20)
    await expect(callPhase(alice)).toHaveAttribute('data-phase', 'connected')
  })

  test('a call with a saved contact shows the contact’s name; without a name, a generic person', async ({ openPerson }) => {
    const alice = await openPerson()
    const bob = await openPerson()
    const bobCode = await personalCode(bob)
    await setDisplayName(bob, 'Minji Kim')
    // Alice saved Bob as "Bobby": that is the name she sees, not the one Bob set. Bob saved nobody, and Alice set no name.
    await addContact(alice, 'Bobby', bobCode)
    await callContact(alice, 'Bobby', bobCode)
    await bob.getByTestId('accept-call').click()
    await expectMediaFlowing(alice)
    await expectMediaFlowing(bob)

    await bob.getByTestId('toggle-camera').click()
    await expect(alice.getByTestId('remote-name')).toHaveText('Bobby', { timeout: 1_000 })
    await expect(alice.getByTestId('remote-initials')).toHaveText('B')

    await alice.getByTestId('toggle-camera').click()
    await expect(bob.getByTestId('remote-person')).toBeVisible({ timeout: 1_000 })
    await expect(bob.getByTestId('remote-name')).toHaveCount(0)
    await expect(bob.getByTestId('remote-initials').locator('svg')).toBeVisible()
  })

  test('a malformed or hostile frame on the peer-state channel is ignored, and the call goes on', async ({ openPerson }) => {
    const errors: string[] = []
    const alice = await openPerson()
    alice.on('pageerror', (error) => errors.push(error.message))
    const bob = await openPerson({ initScripts: [recordDataChannels] })
    await setDisplayName(bob, 'Minji')
    await joinSameRoom(alice, bob)
    await expectMediaFlowing(alice)
    await bob.getByTestId('toggle-mic').click()
    await expect(alice.getByTestId('remote-muted')).toBeVisible({ timeout: 1_000 })

    const sent = await bob.evaluate(() => {
      const channel = (window as unknown as { __dataChannels: RTCDataChannel[] }).__dataChannels.findLast((candidate) => candidate.label === 'peer-state')
      if (!channel || channel.readyState !== 'open') return 0
      const hostile: Array<string | ArrayBuffer> = [
        'garbage \u0000\u00ff {',
        new Uint8Array([0xde, 0xad, 0xbe, 0xef]).buffer,
        '{"v":1,"type":"state","audio":"yes","video":true,"screen":false}',
        '{"v":2,"type":"state","audio":true,"video":true,"screen":false}',
        '{"v":1,"type":"chat","id":"x","text":"hi","sentAt":1}',
        JSON.stringify({ v: 1, type: 'state', audio: true, video: false, screen: false, name: 'x'.repeat(500) }),
        `{"v":1,"type":"state","pad":"${'x'.repeat(60_000)}"}`,
        'null',
        '[]',
      ]
      for (const frame of hostile) channel.send(frame as string)
      return hostile.length
    })
    expect(sent).toBe(9)

    // None of it changed what Alice shows, and the call goes on.
    await expect(alice.getByTestId('remote-muted')).toBeVisible()
    await expect(overlay(alice)).toHaveAttribute('data-no-picture', 'false')
    const before = (await inboundMedia(alice)).framesDecoded
    await expect.poll(async () => (await inboundMedia(alice)).framesDecoded).toBeGreaterThan(before + 10)
    await expect(callPhase(alice)).toHaveAttribute('data-phase', 'connected')

    // The channel still carries Bob's real state afterwards.
    await bob.getByTestId('toggle-mic').click()
    await expect(alice.getByTestId('remote-muted')).toHaveCount(0, { timeout: 1_000 })
    await bob.getByTestId('toggle-camera').click()
    await expect(alice.getByTestId('remote-name')).toHaveText('Minji', { timeout: 1_000 })
    expect(errors).toEqual([])
  })

  test('an app without the peer-state channel still calls: nothing is said about it, and it is not shown muted', async ({ openPerson }) => {
    // Bob's app stands for an older one: its channel 1 does not exist (it is made under another id nobody reads).
    const olderApp = (): void => {
      const create = RTCPeerConnection.prototype.createDataChannel
      RTCPeerConnection.prototype.createDataChannel = function (this: RTCPeerConnection, label: string, init?: RTCDataChannelInit) {
        return create.call(this, label, label === 'peer-state' ? { ...init, id: 41 } : init)
      }
    }
    const alice = await openPerson()
    const bob = await openPerson({ initScripts: [olderApp] })
    await setDisplayName(bob, 'Minji')
    await joinSameRoom(alice, bob)
    await expectMediaFlowing(alice)
    await expectMediaFlowing(bob)

    await bob.getByTestId('toggle-mic').click()
    // Nothing can say Bob muted: no mark, and the call and its chat go on as before.
    await alice.waitForTimeout(1_000)
    await expect(alice.getByTestId('remote-muted')).toHaveCount(0)
    await expect(alice.getByTestId('remote-name')).toHaveCount(0)
    await alice.getByTestId('toggle-chat').click()
    await alice.getByTestId('chat-input').fill('still there?')
    await alice.getByTestId('chat-send').click()
    await bob.getByTestId('toggle-chat').click()
    await expect(bob.locator('[data-testid="chat-message"][data-from="them"]')).toContainText('still there?')
    await expect(callPhase(alice)).toHaveAttribute('data-phase', 'connected')
  })
})
