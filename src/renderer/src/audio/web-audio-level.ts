/**
 * The browser side of Web Audio. The microphone meter: a graph `MediaStreamAudioSourceNode → AnalyserNode`,
 * never connected to the speakers (the person must not hear themselves); Chromium pulls an AnalyserNode even
 * when nothing is connected after it. And the ring tone's real `AudioContext`.
 */
import type { LevelSource, ScheduleFrame } from './mic-level'
import { startRingTone, type Ringer } from './ring-tone'

/** A level source for the first audio track of `stream`. The graph follows that track, not later ones. */
export function openWebAudioLevelSource(stream: MediaStream): LevelSource {
  const context = new AudioContext()
  const source = context.createMediaStreamSource(stream)
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
