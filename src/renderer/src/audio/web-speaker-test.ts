/**
 * The speaker test on the browser's Web Audio, through the chosen speaker. An AudioContext plays on the
 * default output (its own `setSinkId` is not everywhere), so the chime goes into a MediaStream and out through
 * an <audio> element, whose `setSinkId` is what the call's video uses too (VideoView): the test then sounds
 * where the other person will.
 */
import { SYSTEM_DEFAULT_DEVICE_ID } from '../../../shared/devices'
import { scheduleTestChime } from './speaker-test'

/** Plays the chime on `sinkId` (null: wherever sound plays by default); resolves once it has played. */
export async function playWebAudioTestChime(sinkId: string | null): Promise<void> {
  const context = new AudioContext()
  const element = new Audio()
  try {
    const destination = context.createMediaStreamDestination()
    element.srcObject = destination.stream
    // The empty string is the spec's name for the user agent's default output.
    if (sinkId !== null && typeof element.setSinkId === 'function') await element.setSinkId(sinkId === SYSTEM_DEFAULT_DEVICE_ID ? '' : sinkId)
    await context.resume()
    const lengthMs = scheduleTestChime(context, destination)
    await element.play()
    await new Promise((resolve) => setTimeout(resolve, lengthMs))
  } finally {
    element.pause()
    element.srcObject = null
    await context.close().catch(() => undefined)
  }
}
