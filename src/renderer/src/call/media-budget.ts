/**
 * How many bits each kind of media may use, in a normal call and with **Low data** on. The one place these
 * numbers live; docs/media.md argues each of them and bench/RESULTS.md ("Bad networks") measures them.
 *
 * Normal: Chromium's own ceilings for one VP8 stream are 1.7 Mbit/s at 640×480 and 2.5 Mbit/s at 720p. A
 * talking head gains little past ~1.5 Mbit/s at 720p (LiveKit's 720p preset is 1.7 Mbit/s at 30 fps), while a
 * home uplink of 2–5 Mbit/s filled by one video queues up in the router and delays the sound with it. Screen
 * text needs sharpness more than motion: 2.5 Mbit/s at a few frames a second.
 *
 * Low data: the whole call stays under 300 kbit/s in each direction, on the wire (Signal's "low data" cap is the
 * same 300 kbit/s for all media). Audio: Opus at 24 kbit/s is clear wideband speech (RFC 7587 §3.1.1 puts speech
 * at 8–40 kbit/s); RED doubles it on the wire and 50 packets a second add ~28 kbit/s of headers: ~80 kbit/s.
 * Video gets 160 kbit/s at up to 360p and 15 frames a second: fewer frames leave more bits for each, and 15 is
 * still fluid for a face. With RTP, RTCP and congestion-control feedback that is ~270 kbit/s, a margin of 10 %.
 */
export interface MediaBudget {
  /** Opus target, bits per second. */
  readonly audioBps: number
  readonly cameraBps: number
  readonly screenBps: number
  /** Frame-rate ceilings; undefined: the source's own. */
  readonly cameraFps?: number
  readonly screenFps?: number
  /** The camera is scaled down to at most this height before encoding; undefined: as captured. */
  readonly cameraMaxHeight?: number
}

export const NORMAL_BUDGET: MediaBudget = {
  // Chromium's own Opus target for a mono voice, which is not touched (sender-tuning.ts says why).
  audioBps: 32_000,
  cameraBps: 1_500_000,
  screenBps: 2_500_000,
}

export const LOW_DATA_BUDGET: MediaBudget = {
  audioBps: 24_000,
  cameraBps: 160_000,
  screenBps: 160_000,
  cameraFps: 15,
  // A shared screen in Low data: readable stills rather than motion.
  screenFps: 5,
  cameraMaxHeight: 360,
}

/** What Low data promises: each direction of the whole call under this, IP headers included. */
export const LOW_DATA_CEILING_BPS = 300_000

export function mediaBudget(lowData: boolean): MediaBudget {
  return lowData ? LOW_DATA_BUDGET : NORMAL_BUDGET
}
