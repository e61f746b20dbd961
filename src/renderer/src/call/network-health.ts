/**
 * When the network is the problem, and on whose side: a pure function of the last few seconds of `getStats()`,
 * which the call screen turns into one plain sentence ("Your connection is losing packets; video lowered to keep
 * the sound clear", "Minji's connection is weak").
 *
 * Whose side: what the other person's browser reports losing of what we send (RTCP receiver reports:
 * `remote-inbound-rtp` `fractionLost`), and our encoder held down by the bandwidth estimate
 * (`qualityLimitationReason: 'bandwidth'`), are about what leaves this side: "your connection". Loss, jitter and
 * freezes of what we receive are about what leaves theirs: "their connection". When both directions suffer,
 * the two ends of a call cannot tell where on the path it happens (one bad Wi-Fi link loses packets both ways, and
 * both browsers then see the same thing), so the sentence names the connection between the two, not a culprit.
 *
 * Thresholds, and why (docs/media.md has the measurements):
 * - Loss ≥ 4 % averaged over the last 5 s. Below ~2 % is everyday Wi-Fi and FEC, RED and retransmission hide it
 *   completely; from 4–5 % Chromium's defaults conceal 4–5 % of the audio (an audible crackle) and video starts
 *   to wait for retransmissions, so people notice. The quality indicator turns "poor" at 8 %; this sentence comes
 *   earlier because it says what the app does about it.
 * - Jitter ≥ 50 ms averaged: the jitter buffer then holds the sound back by as much, which pushes mouth-to-ear
 *   delay past ITU-T G.114's transparent 150 ms on most paths.
 * - Video frozen ≥ 1 s of the last 5 (`totalFreezesDuration`, Chromium's own freeze definition), with some sign
 *   of the network in it (loss ≥ 2 % or jitter ≥ 30 ms): a freeze on a clean path is this computer's, not the
 *   network's (measured: a machine busy enough freezes the video of a clean lab call for 2 s in 20).
 * - Bandwidth: the encoder held down (`qualityLimitationReason: 'bandwidth'`) and the bandwidth estimate
 *   (`availableOutgoingBitrate`) under 400 kbit/s, in each of the last 5 readings. The reason alone is not enough:
 *   Chromium keeps reporting it long after a call's start on a clean link, while its resolution climbs back
 *   (seen at 20 s into clean lab calls). Under 400 kbit/s a camera is sent at 360p or less: visibly lowered.
 *   With Low data the video is held down on purpose, so then it is not said at all.
 * - The sentence goes away only when the last 5 s are calm (loss < 2 %, jitter < 30 ms, no freeze, not held
 *   down): a hysteresis band, so a link hovering at the threshold does not make the notice blink.
 */
import type { QualityFigures, StatsSnapshot } from './call-stats'
import type { StatsLike } from './rtc-types'

export interface NetworkSample {
  /** What the other side lost of what we sent, %. */
  readonly sentLossPercent: number | null
  /** What we lost of what they sent, %: the worse stream over the interval. */
  readonly receivedLossPercent: number | null
  readonly jitterMs: number | null
  /** Our video encoder is limited by the bandwidth estimate. */
  readonly sendLimitedByBandwidth: boolean
  /** The bandwidth estimate for what we send (the selected candidate pair's `availableOutgoingBitrate`), bit/s. */
  readonly sendEstimateBps: number | null
  /** How long the video we receive was frozen during this interval, ms. */
  readonly frozenMs: number
}

export type NetworkNotice =
  | { readonly side: 'self'; readonly cause: 'loss' | 'bandwidth' }
  | { readonly side: 'peer' }
  | { readonly side: 'both' }

export const NETWORK_THRESHOLDS = {
  /** Readings judged together (one a second). */
  windowSamples: 5,
  lossPercentFrom: 4,
  jitterMsFrom: 50,
  frozenMsFrom: 1_000,
  slowEstimateBpsBelow: 400_000,
  calm: { lossPercentBelow: 2, jitterMsBelow: 30 },
} as const

export function readNetworkSample(figures: QualityFigures, previous: StatsSnapshot | null, current: StatsSnapshot): NetworkSample {
  const before = new Map((previous ?? []).map((stat) => [stat.id, stat]))
  let frozenMs = 0
  let limited = false
  let worstReceivedLoss: number | null = null
  for (const stat of current) {
    const old = before.get(stat.id)
    if (stat.type === 'inbound-rtp') {
      // The worse stream, as for what we send (RTCP reports per stream): audio is never retransmitted, so its
      // loss is the path's, where video's is hidden by retransmissions and would dilute a pooled figure.
      const lost = delta(stat, old, 'packetsLost')
      const received = delta(stat, old, 'packetsReceived')
      if (lost !== null && received !== null && lost + received > 0) {
        const percent = (Math.max(0, lost) / Math.max(1, received + Math.max(0, lost))) * 100
        worstReceivedLoss = Math.max(worstReceivedLoss ?? 0, percent)
      }
    }
    if (stat.type === 'inbound-rtp' && stat.kind === 'video') {
      const frozen = delta(stat, old, 'totalFreezesDuration')
      if (frozen !== null) frozenMs += Math.max(0, frozen) * 1000
    }
    if (stat.type === 'outbound-rtp' && stat.kind === 'video' && stat.qualityLimitationReason === 'bandwidth') limited = true
  }
  const transport = current.find((stat) => stat.type === 'transport' && typeof stat.selectedCandidatePairId === 'string')
  const pair = current.find((stat) => stat.type === 'candidate-pair' && stat.id === transport?.selectedCandidatePairId)
  return {
    sentLossPercent: figures.lossOutPercent,
    receivedLossPercent: worstReceivedLoss,
    jitterMs: figures.jitterMs,
    sendLimitedByBandwidth: limited,
    sendEstimateBps: number(pair?.availableOutgoingBitrate),
    frozenMs,
  }
}

/**
 * The notice for the last readings (oldest first), given the one on screen now. `lowData`: the encoder is held
 * down on purpose, so "slow connection" is not said.
 */
export function assessNetwork(history: readonly NetworkSample[], shown: NetworkNotice | null, { lowData }: { lowData: boolean }): NetworkNotice | null {
  const t = NETWORK_THRESHOLDS
  const window = history.slice(-t.windowSamples)
  if (window.length < t.windowSamples) return shown
  const sentLoss = mean(window.map((sample) => sample.sentLossPercent))
  const receivedLoss = mean(window.map((sample) => sample.receivedLossPercent))
  const jitter = mean(window.map((sample) => sample.jitterMs))
  const frozenMs = window.reduce((sum, sample) => sum + sample.frozenMs, 0)
  const heldDown = !lowData && window.every((sample) => slow(sample))

  const selfCause = sentLoss !== null && sentLoss >= t.lossPercentFrom ? 'loss' : heldDown ? 'bandwidth' : null
  const networkInIt = (receivedLoss ?? 0) >= t.calm.lossPercentBelow || (jitter ?? 0) >= t.calm.jitterMsBelow
  const peerWeak =
    (receivedLoss !== null && receivedLoss >= t.lossPercentFrom) ||
    (jitter !== null && jitter >= t.jitterMsFrom) ||
    (frozenMs >= t.frozenMsFrom && networkInIt)
  if (selfCause !== null && peerWeak) return same(shown, { side: 'both' })
  if (selfCause !== null) return same(shown, { side: 'self', cause: selfCause })
  if (peerWeak) return same(shown, { side: 'peer' })

  const calm =
    (sentLoss ?? 0) < t.calm.lossPercentBelow &&
    (receivedLoss ?? 0) < t.calm.lossPercentBelow &&
    (jitter ?? 0) < t.calm.jitterMsBelow &&
    frozenMs === 0 &&
    !window.some((sample) => slow(sample) && !lowData)
  return calm ? null : shown
}

/** Held down by a bandwidth estimate that is low in itself, not only by the encoder's slow climb back. */
function slow(sample: NetworkSample): boolean {
  return sample.sendLimitedByBandwidth && sample.sendEstimateBps !== null && sample.sendEstimateBps < NETWORK_THRESHOLDS.slowEstimateBpsBelow
}

/** The notice on screen if it says the same, so the caller can tell nothing changed. */
function same(shown: NetworkNotice | null, next: NetworkNotice): NetworkNotice {
  if (shown && shown.side === next.side && (shown.side !== 'self' || next.side !== 'self' || shown.cause === next.cause)) return shown
  return next
}

function mean(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((value) => value !== null)
  return known.length === 0 ? null : known.reduce((sum, value) => sum + value, 0) / known.length
}

function delta(stat: StatsLike, old: StatsLike | undefined, field: string): number | null {
  const now = number(stat[field])
  const then = number(old?.[field])
  return now === null || then === null ? null : now - then
}

function number(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}
