import { test, expect } from './support/fixtures'
import { callPhase, createRoom, joinCall } from './support/call-flow'

/**
 * "You're muted" against real audio. Chromium's fake microphone beeps twice a second (loud for about a tenth of a
 * second each time, after the browser's audio processing): that stands for a person talking. For a person who is
 * silent, an init script swaps the microphone track for one carrying digital silence, made with Web Audio. That
 * runs in the same shared browser as every other test (a second Chromium with --use-file-for-fake-audio-capture
 * would cost a launch on a two-core machine and a sound file to make), and silence from a ConstantSource at 0
 * is exactly silent, where a recorded file would depend on its encoding.
 */
function silentMicrophone(): void {
  const media = navigator.mediaDevices
  const original = media.getUserMedia.bind(media)
  media.getUserMedia = async (constraints) => {
    const stream = await original(constraints)
    if (!constraints?.audio) return stream
    for (const track of stream.getAudioTracks()) {
      stream.removeTrack(track)
      track.stop()
    }
    const context = new AudioContext()
    const destination = context.createMediaStreamDestination()
    const silence = context.createConstantSource()
    silence.offset.value = 0
    silence.connect(destination)
    silence.start()
    stream.addTrack(destination.stream.getAudioTracks()[0]!)
    return stream
  }
}

/** Alone in a new room: the call screen, with the microphone open. */
async function inCall(page: import('@playwright/test').Page): Promise<void> {
  await createRoom(page)
  await joinCall(page)
  await expect(callPhase(page)).toHaveAttribute('data-phase', 'waiting')
  await expect(page.getByTestId('toggle-mic')).toBeEnabled()
}

/** How long the tests below wait to be sure of a "no": well past the beep's few seconds to show it. */
const QUIET_WAIT_MS = 5_000

test.describe('"You\'re muted"', () => {
  test('shows for the microphone\'s sound while muted, never while unmuted, and Unmute on it unmutes', async ({ openPerson }) => {
    const alice = await openPerson()
    await inCall(alice)
    const hint = alice.getByTestId('muted-speech-hint')
    const meter = alice.getByTestId('call-mic-level')
    // Unmuted: the meter beside Mute moves with the beep, and there is no hint.
    await expect.poll(async () => Number(await meter.getAttribute('value')), { timeout: 10_000 }).toBeGreaterThan(0.01)
    await alice.waitForTimeout(QUIET_WAIT_MS)
    await expect(hint).toHaveCount(0)

    await alice.getByTestId('toggle-mic').click()
    await expect(hint).toBeVisible({ timeout: QUIET_WAIT_MS })
    await expect(hint).toContainText("You're muted")
    // What the other person hears while muted: nothing.
    expect(Number(await meter.getAttribute('value'))).toBe(0)

    await hint.getByTestId('unmute-from-hint').click()
    await expect(hint).toHaveCount(0)
    await expect(alice.getByTestId('toggle-mic')).toHaveAttribute('data-muted', 'false')
  })

  test('does not show while muted when the microphone is silent', async ({ openPerson }) => {
    const alice = await openPerson({ initScripts: [silentMicrophone] })
    await inCall(alice)
    await alice.getByTestId('toggle-mic').click()
    await expect(alice.getByTestId('toggle-mic')).toHaveAttribute('data-muted', 'true')
    await alice.waitForTimeout(QUIET_WAIT_MS)
    await expect(alice.getByTestId('muted-speech-hint')).toHaveCount(0)
  })
})

test.describe('the pre-join speaker test', () => {
  test('plays a chime on the chosen speaker and says what to expect', async ({ openPerson }) => {
    const alice = await openPerson()
    await createRoom(alice)
    const note = alice.getByTestId('speaker-test-note')
    await expect(note).toContainText(/two-note chime/)
    await alice.getByTestId('test-speaker').click()
    await expect(note).toHaveAttribute('data-status', 'playing')
    await expect(alice.getByTestId('test-speaker')).toBeDisabled()
    await expect(note).toHaveAttribute('data-status', 'played', { timeout: 5_000 })
    await expect(note).toContainText(/If you hear nothing/)
  })
})
