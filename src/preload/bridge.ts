/**
 * `window.tonghwa` in the app: the contract's `TonghwaBridge`, implemented once over IPC, a method a message.
 *
 * The page never gets `ipcRenderer`, the IPC event object, or a way to name a channel: each method is bound
 * to one channel of the contract, and listeners receive only the payload. No Electron import: tested in
 * Node with a fake `IpcRendererLike`.
 */
import type {
  BridgeCommandChannel,
  BridgeCommands,
  BridgeEventChannel,
  BridgeEvents,
  HostOs,
  TonghwaBridge,
  Unsubscribe,
} from '../shared/ipc-contract'

/** The part of Electron's `ipcRenderer` used here. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

/** The OS as the page talks about it (for directions such as where to allow the camera). */
export function hostOsOf(platform: NodeJS.Platform): HostOs {
  if (platform === 'darwin') return 'mac'
  if (platform === 'win32') return 'windows'
  return 'linux'
}

/** `platform` is `process.platform`, which the sandboxed preload has (and the page does not). */
export function createBridge(ipc: IpcRendererLike, platform: NodeJS.Platform): TonghwaBridge {
  // The contract has no run-time list of channel names, so each literal below is typed as a key of
  // `BridgeCommands` / `BridgeEvents`: a misspelt channel does not compile.
  function command<C extends BridgeCommandChannel>(channel: C) {
    return async (...args: BridgeCommands[C]['args']): Promise<BridgeCommands[C]['result']> => {
      try {
        return (await ipc.invoke(channel, ...args)) as BridgeCommands[C]['result']
      } catch (error) {
        throw unwrapInvokeError(error)
      }
    }
  }

  function subscribe<C extends BridgeEventChannel>(channel: C) {
    return (listener: (payload: BridgeEvents[C]) => void): Unsubscribe => {
      const forward = (_event: unknown, payload: unknown) => listener(payload as BridgeEvents[C])
      ipc.on(channel, forward)
      let subscribed = true
      return () => {
        if (!subscribed) return
        subscribed = false
        ipc.removeListener(channel, forward)
      }
    }
  }

  return Object.freeze({
    platform: 'electron',
    os: hostOsOf(platform),
    joinRoom: command('signaling:join-room'),
    leaveRoom: command('signaling:leave-room'),
    sendDescription: command('signaling:send-description'),
    sendCandidate: command('signaling:send-candidate'),
    getConnectionState: command('signaling:get-connection-state'),
    onConnectionState: subscribe('signaling:connection-state'),
    onJoined: subscribe('signaling:joined'),
    onPeerJoined: subscribe('signaling:peer-joined'),
    onPeerLeft: subscribe('signaling:peer-left'),
    onDescription: subscribe('signaling:description'),
    onCandidate: subscribe('signaling:candidate'),
    onSignalingError: subscribe('signaling:error'),
    onIceServers: subscribe('signaling:ice-servers'),
    getPrivacySettings: command('settings:get-privacy'),
    setRelayOnly: command('settings:set-relay-only'),
    getCallSettings: command('settings:get-call'),
    setLowData: command('settings:set-low-data'),
    setDisplayName: command('settings:set-display-name'),
    getLanguageSettings: command('settings:get-language'),
    setLanguage: command('settings:set-language'),
    getTheme: command('settings:get-theme'),
    setTheme: command('settings:set-theme'),
    reportDevices: command('devices:report'),
    getDevicePreferences: command('devices:get-preferences'),
    saveDevicePreference: command('devices:save-preference'),
    requestMediaAccess: command('media:request-access'),
    openPrivacySettings: command('media:open-privacy-settings'),
    onDeviceChosenFromMenu: subscribe('devices:chosen-from-menu'),
    getPhoneIdentity: command('phone:get-identity'),
    regeneratePersonalCode: command('phone:regenerate-code'),
    callPerson: command('phone:call'),
    hangUpCall: command('phone:hang-up'),
    answerCall: command('phone:answer'),
    setInCall: command('phone:set-in-call'),
    reportCallEnded: command('phone:call-ended'),
    listContacts: command('contacts:list'),
    addContact: command('contacts:add'),
    updateContact: command('contacts:update'),
    removeContact: command('contacts:remove'),
    setContactVerified: command('contacts:set-verified'),
    listRecents: command('recents:list'),
    clearRecents: command('recents:clear'),
    recordRoomCall: command('recents:add-room'),
    takePending: command('app:take-pending'),
    listScreenSources: command('screen:list-sources'),
    chooseScreenSource: command('screen:choose-source'),
    onPhoneIdentity: subscribe('phone:identity'),
    onIncomingCall: subscribe('phone:incoming-call'),
    onCallUpdate: subscribe('phone:call-update'),
    onCallCancelled: subscribe('phone:call-cancelled'),
    onCallWhileBusy: subscribe('phone:call-while-busy'),
    onContactsChanged: subscribe('contacts:changed'),
    onRecentsChanged: subscribe('recents:changed'),
    onOpenLink: subscribe('app:open-link'),
    onNotice: subscribe('app:notice'),
    getServerChoice: command('server:get-choice'),
    setServerChoice: command('server:set-choice'),
    testServer: command('server:test'),
    getInviteServer: command('server:get-invite-server'),
    getNetworkStatus: command('network:get-status'),
    setLanReachable: command('network:set-reachable'),
    onNetworkStatus: subscribe('network:status'),
  } satisfies TonghwaBridge)
}

/**
 * Electron rejects a failed invoke with "Error invoking remote method '<channel>': Error: <message>". The
 * page should see main's own message, which starts with a stable code such as `IPC_ERR_BAD_ARGS`.
 */
export function unwrapInvokeError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error)
  const match = /^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?([\s\S]*)$/.exec(message)
  return new Error(match?.[1] ?? message)
}
