/**
 * What the main process itself says to the person: the native menus and the incoming-call notification, in
 * English and Korean. The renderer's catalogs live on a rune (`current-locale.svelte.ts`) that main cannot load,
 * so main picks its catalog by locale with the pure `mainText(locale)`; both catalogs are typed as
 * `MainMessages`, so a string missing in one language is a type error, not an English word in a Korean menu.
 *
 * Menu labels carry Electron's mnemonic marker `&` (Alt+F opens File on Windows and Linux). Korean keeps the
 * Latin access key after the word, `파일(&F)`, as Korean Windows applications do: the keyboard has no Hangul
 * mnemonics. Electron's own role labels ("Copy", "Zoom In"…) are English on every platform, so every role item
 * gets a label from here too.
 * No Electron import: tested in Node.
 */
import type { DeviceKind } from '../../shared/devices'
import type { Locale } from '../../shared/language'

export interface MainMessages {
  /** The app's name as people say it in this language: the macOS app menu's title. */
  readonly appName: string
  readonly menu: {
    readonly about: string
    readonly services: string
    readonly hide: string
    readonly hideOthers: string
    readonly showAll: string
    readonly quitApp: string

    readonly file: string
    readonly newRoom: string
    readonly closeWindow: string
    readonly quit: string

    readonly edit: string
    readonly undo: string
    readonly redo: string
    readonly cut: string
    readonly copy: string
    readonly paste: string
    readonly pasteAndMatchStyle: string
    readonly delete: string
    readonly selectAll: string

    readonly view: string
    readonly reload: string
    readonly forceReload: string
    readonly toggleDevTools: string
    readonly actualSize: string
    readonly zoomIn: string
    readonly zoomOut: string
    readonly toggleFullScreen: string

    readonly window: string
    readonly minimize: string
    readonly zoom: string
    readonly bringAllToFront: string
    readonly close: string

    readonly help: string
  }
  readonly devices: {
    readonly menu: string
    /** The submenu titles. */
    readonly section: { readonly [K in DeviceKind]: string }
    /** A device without a label (before permission is granted), numbered among the unnamed ones. */
    readonly unnamed: { readonly [K in DeviceKind]: (n: number) => string }
    readonly noneFound: { readonly [K in DeviceKind]: string }
    readonly systemDefault: string
    /** System default, naming the device the OS uses for it. */
    readonly systemDefaultNamed: (device: string) => string
    readonly noReport: string
  }
  readonly attention: {
    /** The notification's title: the contact's name, or the caller's code in display form. */
    readonly incomingCallTitle: (caller: string) => string
    readonly incomingCallBody: string
  }
  readonly dialogs: {
    /** The title of the error box shown when the app cannot start (the error itself follows, as it is). */
    readonly startFailed: string
    /** Above the error `TONGHWA_ERR_INSECURE_SERVER_URL`: why a ws:// server elsewhere is refused, and the fix. */
    readonly insecureServerUrl: string
  }
}

const en: MainMessages = {
  appName: 'Tonghwa',
  menu: {
    about: 'About Tonghwa',
    services: 'Services',
    hide: 'Hide Tonghwa',
    hideOthers: 'Hide Others',
    showAll: 'Show All',
    quitApp: 'Quit Tonghwa',

    file: '&File',
    newRoom: 'New Room',
    closeWindow: 'Close Window',
    quit: 'Quit',

    edit: '&Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    pasteAndMatchStyle: 'Paste and Match Style',
    delete: 'Delete',
    selectAll: 'Select All',

    view: '&View',
    reload: 'Reload',
    forceReload: 'Force Reload',
    toggleDevTools: 'Toggle Developer Tools',
    actualSize: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    toggleFullScreen: 'Toggle Full Screen',

    window: '&Window',
    minimize: 'Minimize',
    zoom: 'Zoom',
    bringAllToFront: 'Bring All to Front',
    close: 'Close',

    help: '&Help',
  },
  devices: {
    menu: '&Devices',
    section: { camera: 'Camera', microphone: 'Microphone', speaker: 'Speaker' },
    unnamed: { camera: (n) => `Camera ${n}`, microphone: (n) => `Microphone ${n}`, speaker: (n) => `Speaker ${n}` },
    noneFound: { camera: 'No camera found', microphone: 'No microphone found', speaker: 'No speaker found' },
    systemDefault: 'System default',
    systemDefaultNamed: (device) => `System default (${device})`,
    noReport: 'No window has listed devices yet',
  },
  attention: {
    incomingCallTitle: (caller) => `${caller} is calling`,
    incomingCallBody: 'Open Tonghwa to answer or decline.',
  },
  dialogs: {
    startFailed: 'Tonghwa could not start',
    insecureServerUrl:
      'The signaling server you set is on another machine and its address starts with ws://, which is not encrypted: your personal code’s secret would cross the network readable by anyone on the way. Use its wss:// address instead.',
  },
}

// "통화" alone also means "a call", so where it names the app it is "통화 앱", as in the window's own text.
const ko: MainMessages = {
  appName: '통화',
  menu: {
    about: '통화 앱 정보',
    services: '서비스',
    hide: '통화 앱 가리기',
    hideOthers: '기타 가리기',
    showAll: '모두 보기',
    quitApp: '통화 앱 종료',

    file: '파일(&F)',
    newRoom: '새 방',
    closeWindow: '창 닫기',
    quit: '종료',

    edit: '편집(&E)',
    undo: '실행 취소',
    redo: '다시 실행',
    cut: '잘라내기',
    copy: '복사',
    paste: '붙여넣기',
    pasteAndMatchStyle: '붙여넣고 스타일 일치시키기',
    delete: '삭제',
    selectAll: '모두 선택',

    view: '보기(&V)',
    reload: '새로 고침',
    forceReload: '강제 새로 고침',
    toggleDevTools: '개발자 도구 켜기/끄기',
    actualSize: '실제 크기',
    zoomIn: '확대',
    zoomOut: '축소',
    toggleFullScreen: '전체 화면 켜기/끄기',

    window: '창(&W)',
    minimize: '최소화',
    zoom: '확대/축소',
    bringAllToFront: '모두 앞으로 가져오기',
    close: '닫기',

    help: '도움말(&H)',
  },
  devices: {
    menu: '장치(&D)',
    section: { camera: '카메라', microphone: '마이크', speaker: '스피커' },
    unnamed: { camera: (n) => `카메라 ${n}`, microphone: (n) => `마이크 ${n}`, speaker: (n) => `스피커 ${n}` },
    noneFound: { camera: '카메라를 찾지 못했어요', microphone: '마이크를 찾지 못했어요', speaker: '스피커를 찾지 못했어요' },
    systemDefault: '시스템 기본값',
    systemDefaultNamed: (device) => `시스템 기본값 (${device})`,
    noReport: '아직 장치 목록을 알려 준 창이 없어요',
  },
  attention: {
    incomingCallTitle: (caller) => `${caller} 님의 전화`,
    incomingCallBody: '통화 앱을 열어 받거나 거절하세요.',
  },
  dialogs: {
    startFailed: '통화 앱을 시작하지 못했어요',
    insecureServerUrl:
      '설정한 신호 서버가 다른 컴퓨터에 있는데 주소가 암호화되지 않은 연결이에요. 이대로 접속하면 개인 코드의 비밀값이 오가는 길에서 누구에게나 그대로 보여요. 암호화된 보안 주소로 바꿔 주세요.',
  },
}

export const MAIN_MESSAGES: { readonly [L in Locale]: MainMessages } = { en, ko }

export function mainText(locale: Locale): MainMessages {
  return MAIN_MESSAGES[locale]
}
