/**
 * The call's quality in figures, from two successive `getStats()` snapshots (webrtc-stats): what is a rate or
 * a share (bitrate, packet loss) is the change between them; the rest is read off the newer one. Pure: the
 * snapshots are plain arrays of stats dictionaries, so tests feed it reports captured from Chromium.
 *
 * Every figure is `null` when the browser does not report it (yet): the first snapshot has no interval to
 * measure rates over, an audio-only call has no resolution, and so on.
 */
import type { StatsLike, StatsReportLike } from './rtc-types'

export type StatsSnapshot = readonly StatsLike[]

/** host, srflx (server-reflexive), prflx (peer-reflexive) or relay; kept as a string for anything newer. */
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay' | (string & {})

export interface CandidateInfo {
  readonly type: CandidateType | null
  /** The transport between the two ends: `udp` or `tcp`. */
  readonly protocol: string | null
  /** For a relayed local candidate, how this side reaches its TURN server: `udp`, `tcp` or `tls`. */
  readonly relayProtocol: string | null
}

export interface VideoFigures {
  readonly width: number | null
  readonly height: number | null
  readonly framesPerSecond: number | null
}

export interface QualityFigures {
  /** Round-trip time to the other person, ms. */
  readonly roundTripMs: number | null
  /** Jitter of what arrives (audio if there is any, else video), ms. */
  readonly jitterMs: number | null
  /** Share of packets lost, %: of what we received over the interval, and of what we sent (the other side's last report). */
  readonly lossInPercent: number | null
  readonly lossOutPercent: number | null
  /** Media bitrate over the interval, bits per second. */
  readonly sendBitrate: number | null
  readonly receiveBitrate: number | null
  readonly sentVideo: VideoFigures | null
  readonly receivedVideo: VideoFigures | null
  /** Codec names as the browser spells them after the `audio/` or `video/` of the MIME type: `opus`, `VP8`. */
  readonly audioCodec: string | null
  readonly videoCodec: string | null
  /** The two ends of the candidate pair in use, or null before one is chosen. */
  readonly local: CandidateInfo | null
  readonly remote: CandidateInfo | null
}

/** A report as a plain array of its dictionaries. */
export function snapshotOf(report: StatsReportLike): StatsSnapshot {
  const stats: StatsLike[] = []
  report.forEach((stat) => stats.push(stat))
  return stats
}

export function readQuality(previous: StatsSnapshot | null, current: StatsSnapshot): QualityFigures {
  const byId = new Map(current.map((stat) => [stat.id, stat]))
  const before = new Map((previous ?? []).map((stat) => [stat.id, stat]))
  const inbound = ofType(current, 'inbound-rtp')
  const outbound = ofType(current, 'outbound-rtp')
  const pair = selectedPair(current, byId)
  const local = pair ? byId.get(text(pair.localCandidateId) ?? '') : undefined
  const remote = pair ? byId.get(text(pair.remoteCandidateId) ?? '') : undefined
  return {
    roundTripMs: roundTripMs(pair, ofType(current, 'remote-inbound-rtp')),
    jitterMs: jitterMs(inbound),
    lossInPercent: lossPercent(inbound, before),
    lossOutPercent: remoteLossPercent(ofType(current, 'remote-inbound-rtp'), before, byId),
    sendBitrate: bitrate(outbound, before, 'bytesSent'),
    receiveBitrate: bitrate(inbound, before, 'bytesReceived'),
    sentVideo: videoFigures(outbound),
    receivedVideo: videoFigures(inbound),
    audioCodec: codecName([...outbound, ...inbound], byId, 'audio'),
    videoCodec: codecName([...outbound, ...inbound], byId, 'video'),
    local: local ? candidateInfo(local) : null,
    remote: remote ? candidateInfo(remote) : null,
  }
}

/**
 * The pair in use: the transport's `selectedCandidatePairId`; without one (older browsers, Firefox), a pair
 * marked `selected`, or else the nominated, succeeded pair that carried the most.
 */
function selectedPair(stats: StatsSnapshot, byId: ReadonlyMap<string, StatsLike>): StatsLike | undefined {
  for (const transport of ofType(stats, 'transport')) {
    const pair = byId.get(text(transport.selectedCandidatePairId) ?? '')
    if (pair) return pair
  }
  const pairs = ofType(stats, 'candidate-pair')
  const marked = pairs.find((pair) => pair.selected === true)
  if (marked) return marked
  const working = pairs.filter((pair) => pair.nominated === true && pair.state === 'succeeded')
  return working.sort((a, b) => (number(b.bytesSent) ?? 0) - (number(a.bytesSent) ?? 0))[0]
}

function roundTripMs(pair: StatsLike | undefined, remoteInbound: StatsSnapshot): number | null {
  const current = number(pair?.currentRoundTripTime)
  if (current !== null) return current * 1000
  const reported = remoteInbound.map((stat) => number(stat.roundTripTime)).filter((value) => value !== null)
  return reported.length > 0 ? Math.max(...reported) * 1000 : null
}

function jitterMs(inbound: StatsSnapshot): number | null {
  const audio = inbound.find((stat) => stat.kind === 'audio' && number(stat.jitter) !== null)
  const any = audio ?? inbound.find((stat) => number(stat.jitter) !== null)
  const jitter = number(any?.jitter)
  return jitter === null ? null : jitter * 1000
}

/** Lost / (received + lost) over the interval, for the streams we receive. */
function lossPercent(inbound: StatsSnapshot, before: ReadonlyMap<string, StatsLike>): number | null {
  let lost = 0
  let received = 0
  let measured = false
  for (const stat of inbound) {
    const old = before.get(stat.id)
    const lostDelta = delta(stat, old, 'packetsLost')
    const receivedDelta = delta(stat, old, 'packetsReceived')
    if (lostDelta === null || receivedDelta === null) continue
    measured = true
    // packetsLost can go down (late packets counted after all, RFC 3550 §6.4.1): never below zero.
    lost += Math.max(0, lostDelta)
    received += Math.max(0, receivedDelta)
  }
  return measured ? share(lost, received + lost) : null
}

/**
 * What the other side says it lost of what we sent, from its RTCP receiver reports (`remote-inbound-rtp`):
 * `fractionLost` is the share lost since its previous report (RFC 3550 §6.4.1), so it is the interval's loss
 * already. Without it, packetsLost against the matching `outbound-rtp` packetsSent over the interval. The
 * worse of the streams (audio, video) counts.
 */
function remoteLossPercent(
  remoteInbound: StatsSnapshot,
  before: ReadonlyMap<string, StatsLike>,
  byId: ReadonlyMap<string, StatsLike>,
): number | null {
  let worst: number | null = null
  for (const stat of remoteInbound) {
    let percent = number(stat.fractionLost)
    if (percent !== null) {
      percent *= 100
    } else {
      const lostDelta = delta(stat, before.get(stat.id), 'packetsLost')
      const outbound = byId.get(text(stat.localId) ?? '')
      const sentDelta = outbound ? delta(outbound, before.get(outbound.id), 'packetsSent') : null
      if (lostDelta === null || sentDelta === null) continue
      percent = share(Math.max(0, lostDelta), Math.max(sentDelta, lostDelta, 0))
    }
    worst = worst === null ? percent : Math.max(worst, percent)
  }
  return worst
}

function bitrate(streams: StatsSnapshot, before: ReadonlyMap<string, StatsLike>, bytesField: string): number | null {
  let bits = 0
  let seconds = 0
  for (const stat of streams) {
    const old = before.get(stat.id)
    const bytes = delta(stat, old, bytesField)
    if (bytes === null || !old || stat.timestamp <= old.timestamp) continue
    bits += Math.max(0, bytes) * 8
    seconds = Math.max(seconds, (stat.timestamp - old.timestamp) / 1000)
  }
  return seconds > 0 ? bits / seconds : null
}

/** The video stream with the most pixels (with simulcast there is one `outbound-rtp` per layer). */
function videoFigures(streams: StatsSnapshot): VideoFigures | null {
  const video = streams
    .filter((stat) => stat.kind === 'video')
    .sort((a, b) => pixels(b) - pixels(a))[0]
  if (!video) return null
  return { width: number(video.frameWidth), height: number(video.frameHeight), framesPerSecond: number(video.framesPerSecond) }
}

function codecName(streams: StatsSnapshot, byId: ReadonlyMap<string, StatsLike>, kind: 'audio' | 'video'): string | null {
  for (const stat of streams) {
    if (stat.kind !== kind) continue
    const mimeType = text(byId.get(text(stat.codecId) ?? '')?.mimeType)
    if (mimeType) return mimeType.slice(mimeType.indexOf('/') + 1)
  }
  return null
}

function candidateInfo(candidate: StatsLike): CandidateInfo {
  return {
    type: text(candidate.candidateType),
    protocol: text(candidate.protocol),
    relayProtocol: text(candidate.relayProtocol),
  }
}

function ofType(stats: StatsSnapshot, type: string): StatsLike[] {
  return stats.filter((stat) => stat.type === type)
}

function delta(stat: StatsLike, old: StatsLike | undefined, field: string): number | null {
  const now = number(stat[field])
  const then = number(old?.[field])
  return now === null || then === null ? null : now - then
}

function share(part: number, whole: number): number {
  return whole > 0 ? (part / whole) * 100 : 0
}

function pixels(stat: StatsLike): number {
  return (number(stat.frameWidth) ?? 0) * (number(stat.frameHeight) ?? 0)
}

function number(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null
}
