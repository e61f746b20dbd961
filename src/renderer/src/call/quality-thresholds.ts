/**
 * Where "good", "fair" and "poor" begin: the one place these thresholds live, read by the indicator in the
 * call bar and the quality panel alike.
 *
 * Round-trip time. ITU-T G.114 puts one-way mouth-to-ear delay up to 150 ms as transparent for most
 * conversations and 400 ms as the limit beyond which it is unacceptable for general planning. Mouth-to-ear is
 * roughly half the network round trip plus capture, encoding, the jitter buffer and playout (some 50–100 ms in
 * WebRTC). So a round trip under 150 ms keeps a call near G.114's transparent range, and at 400 ms (about
 * 250–300 ms one way) people already talk over each other; past that it only gets worse.
 *
 * Packet loss. Opus in-band FEC and video retransmission hide a loss of a percent or two almost entirely;
 * around 5–10 % audio artefacts and frozen or blocky video become plain to see. Under 2 % is good, 8 % or
 * more is poor.
 */

export const QUALITY_THRESHOLDS = {
  /** Good: below both. */
  good: { lossPercentBelow: 2, roundTripMsBelow: 150 },
  /** Poor: at or above either. */
  poor: { lossPercentFrom: 8, roundTripMsFrom: 400 },
} as const

export type QualityLevel = 'good' | 'fair' | 'poor'

export interface QualitySample {
  /** The worse direction's packet loss over the last interval, %; null when not known. */
  readonly lossPercent: number | null
  readonly roundTripMs: number | null
}

/** The level for what was measured, or null when neither loss nor round-trip time is known yet. */
export function classifyQuality({ lossPercent, roundTripMs }: QualitySample): QualityLevel | null {
  if (lossPercent === null && roundTripMs === null) return null
  const { good, poor } = QUALITY_THRESHOLDS
  if ((lossPercent ?? 0) >= poor.lossPercentFrom || (roundTripMs ?? 0) >= poor.roundTripMsFrom) return 'poor'
  if ((lossPercent ?? 0) < good.lossPercentBelow && (roundTripMs ?? 0) < good.roundTripMsBelow) return 'good'
  return 'fair'
}
