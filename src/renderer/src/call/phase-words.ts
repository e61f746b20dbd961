/**
 * The status line for a call phase, in the person's language: `callText().phase[note]`, except where the phase
 * carries a value the sentence needs (how long the server asked to wait before joining again).
 */
import { callText } from '../i18n/messages/call'
import { secondsToWait } from '../phone/outgoing-call'
import type { CallPhase } from './call-phase'

export function phaseWords(phase: CallPhase): string {
  const text = callText()
  if (phase.name !== 'reconnecting' && phase.note === 'tooManyAttempts' && phase.retryAfterMs !== undefined) {
    return text.tooManyAttemptsWait(secondsToWait(phase.retryAfterMs) ?? 1)
  }
  return text.phase[phase.note]
}
