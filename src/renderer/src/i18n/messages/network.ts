/** Where the app can be reached (the home screen's line) and the setting that decides it (docs/lan.md). */
import { defineMessages } from '../define-messages'

export const networkText = defineMessages({
  en: {
    onNetwork: (others: number) =>
      others === 0 ? 'On this network: other Tonghwa apps here can call you' : `On this network, with ${others} other Tonghwa app${others === 1 ? '' : 's'}`,
    thisComputerOnly: 'Only on this computer',
    switchedOff: 'Nobody on this network can reach you: it is switched off in Settings.',
    noNetwork: 'No network to be found on right now.',
    through: (host: string) => `Through ${host}`,
    setting: 'Let people on this network reach me',
    settingHelp:
      'Other Tonghwa apps on the same network (at home, at the office) can call you and join your rooms with no setup. Off: nothing on this computer listens to the network, and only a server you choose reaches you.',
    network: 'This network',
  },
  ko: {
    onNetwork: (others: number) => (others === 0 ? '이 네트워크에서: 여기 있는 다른 통화 앱이 전화할 수 있어요' : `이 네트워크에서, 다른 통화 앱 ${others}개와 함께`),
    thisComputerOnly: '이 컴퓨터에서만',
    switchedOff: '설정에서 꺼 두어서 이 네트워크의 누구도 연결할 수 없어요.',
    noNetwork: '지금은 찾을 수 있는 네트워크가 없어요.',
    through: (host: string) => `${host} 서버를 거쳐서`,
    setting: '이 네트워크의 사람들이 나에게 연결할 수 있게 하기',
    settingHelp:
      '같은 네트워크(집, 사무실)에 있는 다른 통화 앱이 설정 없이 전화하고 내 방에 들어올 수 있어요. 끄면 이 컴퓨터의 어떤 것도 네트워크를 듣지 않고, 내가 고른 서버로만 연결돼요.',
    network: '이 네트워크',
  },
})
