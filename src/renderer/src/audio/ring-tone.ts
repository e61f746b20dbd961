/**
 * The ring of an incoming call, synthesized with Web Audio (no sound files to ship or to allow in the CSP): a
 * soft three-note chime every 2.5 s, each note a sine with a quick attack and a long decay. `stop()` ends it
 * and closes the AudioContext, which releases the audio device.
 *
 * Written against the small part of Web Audio it uses, so the scheduling is tested in Node with a fake.
 */

/** A sound that plays until stopped. */
export interface Ringer {
  stop(): void
}
export type StartRinger = () => Ringer

interface AudioParamLike {
  setValueAtTime(value: number, time: number): unknown
  linearRampToValueAtTime(value: number, time: number): unknown
  exponentialRampToValueAtTime(value: number, time: number): unknown
}
export interface AudioNodeLike {
  connect(destination: AudioNodeLike): unknown
  disconnect(): void
}
export interface GainNodeLike extends AudioNodeLike {
  readonly gain: AudioParamLike
}
export interface OscillatorNodeLike extends AudioNodeLike {
  type: string
  readonly frequency: AudioParamLike
  start(when: number): void
  stop(when: number): void
}
export interface AudioContextLike {
  readonly currentTime: number
  readonly destination: AudioNodeLike
  readonly state: string
  createGain(): GainNodeLike
  createOscillator(): OscillatorNodeLike
  resume(): Promise<void>
  close(): Promise<void>
}

export interface RingToneOptions {
  createContext: () => AudioContextLike
  /** Default: `setInterval`/`clearInterval`. */
  every?: (callback: () => void, ms: number) => () => void
  onError?: (error: unknown) => void
}

/** E5, G#5, B5: an E major arpeggio, friendly rather than alarming. */
const NOTES_HZ = [659.25, 830.61, 987.77] as const
const NOTE_GAP_S = 0.16
const NOTE_LENGTH_S = 0.9
const PERIOD_MS = 2_500
const VOLUME = 0.22

export function startRingTone(options: RingToneOptions): Ringer {
  const onError = options.onError ?? (() => undefined)
  const every = options.every ?? defaultEvery
  let context: AudioContextLike
  try {
    context = options.createContext()
  } catch (error) {
    // No audio output (or no Web Audio): the incoming-call screen still shows.
    onError(error)
    return { stop: () => undefined }
  }
  const master = context.createGain()
  master.gain.setValueAtTime(VOLUME, context.currentTime)
  master.connect(context.destination)
  // A context made without a recent click may start suspended; an incoming call is worth trying to be heard.
  if (context.state === 'suspended') context.resume().catch(() => undefined)

  const chime = () => {
    try {
      const start = context.currentTime + 0.05
      NOTES_HZ.forEach((hz, index) => playChimeNote(context, master, hz, start + index * NOTE_GAP_S, NOTE_LENGTH_S))
    } catch (error) {
      onError(error)
    }
  }
  chime()
  const cancel = every(chime, PERIOD_MS)
  let stopped = false
  return {
    stop: () => {
      if (stopped) return
      stopped = true
      cancel()
      master.disconnect()
      context.close().catch(onError)
    },
  }
}

/**
 * One chime note on `output`: a sine with a 15 ms attack and an exponential decay over `lengthS`. The ring and the
 * speaker test (speaker-test.ts) are made of these.
 */
export function playChimeNote(context: AudioContextLike, output: AudioNodeLike, hz: number, at: number, lengthS: number): void {
  const oscillator = context.createOscillator()
  const envelope = context.createGain()
  oscillator.type = 'sine'
  oscillator.frequency.setValueAtTime(hz, at)
  envelope.gain.setValueAtTime(0.0001, at)
  envelope.gain.linearRampToValueAtTime(1, at + 0.015)
  envelope.gain.exponentialRampToValueAtTime(0.0001, at + lengthS)
  oscillator.connect(envelope)
  envelope.connect(output)
  oscillator.start(at)
  oscillator.stop(at + lengthS + 0.05)
}

function defaultEvery(callback: () => void, ms: number): () => void {
  const id = setInterval(callback, ms)
  return () => clearInterval(id)
}
