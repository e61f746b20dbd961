/** Settings → Server: automatic or one server, **Test** and what it found, and why the choice may be locked. */
import type { ServerAddressProblem } from '../../../../shared/server-address'
import type { CertificateProblem, NoAnswerReason, ServerChoiceSource } from '../../../../shared/server-choice'
import { defineMessages } from '../define-messages'

const enSeconds = (ms: number | null) => (ms === null ? 'later' : `in ${Math.max(1, Math.ceil(ms / 1000))} s`)
const koSeconds = (ms: number | null) => (ms === null ? '잠시 후에' : `${Math.max(1, Math.ceil(ms / 1000))}초 후에`)

export const serverText = defineMessages({
  en: {
    title: 'Server',
    lead: 'Where Tonghwa meets the people you call.',
    automatic: 'Automatic (this network)',
    automaticHelp: 'Call anyone on the same network as this computer, with nothing to set up.',
    custom: 'A server',
    customHelp: 'One server for every call, also beyond this network. Whoever runs it gives you its address.',
    address: 'Server address',
    addressPlaceholder: 'wss://signal.example.org/signal',
    test: 'Test',
    testing: 'Testing…',
    use: 'Use this server',
    saved: 'Saved. New calls use it now; a call in progress stays on its server until it ends.',
    nowAutomatic: 'Now: automatic, on this network.',
    nowServer: {
      '--server-url': (host: string) => `Now: ${host}, set by --server-url when Tonghwa was started.`,
      TONGHWA_SERVER_URL: (host: string) => `Now: ${host}, set by TONGHWA_SERVER_URL when Tonghwa was started.`,
      setting: (host: string) => `Now: ${host}, chosen here.`,
      packaged: (host: string) => `Now: ${host}, the server this app was set up with.`,
    } satisfies Record<Exclude<ServerChoiceSource, 'default'>, (host: string) => string>,
    locked: (source: string) => `${source} decides the server, so it cannot be changed here. Start Tonghwa without it to choose here.`,
    badSetting: (reason: string) => `The server saved in the settings cannot be used (${reason}), so Tonghwa uses the next choice.`,
    badPackaged: (path: string, reason: string) => `The server this app was packaged with (${path}) cannot be used: ${reason}.`,
    addressProblem: {
      empty: 'Type the server address, such as wss://signal.example.org/signal.',
      'not-a-url': 'That is not an address. It looks like wss://signal.example.org/signal.',
      'not-websocket': 'Use the server’s wss:// address (its WebSocket), not a web page address.',
      insecure: 'Use wss://: ws:// is not encrypted, and is only allowed for a server on this computer.',
      credentials: 'Leave the user name and password out of the address.',
      fragment: 'Leave the # part out of the address.',
      'too-long': 'That address is too long.',
    } satisfies Record<ServerAddressProblem, string>,
    works: (version: string | null) => (version === null ? 'Works: a Tonghwa server.' : `Works: a Tonghwa server, version ${version}.`),
    turn: (turn: boolean | null): string =>
      turn === null
        ? 'It does not say whether it offers a relay (TURN).'
        : turn
          ? 'It offers a relay (TURN), for networks that block direct calls.'
          : 'It offers no relay (TURN): between some networks calls may not connect.',
    nameNotFound: (host: string) => `The name ${host} does not resolve: no such server name exists. Check the spelling.`,
    lookupFailed: (host: string) => `Could not look up ${host}: the name service did not answer. Check this computer’s connection.`,
    noAnswer: {
      refused: 'Nothing answers at that address: the connection was refused. Check the port, and that the server is running.',
      timeout: 'Nothing answers at that address: no answer came in time. The server may be down, or a firewall is in the way.',
      unreachable: 'Nothing answers at that address: this computer has no way to reach it.',
      reset: 'The connection was cut before the server answered.',
    } satisfies Record<NoAnswerReason, string>,
    certificate: {
      expired: 'The server’s TLS certificate is not valid: it has expired.',
      'not-yet-valid': 'The server’s TLS certificate is not valid yet. Check this computer’s date and time.',
      'self-signed': 'The server’s TLS certificate is not valid: it is self-signed, so nothing vouches that this is really that server.',
      'untrusted-issuer': 'The server’s TLS certificate is not valid: it was issued by an authority this app does not trust.',
      'wrong-name': 'The server’s TLS certificate is not valid: it is for another name than this address.',
      revoked: 'The server’s TLS certificate is not valid: it has been revoked.',
      'not-tls': 'The server does not use TLS on that port, which a wss:// address needs.',
      other: 'The server’s TLS certificate is not valid.',
    } satisfies Record<CertificateProblem, string>,
    notTonghwa: (detail: string) => `Something answers there, but it is not a Tonghwa server (${detail}). Check the address and its path (usually /signal).`,
    otherProtocol: (theirs: number | null, ours: number) =>
      `It is a Tonghwa server, but it speaks ${theirs === null ? 'another version' : `version ${theirs}`} of the protocol and this app speaks version ${ours}. One of the two needs an update.`,
    originRefused:
      'The server refuses this app: its Origin policy lets only web pages connect, and the app sends no Origin. Its operator can allow apps with TONGHWA_ALLOW_MISSING_ORIGIN=true.',
    hostRefused: (host: string) => `The server does not answer to the name ${host}. Its operator must add it to TONGHWA_ALLOWED_HOSTS.`,
    busy: (retryAfterMs: number | null) => `It is a Tonghwa server, but it takes no new connections from here right now. Try again ${enSeconds(retryAfterMs)}.`,
  },
  ko: {
    title: '서버',
    lead: '통화할 사람을 만나는 곳이에요.',
    automatic: '자동 (이 네트워크)',
    automaticHelp: '이 컴퓨터와 같은 네트워크에 있는 사람과 아무 설정 없이 통화해요.',
    custom: '서버 지정',
    customHelp: '모든 통화에 한 서버를 써요. 이 네트워크 밖의 사람과도 통화할 수 있어요. 서버 주소는 서버를 운영하는 곳에서 알려 줘요.',
    address: '서버 주소',
    addressPlaceholder: '예: wss://signal.example.org/signal',
    test: '테스트',
    testing: '테스트하는 중…',
    use: '이 서버 사용',
    saved: '저장했어요. 새 통화부터 이 서버를 써요. 진행 중인 통화는 끝날 때까지 원래 서버에 있어요.',
    nowAutomatic: '지금: 자동, 이 네트워크에서 통화해요.',
    nowServer: {
      '--server-url': (host: string) => `지금: ${host} (통화 앱을 시작할 때 --server-url로 지정했어요).`,
      TONGHWA_SERVER_URL: (host: string) => `지금: ${host} (통화 앱을 시작할 때 TONGHWA_SERVER_URL로 지정했어요).`,
      setting: (host: string) => `지금: ${host} (여기서 골랐어요).`,
      packaged: (host: string) => `지금: ${host} (이 앱에 처음부터 설정된 서버예요).`,
    } satisfies Record<Exclude<ServerChoiceSource, 'default'>, (host: string) => string>,
    locked: (source: string) => `${source}(으)로 서버가 정해져 있어서 여기서는 바꿀 수 없어요. 여기서 고르려면 그 설정 없이 통화 앱을 시작하세요.`,
    badSetting: (reason: string) => `설정에 저장된 서버를 쓸 수 없어서(${reason}) 다음 선택을 사용해요.`,
    badPackaged: (path: string, reason: string) => `이 앱에 포함된 서버 설정(${path})을 쓸 수 없어요: ${reason}.`,
    addressProblem: {
      empty: '서버 주소를 입력하세요. 예: wss://signal.example.org/signal',
      'not-a-url': '주소 형식이 아니에요. wss://signal.example.org/signal 처럼 생겼어요.',
      'not-websocket': '웹 페이지 주소가 아니라 서버의 wss:// 주소(웹소켓)를 입력하세요.',
      insecure: 'wss://를 쓰세요. ws://는 암호화되지 않아서 이 컴퓨터에 있는 서버에만 쓸 수 있어요.',
      credentials: '주소에서 사용자 이름과 비밀번호를 빼세요.',
      fragment: '주소에서 # 뒤의 부분을 빼세요.',
      'too-long': '주소가 너무 길어요.',
    } satisfies Record<ServerAddressProblem, string>,
    works: (version: string | null) => (version === null ? '작동해요: 통화 앱 서버예요.' : `작동해요: 통화 앱 서버, 버전 ${version}이에요.`),
    turn: (turn: boolean | null): string =>
      turn === null
        ? '릴레이(TURN)를 제공하는지는 알려 주지 않아요.'
        : turn
          ? '직접 연결을 막는 네트워크를 위한 릴레이(TURN)를 제공해요.'
          : '릴레이(TURN)를 제공하지 않아요. 네트워크에 따라 통화가 연결되지 않을 수 있어요.',
    nameNotFound: (host: string) => `${host}라는 이름을 찾을 수 없어요. 그런 서버 이름이 없어요. 철자를 확인하세요.`,
    lookupFailed: (host: string) => `${host}을(를) 찾아보지 못했어요. 이름 서비스(DNS)가 응답하지 않아요. 이 컴퓨터의 연결을 확인하세요.`,
    noAnswer: {
      refused: '그 주소에서 아무도 응답하지 않아요. 연결이 거부됐어요. 포트 번호와 서버가 실행 중인지 확인하세요.',
      timeout: '그 주소에서 제때 응답이 없어요. 서버가 꺼져 있거나 방화벽이 막고 있을 수 있어요.',
      unreachable: '그 주소에서 아무도 응답하지 않아요. 이 컴퓨터에서 그곳으로 갈 수 있는 길이 없어요.',
      reset: '서버가 응답하기 전에 연결이 끊겼어요.',
    } satisfies Record<NoAnswerReason, string>,
    certificate: {
      expired: '서버의 TLS 인증서가 유효하지 않아요. 만료됐어요.',
      'not-yet-valid': '서버의 TLS 인증서가 아직 유효하지 않아요. 이 컴퓨터의 날짜와 시간을 확인하세요.',
      'self-signed': '서버의 TLS 인증서가 유효하지 않아요. 자체 서명 인증서라서 정말 그 서버인지 보증해 주는 곳이 없어요.',
      'untrusted-issuer': '서버의 TLS 인증서가 유효하지 않아요. 이 앱이 신뢰하지 않는 기관에서 발급했어요.',
      'wrong-name': '서버의 TLS 인증서가 유효하지 않아요. 이 주소가 아닌 다른 이름의 인증서예요.',
      revoked: '서버의 TLS 인증서가 유효하지 않아요. 폐기된 인증서예요.',
      'not-tls': '그 포트에서 서버가 TLS를 쓰지 않아요. wss:// 주소에는 TLS가 필요해요.',
      other: '서버의 TLS 인증서가 유효하지 않아요.',
    } satisfies Record<CertificateProblem, string>,
    notTonghwa: (detail: string) => `무언가 응답하지만 통화 앱 서버가 아니에요(${detail}). 주소와 경로(보통 /signal)를 확인하세요.`,
    otherProtocol: (theirs: number | null, ours: number) =>
      `통화 앱 서버이지만 다른 프로토콜 버전(${theirs === null ? '알 수 없음' : theirs})을 써요. 이 앱은 버전 ${ours}을 써요. 둘 중 하나를 업데이트해야 해요.`,
    originRefused:
      '서버가 이 앱을 거부해요. 서버의 Origin 정책이 웹 페이지만 허용하는데, 앱은 Origin을 보내지 않아요. 서버 운영자가 TONGHWA_ALLOW_MISSING_ORIGIN=true로 앱을 허용할 수 있어요.',
    hostRefused: (host: string) => `서버가 ${host}라는 이름으로는 응답하지 않아요. 서버 운영자가 TONGHWA_ALLOWED_HOSTS에 추가해야 해요.`,
    busy: (retryAfterMs: number | null) => `통화 앱 서버이지만 지금은 여기서 새 연결을 받지 않아요. ${koSeconds(retryAfterMs)} 다시 해 보세요.`,
  },
})
