/**
 * The browser side of Web Audio. The microphone meter: a graph `MediaStreamAudioSourceNode → AnalyserNode`,
 * never connected to the speakers (the person must not hear themselves); Chromium pulls an AnalyserNode even
 * when nothing is connected after it. And the ring tone's real `AudioContext`.
 *
 * The meter listens to a *clone* of the microphone track: mute disables the track that is sent (it then
 * carries silence), while the clone stays enabled, so "You're muted" can still hear the person talk. A clone
 * shares the capture and its processing (echo cancellation included), and is stopped with the meter.
 */
import type { LevelSource, ScheduleFrame } from './mic-level'
import { startRingTone, type Ringer } from './ring-tone'

/** A level source for the first audio track of `stream`. The graph follows that track, not later ones. */
export function openWebAudioLevelSource(stream: MediaStream): LevelSource {
  const clone = stream.getAudioTracks()[0]?.clone() ?? null
  let context: AudioContext
  let source: MediaStreamAudioSourceNode
  try {
    context = new AudioContext()
    source = context.createMediaStreamSource(clone ? new MediaStream([clone]) : stream)
  } catch (error) {
    // A clone left running would keep the microphone open after the call.
    clone?.stop()
    throw error
  }
  const analyser = context.createAnalyser()
  analyser.fftSize = 1024
  source.connect(analyser)
  // A context made without a recent click starts suspended; capture being live usually lets it run.
  context.resume().catch(() => undefined)
  return {
    size: analyser.fftSize,
    read: (samples) => analyser.getFloatTimeDomainData(samples),
    close: () => {
      source.disconnect()
      clone?.stop()
      context.close().catch(() => undefined)
    },
  }
}

export const scheduleAnimationFrame: ScheduleFrame = (callback) => {
  const id = requestAnimationFrame(callback)
  return () => cancelAnimationFrame(id)
}

/** The ring of an incoming call on the browser's Web Audio (ring-tone.ts has the sound itself). */
export function startWebAudioRingTone(onError?: (error: unknown) => void): Ringer {
  return startRingTone({ createContext: () => new AudioContext(), onError })
}
