/**
 * The pre-join speaker test: a short two-note chime ("ding-dong", A5 then E5), each note a sine with a quick
 * attack and a decay, so the person hears at once whether the chosen speaker works and how loud it is.
 * Written against the small part of Web Audio it uses (ring-tone.ts's types and its chime note), so it is tested in Node.
 */
import { playChimeNote, type AudioContextLike } from './ring-tone'

type OutputLike = AudioContextLike['destination']

/** A5 then E5, a falling fifth: a doorbell, friendly and unmistakable. */
export const TEST_CHIME_NOTES = [
  { hz: 880, at: 0 },
  { hz: 659.25, at: 0.32 },
] as const
const NOTE_LENGTH_S = 0.8
/** Loud enough to hear over a fan at a normal volume, soft enough not to startle with headphones on. */
const VOLUME = 0.3
/** A little room at the start so the first note's attack is not cut off while the output wakes up. */
const LEAD_IN_S = 0.05

/** Schedules the chime on `output`; returns how long it lasts, in ms, from now. */
export function scheduleTestChime(context: AudioContextLike, output: OutputLike): number {
  const start = context.currentTime + LEAD_IN_S
  const master = context.createGain()
  master.gain.setValueAtTime(VOLUME, start)
  master.connect(output)
  for (const note of TEST_CHIME_NOTES) playChimeNote(context, master, note.hz, start + note.at, NOTE_LENGTH_S)
  const last = TEST_CHIME_NOTES[TEST_CHIME_NOTES.length - 1]!.at
  // A little after the last oscillator stops, so closing the context then cuts nothing off.
  return Math.ceil((LEAD_IN_S + last + NOTE_LENGTH_S + 0.1) * 1000)
}
