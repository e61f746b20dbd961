/**
 * What lab-probe.js reads from a page (cumulative counters of the newest peer connection), and the figures the
 * bench makes of two readings: shares and rates over the interval between them. Pure.
 */
export interface MediaReading {
  /** Wall-clock ms (the page's `performance.timeOrigin + now()`). */
  at: number
  connected: boolean
  audio: { concealedSamples: number; silentConcealedSamples: number; totalSamplesReceived: number; packetsReceived: number; packetsLost: number }
  video: { framesDecoded: number; totalFreezesDuration: number; freezeCount: number; frameWidth: number; frameHeight: number; bytesReceived: number; framesPerSecond: number }
  /** What this side sends: RTP payload plus RTP headers, per kind. */
  sent: { audioBytes: number; videoBytes: number; videoHeight: number; videoFps: number; limitation: string }
  /** The selected candidate pair: everything on the transport (RTP, RTCP, data channel, STUN), SRTP included. */
  wire: { bytesSent: number; bytesReceived: number; packetsSent: number; packetsReceived: number; availableOutgoingBitrate: number }
  /** The call screen's network notice (`data-side`), or null on the floor page. */
  notice: string | null
}

/** IPv4 (20 bytes) and UDP (8 bytes) headers, which the candidate pair's byte counts leave out. */
const IP_UDP_HEADER_BYTES = 28

function seconds(from: MediaReading, to: MediaReading): number {
  return Math.max(1e-3, (to.at - from.at) / 1000)
}

/** Concealed / received audio samples over the interval, 0…1 (what the listener heard made up). */
export function concealedShare(from: MediaReading, to: MediaReading): { concealed: number; total: number } {
  return {
    concealed: Math.max(0, to.audio.concealedSamples - from.audio.concealedSamples),
    total: Math.max(0, to.audio.totalSamplesReceived - from.audio.totalSamplesReceived),
  }
}

/** Seconds of frozen video over the interval. */
export function frozenSeconds(from: MediaReading, to: MediaReading): number {
  return Math.max(0, to.video.totalFreezesDuration - from.video.totalFreezesDuration)
}

export function framesPerSecond(from: MediaReading, to: MediaReading): number {
  return Math.max(0, to.video.framesDecoded - from.video.framesDecoded) / seconds(from, to)
}

/** Received video bitrate over the interval, kbit/s. */
export function videoKbps(from: MediaReading, to: MediaReading): number {
  return (Math.max(0, to.video.bytesReceived - from.video.bytesReceived) * 8) / 1000 / seconds(from, to)
}

/** Everything this side sent on the wire over the interval, IP and UDP headers included, kbit/s. */
export function wireSendKbps(from: MediaReading, to: MediaReading): number {
  const bytes = to.wire.bytesSent - from.wire.bytesSent + (to.wire.packetsSent - from.wire.packetsSent) * IP_UDP_HEADER_BYTES
  return (Math.max(0, bytes) * 8) / 1000 / seconds(from, to)
}

export function intervalSeconds(from: MediaReading, to: MediaReading): number {
  return seconds(from, to)
}
