/** Small, valid signal payloads for tests (they pass the shared `parseSignalData`). */
import type { SignalData } from '../../src/shared/protocol'

export const SAMPLE_SDP = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n'

export function offer(sdp = SAMPLE_SDP): SignalData {
  return { kind: 'description', description: { type: 'offer', sdp } }
}

export function answer(sdp = SAMPLE_SDP): SignalData {
  return { kind: 'description', description: { type: 'answer', sdp } }
}

export function candidate(index = 0): SignalData {
  return {
    kind: 'candidate',
    candidate: {
      candidate: `candidate:${index} 1 udp 2122260223 192.0.2.1 ${50_000 + index} typ host`,
      sdpMid: '0',
      sdpMLineIndex: 0,
      usernameFragment: 'abcd',
    },
  }
}
