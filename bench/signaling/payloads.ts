/**
 * The two message sizes the load relays, the same bytes for every server: an ICE candidate padded to about
 * 1 KB, and a session description of about 4 KB. Each carries a stamp `~t<step><send time>~` that the servers
 * pass through untouched (it sits inside the candidate or SDP text), so the receiving client, in the same
 * process and on the same clock as the sender, measures relay latency without parsing JSON.
 */

/** Width of the stamp's payload: 2 digits of step number, then performance.now() in ms with 3 decimals. */
export const STAMP_WIDTH = 16
export const STAMP_PLACEHOLDER = `~t${'0'.repeat(STAMP_WIDTH)}~`

/** Within Tonghwa's 1,024-character candidate limit, and a ~1 KB frame once wrapped in any of the protocols. */
const CANDIDATE_CHARS = 860
/** A ~4 KB frame: the size of a real audio + video offer. */
const SDP_CHARS = 3_880

export const CANDIDATE_TEXT = pad(
  `candidate:842163049 1 udp 1677729535 192.0.2.10 50312 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag EsxK network-id 1 network-cost 10 ${STAMP_PLACEHOLDER} `,
  CANDIDATE_CHARS,
  'x',
)

const SDP_HEAD = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  `a=x-bench:${STAMP_PLACEHOLDER}`,
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=ice-ufrag:EsxK',
  'a=ice-pwd:b5hG0b4rPLk0f2Kqz3lq9i8T',
  'a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08',
  'a=setup:actpass',
  'a=mid:0',
  'a=sendrecv',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
].join('\r\n')

export const SDP_TEXT = pad(`${SDP_HEAD}\r\n`, SDP_CHARS, 'a=rtcp-fb:96 nack pli\r\n')

function pad(text: string, length: number, filler: string): string {
  let padded = text
  while (padded.length < length) padded += filler
  return padded.slice(0, length)
}

/** The stamp for a message sent now in `step`. */
export function stamp(step: number, now: number): string {
  return `~t${String(step).padStart(2, '0')}${now.toFixed(3).padStart(STAMP_WIDTH - 2, '0')}~`
}

/** Step and send time from a received frame, or undefined for frames without a stamp (joined, OPEN, …). */
export function readStamp(frame: Buffer): { step: number; sentAt: number } | undefined {
  const at = frame.indexOf('~t')
  if (at === -1 || frame.length < at + 3 + STAMP_WIDTH) return undefined
  const text = frame.toString('latin1', at + 2, at + 2 + STAMP_WIDTH)
  return { step: Number(text.slice(0, 2)), sentAt: Number(text.slice(2)) }
}
