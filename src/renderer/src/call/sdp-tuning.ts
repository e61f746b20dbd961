/**
 * The description this side sends, with how it wants to *receive* written into it. Pure text, tested against
 * Chromium's own SDP (test/unit/renderer/fixtures/chromium-sdp.json).
 *
 * Why SDP, and why only the copy that is sent: Opus in-band FEC and DTX have no `setParameters` knob in any
 * browser; they are format parameters that the *receiver* declares (RFC 7587 §6.1: `useinbandfec`, `usedtx`,
 * `maxaveragebitrate`), and the sender's encoder follows the other side's description. So each side writes them
 * into the description it sends, and the other side's browser encodes accordingly; both Tonghwa sides do, so both
 * directions get them. Our own `setLocalDescription()` keeps Chromium's untouched text (the implicit form that
 * perfect negotiation relies on, and no local "SDP munging", which Chromium is phasing out): these lines only
 * state what we want to receive, which our own browser never needs to read.
 *
 * With Low data on, the description also asks the other side to send less: `b=AS` (RFC 4566 §5.8, kbit/s) on
 * the video section and `maxaveragebitrate` on Opus. Chromium honours both as ceilings for what it sends, so
 * the whole call stays small even when only one person turned Low data on.
 */
import { mediaBudget } from './media-budget'

export interface ReceivePreferences {
  lowData: boolean
}

/** The Opus format parameters we ask for: FEC and DTX always; a lower bitrate with Low data. */
export function opusReceiveParameters({ lowData }: ReceivePreferences): ReadonlyArray<readonly [string, string]> {
  return [
    // In-band FEC: each packet carries a coarse copy of the previous one, so a single loss is repaired instead
    // of concealed. Chromium already offers it; stated here so it stays on whatever the default becomes.
    ['useinbandfec', '1'],
    // DTX: in silence, one packet every 400 ms instead of fifty a second (a listener is silent half the call).
    ['usedtx', '1'],
    ...(lowData ? [['maxaveragebitrate', String(mediaBudget(true).audioBps)] as const] : []),
  ]
}

export function tuneOutgoingSdp(sdp: string, preferences: ReceivePreferences): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n'
  const lines = sdp.split(eol)
  const starts = lines.flatMap((line, index) => (line.startsWith('m=') ? [index] : []))
  if (starts.length === 0) return sdp
  const sections = starts.map((start, i) => lines.slice(start, starts[i + 1] ?? lines.length))
  // The last section keeps the final empty "line" after the last line break, so joining restores it.
  const tuned = sections.map((section) => tuneSection(section, preferences))
  return [...lines.slice(0, starts[0]), ...tuned.flat()].join(eol)
}

function tuneSection(section: string[], preferences: ReceivePreferences): string[] {
  const kind = /^m=(\w+)/.exec(section[0] ?? '')?.[1]
  if (kind === 'audio') return withOpusParameters(section, opusReceiveParameters(preferences))
  if (kind === 'video' && preferences.lowData) return withBandwidth(section, Math.floor(mediaBudget(true).cameraBps / 1000))
  return section
}

/** Sets the parameters on every Opus payload type of the section (adding its `a=fmtp` line if it has none). */
function withOpusParameters(section: string[], parameters: ReadonlyArray<readonly [string, string]>): string[] {
  const opusTypes = section.flatMap((line) => {
    const match = /^a=rtpmap:(\d+) opus\/48000/i.exec(line)
    return match?.[1] ? [match[1]] : []
  })
  let result = section
  for (const payloadType of opusTypes) {
    const fmtpIndex = result.findIndex((line) => line.startsWith(`a=fmtp:${payloadType} `))
    if (fmtpIndex >= 0) {
      const current = result[fmtpIndex]!.slice(`a=fmtp:${payloadType} `.length)
      result = result.with(fmtpIndex, `a=fmtp:${payloadType} ${mergeParameters(current, parameters)}`)
    } else {
      const rtpmapIndex = result.findIndex((line) => line.startsWith(`a=rtpmap:${payloadType} `))
      result = [...result.slice(0, rtpmapIndex + 1), `a=fmtp:${payloadType} ${mergeParameters('', parameters)}`, ...result.slice(rtpmapIndex + 1)]
    }
  }
  return result
}

/** `minptime=10;useinbandfec=1` with each given parameter set (replaced where present, else appended). */
export function mergeParameters(fmtp: string, parameters: ReadonlyArray<readonly [string, string]>): string {
  const entries = fmtp
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const equals = part.indexOf('=')
      return equals < 0 ? ([part, null] as const) : ([part.slice(0, equals), part.slice(equals + 1)] as const)
    })
  const merged: Array<readonly [string, string | null]> = [...entries]
  for (const [key, value] of parameters) {
    const index = merged.findIndex(([name]) => name.toLowerCase() === key)
    if (index >= 0) merged[index] = [merged[index]![0], value]
    else merged.push([key, value])
  }
  return merged.map(([key, value]) => (value === null ? key : `${key}=${value}`)).join(';')
}

/** One `b=AS:` line in place of any bandwidth lines, where RFC 4566 puts it: after `c=` (or `i=`, or `m=`). */
function withBandwidth(section: string[], kbps: number): string[] {
  const kept = section.filter((line) => !line.startsWith('b='))
  let at = 1
  for (let i = 1; i < kept.length; i++) {
    const line = kept[i]!
    if (line.startsWith('i=') || line.startsWith('c=')) at = i + 1
    else if (line.startsWith('a=')) break
  }
  return [...kept.slice(0, at), `b=AS:${kbps}`, ...kept.slice(at)]
}
