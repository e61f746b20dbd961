/**
 * What each sender may use and what gives way first when the network cannot carry it all, set with
 * `RTCRtpSender.setParameters` (the standard, per-sender knob: no SDP, no renegotiation, applied at once and
 * again whenever the track on the sender changes, e.g. camera → screen). The numbers are `media-budget.ts`'s;
 * docs/media.md argues each choice and bench/RESULTS.md measures them.
 *
 * - `degradationPreference`: a camera keeps its frame rate and gives up resolution (`maintain-framerate`): a
 *   face and lips moving smoothly at 360p read better than a sharp picture at 5 frames a second. A shared screen
 *   keeps its resolution (`maintain-resolution`): text must stay legible, and a screen that moves slowly loses
 *   little at a low frame rate. Chromium's default for both is `balanced`.
 * - The microphone's sender is left as Chromium has it, except for Low data's ceiling. Giving it `priority:
 *   'high'` and a `maxBitrate` of Chromium's own 32 kbit/s made Chromium overshoot a 300 kbit/s link (13–41 video
 *   packets lost in 20 s and 0.24–0.31 s round trips, against none and ≤ 0.06 s without; docs/media.md).
 * - `maxBitrate`: ceilings per kind (normal or Low data). The start bitrate stays Chromium's (300 kbit/s with
 *   probes at 3× and 6× of it in the first second): a higher start buys a second of sharpness on a good link and
 *   costs loss and a freeze on a bad one, which is the case this tuning is for; there is also no standard way to
 *   set it (only Chromium's `x-google-start-bitrate` SDP extension).
 */
import { mediaBudget } from './media-budget'
import type { DegradationPreferenceLike, MediaStreamTrackLike, RtpEncodingLike, RtpSenderLike } from './rtc-types'

/** What a sender carries: it decides the ceiling and what gives way first. */
export type SendSource = 'microphone' | 'camera' | 'screen'

export interface SenderSettings {
  maxBitrate: number
  maxFramerate?: number
  scaleResolutionDownBy?: number
  degradationPreference?: DegradationPreferenceLike
}

/** A screen-capture track reports the surface it captures (`displaySurface`); a camera does not. */
export function sourceOf(track: MediaStreamTrackLike): SendSource {
  if (track.kind === 'audio') return 'microphone'
  return track.getSettings?.().displaySurface === undefined ? 'camera' : 'screen'
}

/** The settings for a source, or null for Chromium's own; `height` is the track's, for Low data's resolution ceiling. */
export function senderSettings(source: SendSource, { lowData, height }: { lowData: boolean; height?: number | undefined }): SenderSettings | null {
  const budget = mediaBudget(lowData)
  switch (source) {
    case 'microphone':
      return lowData ? { maxBitrate: budget.audioBps } : null
    case 'camera': {
      const maxHeight = budget.cameraMaxHeight
      const scale = maxHeight !== undefined && height !== undefined && height > maxHeight ? height / maxHeight : undefined
      return {
        maxBitrate: budget.cameraBps,
        ...(budget.cameraFps !== undefined ? { maxFramerate: budget.cameraFps } : {}),
        ...(scale !== undefined ? { scaleResolutionDownBy: scale } : {}),
        degradationPreference: 'maintain-framerate',
      }
    }
    case 'screen':
      return {
        maxBitrate: budget.screenBps,
        ...(budget.screenFps !== undefined ? { maxFramerate: budget.screenFps } : {}),
        degradationPreference: 'maintain-resolution',
      }
  }
}

/**
 * Applies the settings for the sender's current track. Nothing to do without a track, or where the browser has
 * no encodings yet (Firefox before negotiation). Members not set here are left as the browser had them; a
 * previous ceiling that no longer applies (camera → screen) is removed.
 */
export async function tuneSender(sender: RtpSenderLike, { lowData }: { lowData: boolean }): Promise<void> {
  const track = sender.track
  if (!track) return
  const settings = senderSettings(sourceOf(track), { lowData, height: track.getSettings?.().height })
  if (settings === null) return
  // Nothing may run between getParameters and setParameters: the browser checks they belong together.
  const parameters = sender.getParameters()
  if (parameters.encodings.length === 0) return
  parameters.encodings = parameters.encodings.map((encoding) => withSettings(encoding, settings))
  if (settings.degradationPreference !== undefined) parameters.degradationPreference = settings.degradationPreference
  await sender.setParameters(parameters)
}

function withSettings(encoding: RtpEncodingLike, settings: SenderSettings): RtpEncodingLike {
  const { maxFramerate: _fps, scaleResolutionDownBy: _scale, ...rest } = encoding
  return {
    ...rest,
    maxBitrate: settings.maxBitrate,
    ...(settings.maxFramerate !== undefined ? { maxFramerate: settings.maxFramerate } : {}),
    ...(settings.scaleResolutionDownBy !== undefined ? { scaleResolutionDownBy: settings.scaleResolutionDownBy } : {}),
  }
}
