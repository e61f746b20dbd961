/**
 * Audio RED (RFC 2198) before plain Opus in the audio transceiver's codec list (`setCodecPreferences`). Each RED
 * packet carries the current Opus frame and the previous one, so a lost packet is replaced by the next one's
 * copy at full quality; Opus's own FEC only brings back a coarser version, and only for a single loss. It
 * doubles the audio's bits (~25 → ~50 kbit/s here), which is small next to video and pays off from the first
 * lost packet, so it is on in every call, Low data included (docs/media.md).
 *
 * "Where the other side supports it" needs no check of ours: the preferences only order what this side offers
 * or accepts, the offer/answer keeps the codecs both sides have, and the sender uses the first one the other
 * side listed. A browser without RED answers with Opus first and the call uses plain Opus both ways.
 */
import type { CodecLike } from './rtc-types'

const RED = 'audio/red'

/**
 * The receiver's audio codecs (`RTCRtpReceiver.getCapabilities('audio').codecs`) with RED for Opus first and
 * every other codec after it in the browser's own order; null when there is no RED or no Opus to protect, in
 * which case the browser's defaults stand.
 */
export function preferAudioRed<Codec extends CodecLike>(codecs: readonly Codec[]): Codec[] | null {
  const isRed = (codec: Codec) => codec.mimeType.toLowerCase() === RED && codec.clockRate === 48_000
  const red = codecs.filter(isRed)
  const hasOpus = codecs.some((codec) => codec.mimeType.toLowerCase() === 'audio/opus')
  if (red.length === 0 || !hasOpus) return null
  return [...red, ...codecs.filter((codec) => !isRed(codec))]
}
