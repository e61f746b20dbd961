/** The quality panel and the indicator in the call bar. */
import { defineMessages } from '../define-messages'

/** ICE candidate types by their names in the WebRTC specs: technical terms, the same in every language. */
const CANDIDATE_NAMES = {
  host: 'host',
  srflx: 'server-reflexive',
  prflx: 'peer-reflexive',
  relay: 'relay',
}

export const qualityText = defineMessages({
  en: {
    toggle: 'Quality',
    title: 'Connection quality',
    close: 'Close',
    indicator: (level: string) => `Connection: ${level}`,
    level: {
      good: 'Good',
      fair: 'Fair',
      poor: 'Poor',
      measuring: 'Measuring…',
    },
    waiting: 'The figures appear once the call is connected.',
    roundTrip: 'Round-trip time',
    jitter: 'Jitter',
    loss: 'Packet loss',
    lossValue: (received: string, sent: string) => `${received} of what you receive, ${sent} of what you send`,
    sendBitrate: 'Sending',
    receiveBitrate: 'Receiving',
    sentVideo: 'Your video',
    receivedVideo: 'Their video',
    videoValue: (size: string, fps: string) => `${size} at ${fps} fps`,
    codecs: 'Codecs',
    localCandidate: 'Your side',
    remoteCandidate: 'Their side',
    candidateName: CANDIDATE_NAMES,
    candidateMeaning: {
      host: 'direct on your network',
      srflx: "through your router's public address",
      prflx: "through your router's public address",
      relay: 'through a relay server',
    },
    // The other person's end of the path: their router, not yours (a host candidate of theirs only works when
    // they are on your network).
    theirCandidateMeaning: {
      host: 'direct on your network',
      srflx: "through their router's public address",
      prflx: "through their router's public address",
      relay: 'through a relay server',
    },
    relayVia: (protocol: string) => `reaches the relay over ${protocol}`,
    unknown: 'not known yet',
    // When the network is the problem (call/network-health.ts), on whose side; `name` is who the call is with.
    network: {
      selfLoss: 'Your connection is losing packets; video lowered to keep the sound clear.',
      selfBandwidth: 'Your connection is slow; video lowered to keep the sound clear.',
      peer: (name: string) => `${name}’s connection is weak.`,
      peerUnnamed: 'The other person’s connection is weak.',
      both: (name: string) => `The connection between you and ${name} is weak; video lowered to keep the sound clear.`,
      bothUnnamed: 'The connection between you and the other person is weak; video lowered to keep the sound clear.',
    },
  },
  ko: {
    toggle: '품질',
    title: '연결 품질',
    close: '닫기',
    indicator: (level: string) => `연결 상태: ${level}`,
    level: {
      good: '좋음',
      fair: '보통',
      poor: '나쁨',
      measuring: '측정 중…',
    },
    waiting: '통화가 연결되면 수치가 표시돼요.',
    roundTrip: '왕복 지연 시간',
    jitter: '지터',
    loss: '패킷 손실',
    lossValue: (received: string, sent: string) => `받는 쪽 ${received}, 보내는 쪽 ${sent}`,
    sendBitrate: '보내는 속도',
    receiveBitrate: '받는 속도',
    sentVideo: '내 영상',
    receivedVideo: '상대 영상',
    videoValue: (size: string, fps: string) => `${size}, 초당 ${fps}프레임`,
    codecs: '코덱',
    localCandidate: '내 쪽',
    remoteCandidate: '상대 쪽',
    candidateName: CANDIDATE_NAMES,
    candidateMeaning: {
      host: '같은 네트워크에서 직접 연결',
      srflx: '공유기의 공인 주소를 거쳐 연결',
      prflx: '공유기의 공인 주소를 거쳐 연결',
      relay: '릴레이 서버를 거쳐 연결',
    },
    theirCandidateMeaning: {
      host: '같은 네트워크에서 직접 연결',
      srflx: '상대 공유기의 공인 주소를 거쳐 연결',
      prflx: '상대 공유기의 공인 주소를 거쳐 연결',
      relay: '릴레이 서버를 거쳐 연결',
    },
    relayVia: (protocol: string) => `릴레이 서버까지 ${protocol} 사용`,
    unknown: '아직 알 수 없음',
    network: {
      selfLoss: '내 연결에서 패킷이 손실되고 있어요. 소리를 또렷하게 유지하려고 영상 화질을 낮췄어요.',
      selfBandwidth: '내 연결이 느려요. 소리를 또렷하게 유지하려고 영상 화질을 낮췄어요.',
      peer: (name: string) => `${name} 님의 연결이 약해요.`,
      peerUnnamed: '상대방의 연결이 약해요.',
      both: (name: string) => `${name} 님과의 연결이 약해요. 소리를 또렷하게 유지하려고 영상 화질을 낮췄어요.`,
      bothUnnamed: '상대방과의 연결이 약해요. 소리를 또렷하게 유지하려고 영상 화질을 낮췄어요.',
    },
  },
})
