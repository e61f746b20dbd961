/**
 * The bridge in web mode: a person without the app joins from a browser, and the page opens the signaling
 * WebSocket itself, with the same reconnecting client the Electron main process uses. What main does for
 * devices in the app is done here by the browser: there is no native menu to report to, the browser asks for
 * camera access itself, and remembered devices, privacy and call choices live in `localStorage`. The phone (personal code, contacts,
 * recents, calling a person) runs in the page too, over the same connection (web-phone.ts).
 */
import type { TonghwaBridge } from '../../../shared/ipc-contract'
import { SignalingClient } from '../../../shared/signaling-client'
import { loadDevicePreferences, saveDevicePreference, type StorageLike } from './web-device-preferences'
import { createWebPhone } from './web-phone'
import { loadLanguageSettings, saveLanguage } from './web-language-settings'
import { loadThemePreference, saveThemePreference } from './web-theme-settings'
import { loadPrivacySettings, saveRelayOnly } from './web-privacy-settings'
import { loadCallSettings, saveDisplayName, saveLowData } from './web-call-settings'

/** The signaling endpoint of the server that served this page (`/signal` on the same origin). */
export function signalingUrlFor(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${location.host}/signal`
}

export interface WebBridgeOptions {
  /** Default: `localStorage`. */
  storage?: StorageLike | null
  /** Default: `console.warn`. */
  warn?: (message: string) => void
  /** The page's query string, for `?call=<code>` links. Default: none. */
  search?: string
}

export function createWebBridge(url: string, options: WebBridgeOptions = {}): TonghwaBridge {
  const storage = options.storage === undefined ? browserStorage() : options.storage
  const warn = options.warn ?? ((message: string) => console.warn('[tonghwa]', message))
  const client = new SignalingClient({ url, createSocket: (socketUrl) => new WebSocket(socketUrl) })
  client.connect()
  const phone = createWebPhone({ client, storage, search: options.search, warn })
  return {
    ...phone,
    platform: 'web',
    os: 'web',
    joinRoom: async (room) => client.join(room),
    leaveRoom: async () => client.leave(),
    sendDescription: async (to, description) => void client.sendDescription(to, description),
    sendCandidate: async (to, candidate) => void client.sendCandidate(to, candidate),
    getConnectionState: async () => client.state,
    onConnectionState: (listener) => client.on('state', listener),
    onJoined: (listener) => client.on('joined', listener),
    onPeerJoined: (listener) => client.on('peer-joined', listener),
    onPeerLeft: (listener) => client.on('peer-left', listener),
    onDescription: (listener) => client.on('description', listener),
    onCandidate: (listener) => client.on('candidate', listener),
    onSignalingError: (listener) => client.on('error', listener),
    onIceServers: (listener) => client.on('ice-servers', listener),
    getPrivacySettings: async () => loadPrivacySettings(storage),
    setRelayOnly: async (relayOnly) => saveRelayOnly(storage, relayOnly),
    getCallSettings: async () => loadCallSettings(storage),
    setLowData: async (lowData) => saveLowData(storage, lowData),
    setDisplayName: async (name) => saveDisplayName(storage, name),
    getLanguageSettings: async () => loadLanguageSettings(storage, navigator.languages),
    setLanguage: async (preference) => saveLanguage(storage, preference),
    getTheme: async () => loadThemePreference(storage),
    setTheme: async (preference) => saveThemePreference(storage, preference),
    // No native menu in a browser: the window's pickers are the only ones.
    reportDevices: async () => undefined,
    getDevicePreferences: async () => loadDevicePreferences(storage, warn),
    saveDevicePreference: async (kind, choice) => saveDevicePreference(storage, kind, choice, warn),
    // The browser asks the person itself, on the first getUserMedia.
    requestMediaAccess: async () => ({ camera: 'unknown', microphone: 'unknown' }),
    openPrivacySettings: async () => false,
    onDeviceChosenFromMenu: () => () => undefined,
    // The browser shows its own screen picker on getDisplayMedia: the page has nothing to list or name.
    listScreenSources: async () => null,
    chooseScreenSource: async () => undefined,
    // The page talks to the server that served it: there is no server to choose, and nothing to test from here.
    getServerChoice: async () => null,
    setServerChoice: async () => {
      throw new Error(`${WEB_NO_SERVER_SETTING}: the web page always uses the server that served it`)
    },
    testServer: async () => {
      throw new Error(`${WEB_NO_SERVER_SETTING}: the web page always uses the server that served it`)
    },
    // An invitation names this server when others can reach it securely (a page served over https).
    getInviteServer: async () => (url.startsWith('wss:') ? url : null),
    // A page always talks to the server that served it; the network side is the app's.
    getNetworkStatus: async () => null,
    setLanReachable: async () => {
      throw new Error(`${WEB_NO_SERVER_SETTING}: the web page is not reachable on the network`)
    },
    onNetworkStatus: () => () => undefined,
  }
}

/** What web mode answers to Settings → Server commands, which its settings screen never shows. */
export const WEB_NO_SERVER_SETTING = 'SERVER_CHOICE_ERR_NOT_IN_WEB_MODE'

/** `localStorage`, or null where the page may not use it (some privacy settings make reading it throw). */
function browserStorage(): StorageLike | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}
