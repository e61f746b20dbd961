/**
 * The browser side of the microphone meter: a Web Audio graph `MediaStreamAudioSourceNode → AnalyserNode`,
 * never connected to the speakers (the person must not hear themselves). Chromium pulls an AnalyserNode even
 * when nothing is connected after it.
 */
import type { LevelSource, ScheduleFrame } from './mic-level'

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
