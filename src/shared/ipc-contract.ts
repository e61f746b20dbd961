/**
 * The one contract between the renderer and the main process. Main registers handlers for exactly these
 * channels and validates every argument; the preload implements `TonghwaBridge` once, a method a message;
 * web mode implements the same interface over a WebSocket. Channel strings exist only here.
 */
import type { IceCandidate, IceServer, PeerId, PeerLeftReason, SessionDescription } from './protocol'
import { isPeerId, parseSignalData } from './protocol'
import { isRoomCode, type RoomCode } from './room-code'
import {
  isCaptureKind,
  isDeviceKind,
  isDeviceReport,
  isDeviceSummary,
  type CaptureKind,
  type DeviceChoice,
  type DeviceKind,
  type DevicePreferences,
  type DeviceReport,
  type MediaAccess,
} from './devices'
import type { SignalingErrorCode } from './signaling-errors'
import { isCallId, type CallId } from './calls'
import { isCertificateFingerprint, type CertificateFingerprint } from './certificate-fingerprint'
import { isIdentityPublicKey, type IdentityPublicKey } from './identity-key'
import { isContactId, isRecentDuration, type Contact, type ContactDraft, type ContactId, type RecentEntry } from './contacts'
import { isLanguagePreference, type LanguagePreference } from './language'
import { isThemePreference, type ThemePreference } from './theme'
import { MAX_DISPLAY_NAME_LENGTH, parseDisplayName } from './display-name'
import { isScreenSourceId, type ScreenSource } from './screen-sources'
import type { AppNotice, CallCancelled, CallUpdate, CallWhileBusy, DeepLink, IncomingCall, OutgoingCall, PhoneIdentity } from './phone'
import { isServerSetting, MAX_SERVER_ADDRESS_LENGTH, parseServerAddress, type ServerSetting } from './server-address'
import type { ServerChoiceStatus, ServerTestResult } from './server-choice'

/** How the link to the signaling server is doing. `closed` only after `close()`; otherwise it keeps retrying. */
export type ConnectionState =
  | { status: 'connecting'; attempt: number }
  | { status: 'open' }
  | { status: 'reconnecting'; attempt: number; retryInMs: number; lastError: string; refusal?: ConnectionRefusal }
  | { status: 'closed' }

/**
 * The server answered the WebSocket upgrade over HTTP with a refusal (docs/protocol.md, "Limits"). Only the app's
 * own `ws` client can read it; a browser just sees a failed connection. `code` is the `X-Tonghwa-Error` header
 * (null when absent); `retryAfterMs` is from `Retry-After`.
 */
export interface ConnectionRefusal {
  status: number
  code: string | null
  retryAfterMs: number | null
}

export interface JoinedEvent {
  room: RoomCode
  peerId: PeerId
  peers: PeerId[]
  iceServers: IceServer[]
}
export interface PeerJoinedEvent {
  peerId: PeerId
}
export interface PeerLeftEvent {
  peerId: PeerId
  reason: PeerLeftReason
}
export interface DescriptionEvent {
  from: PeerId
  description: SessionDescription
}
export interface CandidateEvent {
  from: PeerId
  candidate: IceCandidate
}
export interface SignalingErrorEvent {
  code: SignalingErrorCode
  message: string
  /** With the "not now" codes (`SIG_ERR_TOO_MANY_ATTEMPTS`, `SIG_ERR_RINGING_TOO_SOON`, …): when the server will take the refused message again. */
  retryAfterMs?: number
}
/** A device picked from the native Devices menu; the renderer applies it as if picked in the window. */
export interface DeviceChosenEvent {
  kind: DeviceKind
  deviceId: string
}

/** Fresh ICE servers (new TURN credentials) pushed before the ones from `joined` expire; the call goes on. */
export interface IceServersEvent {
  iceServers: IceServer[]
}

/** Privacy choices the person made; remembered by main in the settings file, or in `localStorage` on the web. */
export interface PrivacySettings {
  /**
   * Always use a relay (`iceTransportPolicy: 'relay'`): the other side sees only the TURN server's address,
   * never this device's. A call may not connect when the server offers no relay.
   */
  relayOnly: boolean
}

/** How a call uses the network; remembered by main in the settings file, or in `localStorage` on the web. */
export interface CallSettings {
  /**
   * Low data: the whole call stays under 300 kbit/s in each direction (smaller, slower video; the same sound),
   * and the other side is asked to send within it too. Read when a call starts.
   */
  lowData: boolean
  /**
   * "Your name", shown to the people you call when your camera is off (sent to them peer to peer, never to the
   * server); `''` when none is set. Tidied and at most 40 characters (display-name.ts).
   */
  displayName: string
}

/** The language setting: what the person chose, and the system's preferred languages to follow otherwise. */
export interface LanguageSettings {
  preference: LanguagePreference
  /** BCP 47 tags, most preferred first (`app.getPreferredSystemLanguages()`, `navigator.languages`). */
  systemLanguages: string[]
}

/**
 * How to join one room. `server`: join it on that signaling server (a `tonghwa://join/…?server=` link the person
 * agreed to) instead of where the app joins rooms; for that room only, never remembered, and the personal code is
 * never registered there. `wss://`, or `ws://` to this machine.
 */
export interface JoinRoomOptions {
  server?: string
}

/**
 * Where the app can be reached (docs/lan.md), as the home screen says it: through a server; on this network,
 * with how many other Tonghwa apps; or only on this computer (switched off, or no network to be found on).
 * `lanReachable` is the setting "Let people on this network reach me".
 */
export type NetworkStatus = (
  | { kind: 'server'; host: string }
  | { kind: 'network'; others: number }
  | { kind: 'this-computer'; reason: 'switched-off' | 'no-network'; others: number }
) & { lanReachable: boolean }

/** The operating system the app runs on, for instructions such as where to allow the camera. */
export type HostOs = 'mac' | 'windows' | 'linux' | 'web'

/** Main → renderer: channel → payload. */
export interface BridgeEvents {
  'signaling:connection-state': ConnectionState
  'signaling:joined': JoinedEvent
  'signaling:peer-joined': PeerJoinedEvent
  'signaling:peer-left': PeerLeftEvent
  'signaling:description': DescriptionEvent
  'signaling:candidate': CandidateEvent
  'signaling:error': SignalingErrorEvent
  'signaling:ice-servers': IceServersEvent
  'devices:chosen-from-menu': DeviceChosenEvent
  /** The personal code or its reachability changed. */
  'phone:identity': PhoneIdentity
  /** Someone is calling: ring. */
  'phone:incoming-call': IncomingCall
  /** How a call this app placed is going (ringing, accepted, declined, busy, unreachable, no-answer). */
  'phone:call-update': CallUpdate
  /** A call ringing here stopped before it was answered. */
  'phone:call-cancelled': CallCancelled
  /** Someone called during a call here and was answered "busy": the person in the call may call back. */
  'phone:call-while-busy': CallWhileBusy
  'contacts:changed': Contact[]
  'recents:changed': RecentEntry[]
  /** A `tonghwa://` link was opened (also one handed over by a second instance of the app). */
  'app:open-link': DeepLink
  'app:notice': AppNotice
  /** Where the app can be reached changed (docs/lan.md). */
  'network:status': NetworkStatus
}

/** Renderer → main: channel → argument tuple and result (all are `ipcRenderer.invoke` round trips). */
export interface BridgeCommands {
  'signaling:join-room': { args: [room: RoomCode, options?: JoinRoomOptions]; result: void }
  'signaling:leave-room': { args: []; result: void }
  'signaling:send-description': { args: [to: PeerId, description: SessionDescription]; result: void }
  'signaling:send-candidate': { args: [to: PeerId, candidate: IceCandidate]; result: void }
  'signaling:get-connection-state': { args: []; result: ConnectionState }
  /** The renderer's current device lists and active devices; main rebuilds the Devices menu from them. */
  'devices:report': { args: [report: DeviceReport]; result: void }
  'devices:get-preferences': { args: []; result: DevicePreferences }
  /** Remembers a choice (null: back to the system default); main persists it in the settings file. */
  'devices:save-preference': { args: [kind: DeviceKind, choice: DeviceChoice | null]; result: void }
  /** Asks the OS for camera/microphone access where it has its own gate (macOS), before the first capture. */
  'media:request-access': { args: [kinds: CaptureKind[]]; result: MediaAccess }
  /** Opens the OS privacy pane for the camera or microphone; false where there is none to open. */
  'media:open-privacy-settings': { args: [kind: CaptureKind]; result: boolean }
  'phone:get-identity': { args: []; result: PhoneIdentity }
  /** A new personal code (the old one stops working at once). */
  'phone:regenerate-code': { args: []; result: PhoneIdentity }
  /** Rings the person with this personal code; opens no camera or microphone. */
  'phone:call': { args: [code: RoomCode]; result: OutgoingCall }
  /** Stops a call this app placed that is still ringing. */
  'phone:hang-up': { args: [callId: CallId]; result: void }
  'phone:answer': { args: [callId: CallId, accept: boolean]; result: void }
  /** Whether this app is in a call now: an incoming call is then answered "busy". */
  'phone:set-in-call': { args: [inCall: boolean]; result: void }
  /** An answered call ended after `durationMs`: recorded in recents. */
  'phone:call-ended': { args: [callId: CallId, durationMs: number]; result: void }
  'contacts:list': { args: []; result: Contact[] }
  'contacts:add': { args: [draft: ContactDraft]; result: Contact }
  'contacts:update': { args: [id: ContactId, draft: ContactDraft]; result: Contact }
  'contacts:remove': { args: [id: ContactId]; result: void }
  /**
   * "Mark as verified" (a fingerprint, and the identity key that signed it if any) or forgetting it (null): kept
   * with the contact, atomically like the rest.
   */
  'contacts:set-verified': {
    args: [id: ContactId, fingerprint: CertificateFingerprint | null, identityKey?: IdentityPublicKey | null]
    result: Contact
  }
  'recents:list': { args: []; result: RecentEntry[] }
  'recents:clear': { args: []; result: void }
  /** A call in a room ended after `durationMs` in it: recorded in recents (a call with a person is recorded by the phone). */
  'recents:add-room': { args: [room: RoomCode, durationMs: number]; result: void }
  'settings:get-privacy': { args: []; result: PrivacySettings }
  /** Turns "Always use a relay" on or off; main persists it in the settings file. */
  'settings:set-relay-only': { args: [relayOnly: boolean]; result: void }
  'settings:get-call': { args: []; result: CallSettings }
  /** Turns "Low data" on or off; main persists it in the settings file. */
  'settings:set-low-data': { args: [lowData: boolean]; result: void }
  /** Sets "Your name" (`''`: none); main tidies it, persists it, and answers with the name as kept. */
  'settings:set-display-name': { args: [name: string]; result: string }
  'settings:get-language': { args: []; result: LanguageSettings }
  /** The language the person chose in settings ('system': follow the OS); main persists it. */
  'settings:set-language': { args: [preference: LanguagePreference]; result: void }
  /** The colour theme chosen in settings ('system': follow `prefers-color-scheme`). */
  'settings:get-theme': { args: []; result: ThemePreference }
  /** Chooses the colour theme; main persists it. */
  'settings:set-theme': { args: [preference: ThemePreference]; result: void }
  /** The screens and windows this window's page may offer in its picker; only these can then be chosen. */
  'screen:list-sources': { args: []; result: ScreenSource[] }
  /** The source the person picked; the page's next `getDisplayMedia` (within seconds) gets it, once. */
  'screen:choose-source': { args: [id: string]; result: void }
  /** Links and notices that arrived before the window could listen (e.g. the link the app was started with). */
  'app:take-pending': { args: []; result: { links: DeepLink[]; notices: AppNotice[] } }
  /** Settings → Server: what the person chose, what the app uses and why; null where the window has no such setting. */
  'server:get-choice': { args: []; result: ServerChoiceStatus | null }
  /** Saves Settings → Server; takes effect at once (a call in progress stays where it is until it ends). */
  'server:set-choice': { args: [setting: ServerSetting]; result: ServerChoiceStatus }
  /** **Test**: what is wrong with this address, or what works there. Nothing is saved. */
  'server:test': { args: [address: string]; result: ServerTestResult }
  /** The server an invitation names (the one the app uses), or null in automatic mode. */
  'server:get-invite-server': { args: []; result: string | null }
  /** Where the app can be reached now; null where there is no such thing to say (web mode). */
  'network:get-status': { args: []; result: NetworkStatus | null }
  /** "Let people on this network reach me": saved, in effect at once. */
  'network:set-reachable': { args: [reachable: boolean]; result: NetworkStatus }
}

export type BridgeEventChannel = keyof BridgeEvents
export type BridgeCommandChannel = keyof BridgeCommands

export type Unsubscribe = () => void

/** What the renderer sees as `window.tonghwa`. */
export interface TonghwaBridge {
  /** Which implementation this is: the Electron preload, or the browser's own WebSocket in web mode. */
  readonly platform: 'electron' | 'web'
  readonly os: HostOs
  joinRoom(room: RoomCode, options?: JoinRoomOptions): Promise<void>
  leaveRoom(): Promise<void>
  sendDescription(to: PeerId, description: SessionDescription): Promise<void>
  sendCandidate(to: PeerId, candidate: IceCandidate): Promise<void>
  getConnectionState(): Promise<ConnectionState>
  onConnectionState(listener: (state: ConnectionState) => void): Unsubscribe
  onJoined(listener: (event: JoinedEvent) => void): Unsubscribe
  onPeerJoined(listener: (event: PeerJoinedEvent) => void): Unsubscribe
  onPeerLeft(listener: (event: PeerLeftEvent) => void): Unsubscribe
  onDescription(listener: (event: DescriptionEvent) => void): Unsubscribe
  onCandidate(listener: (event: CandidateEvent) => void): Unsubscribe
  onSignalingError(listener: (event: SignalingErrorEvent) => void): Unsubscribe
  onIceServers(listener: (event: IceServersEvent) => void): Unsubscribe
  getPrivacySettings(): Promise<PrivacySettings>
  setRelayOnly(relayOnly: boolean): Promise<void>
  getCallSettings(): Promise<CallSettings>
  setLowData(lowData: boolean): Promise<void>
  /** Resolves with the name as kept (tidied); rejects with `DISPLAY_NAME_ERR_…` when it cannot be one. */
  setDisplayName(name: string): Promise<string>
  getLanguageSettings(): Promise<LanguageSettings>
  setLanguage(preference: LanguagePreference): Promise<void>
  getTheme(): Promise<ThemePreference>
  setTheme(preference: ThemePreference): Promise<void>
  reportDevices(report: DeviceReport): Promise<void>
  getDevicePreferences(): Promise<DevicePreferences>
  saveDevicePreference(kind: DeviceKind, choice: DeviceChoice | null): Promise<void>
  requestMediaAccess(kinds: CaptureKind[]): Promise<MediaAccess>
  openPrivacySettings(kind: CaptureKind): Promise<boolean>
  onDeviceChosenFromMenu(listener: (event: DeviceChosenEvent) => void): Unsubscribe
  getPhoneIdentity(): Promise<PhoneIdentity>
  regeneratePersonalCode(): Promise<PhoneIdentity>
  callPerson(code: RoomCode): Promise<OutgoingCall>
  hangUpCall(callId: CallId): Promise<void>
  answerCall(callId: CallId, accept: boolean): Promise<void>
  setInCall(inCall: boolean): Promise<void>
  reportCallEnded(callId: CallId, durationMs: number): Promise<void>
  listContacts(): Promise<Contact[]>
  addContact(draft: ContactDraft): Promise<Contact>
  updateContact(id: ContactId, draft: ContactDraft): Promise<Contact>
  removeContact(id: ContactId): Promise<void>
  setContactVerified(id: ContactId, fingerprint: CertificateFingerprint | null, identityKey?: IdentityPublicKey | null): Promise<Contact>
  listRecents(): Promise<RecentEntry[]>
  clearRecents(): Promise<void>
  recordRoomCall(room: RoomCode, durationMs: number): Promise<void>
  takePending(): Promise<{ links: DeepLink[]; notices: AppNotice[] }>
  /** The sources for the app's own screen picker; null where the browser shows its own (web mode). */
  listScreenSources(): Promise<ScreenSource[] | null>
  /** Names the picked source before `getDisplayMedia`; nothing to do where the browser picks. */
  chooseScreenSource(id: string): Promise<void>
  onPhoneIdentity(listener: (identity: PhoneIdentity) => void): Unsubscribe
  onIncomingCall(listener: (call: IncomingCall) => void): Unsubscribe
  onCallUpdate(listener: (update: CallUpdate) => void): Unsubscribe
  onCallCancelled(listener: (cancelled: CallCancelled) => void): Unsubscribe
  onCallWhileBusy(listener: (call: CallWhileBusy) => void): Unsubscribe
  onContactsChanged(listener: (contacts: Contact[]) => void): Unsubscribe
  onRecentsChanged(listener: (recents: RecentEntry[]) => void): Unsubscribe
  onOpenLink(listener: (link: DeepLink) => void): Unsubscribe
  onNotice(listener: (notice: AppNotice) => void): Unsubscribe
  /** Settings → Server; null where there is no such setting (web mode: the page talks to the server that served it). */
  getServerChoice(): Promise<ServerChoiceStatus | null>
  setServerChoice(setting: ServerSetting): Promise<ServerChoiceStatus>
  testServer(address: string): Promise<ServerTestResult>
  /** The server an invitation to a room here names; null when there is none to name (automatic mode, a plain-http page). */
  getInviteServer(): Promise<string | null>
  /** Where the app can be reached (the home screen says it); null in web mode. */
  getNetworkStatus(): Promise<NetworkStatus | null>
  setLanReachable(reachable: boolean): Promise<NetworkStatus>
  onNetworkStatus(listener: (status: NetworkStatus) => void): Unsubscribe
}

export type ArgsCheck<C extends BridgeCommandChannel> =
  | { ok: true; args: BridgeCommands[C]['args'] }
  | { ok: false; reason: string }

/**
 * Validators for command arguments. Main runs the one for a channel on every invoke: a compromised or buggy
 * renderer is untrusted input like any network peer.
 */
export const commandArgs: { [C in BridgeCommandChannel]: (args: readonly unknown[]) => ArgsCheck<C> } = {
  'signaling:join-room': (args) => {
    if (args.length < 1 || args.length > 2 || !isRoomCode(args[0])) return { ok: false, reason: 'expected one canonical room code' }
    if (args[1] === undefined) return { ok: true, args: [args[0]] }
    const options = checkJoinRoomOptions(args[1])
    return options === null ? { ok: false, reason: 'expected join options { server: a wss:// address, or ws:// to this machine }' } : { ok: true, args: [args[0], options] }
  },
  'signaling:leave-room': noArgs,
  'signaling:send-description': (args) => {
    if (args.length !== 2 || !isPeerId(args[0])) return { ok: false, reason: 'expected a peer id and a description' }
    const data = parseSignalData({ kind: 'description', description: args[1] })
    return data.ok && data.message.kind === 'description'
      ? { ok: true, args: [args[0], data.message.description] }
      : { ok: false, reason: data.ok ? 'not a description' : data.reason }
  },
  'signaling:send-candidate': (args) => {
    if (args.length !== 2 || !isPeerId(args[0])) return { ok: false, reason: 'expected a peer id and a candidate' }
    const data = parseSignalData({ kind: 'candidate', candidate: args[1] })
    return data.ok && data.message.kind === 'candidate'
      ? { ok: true, args: [args[0], data.message.candidate] }
      : { ok: false, reason: data.ok ? 'not a candidate' : data.reason }
  },
  'signaling:get-connection-state': noArgs,
  'devices:report': (args) =>
    args.length === 1 && isDeviceReport(args[0]) ? { ok: true, args: [args[0]] } : { ok: false, reason: 'expected one device report' },
  'devices:get-preferences': noArgs,
  'devices:save-preference': (args) =>
    args.length === 2 && isDeviceKind(args[0]) && (args[1] === null || isDeviceSummary(args[1]))
      ? { ok: true, args: [args[0], args[1]] }
      : { ok: false, reason: 'expected a device kind and a choice or null' },
  'media:request-access': (args) =>
    args.length === 1 && Array.isArray(args[0]) && args[0].length > 0 && args[0].length <= 2 && args[0].every(isCaptureKind)
      ? { ok: true, args: [[...new Set(args[0] as CaptureKind[])]] }
      : { ok: false, reason: 'expected a list of camera and/or microphone' },
  'media:open-privacy-settings': (args) =>
    args.length === 1 && isCaptureKind(args[0]) ? { ok: true, args: [args[0]] } : { ok: false, reason: 'expected camera or microphone' },
  'phone:get-identity': noArgs,
  'phone:regenerate-code': noArgs,
  'phone:call': (args) =>
    args.length === 1 && isRoomCode(args[0]) ? { ok: true, args: [args[0]] } : { ok: false, reason: 'expected one canonical personal code' },
  'phone:hang-up': (args) => (args.length === 1 && isCallId(args[0]) ? { ok: true, args: [args[0]] } : { ok: false, reason: 'expected a call id' }),
  'phone:answer': (args) =>
    args.length === 2 && isCallId(args[0]) && typeof args[1] === 'boolean'
      ? { ok: true, args: [args[0], args[1]] }
      : { ok: false, reason: 'expected a call id and true or false' },
  'phone:set-in-call': (args) =>
    args.length === 1 && typeof args[0] === 'boolean' ? { ok: true, args: [args[0]] } : { ok: false, reason: 'expected true or false' },
  'phone:call-ended': (args) =>
    args.length === 2 && isCallId(args[0]) && typeof args[1] === 'number' && Number.isFinite(args[1]) && args[1] >= 0 && args[1] < 7 * 24 * 3600_000
      ? { ok: true, args: [args[0], args[1]] }
      : { ok: false, reason: 'expected a call id and a duration in ms' },
  'contacts:list': noArgs,
  'contacts:add': (args) => (args.length === 1 && isDraft(args[0]) ? { ok: true, args: [args[0]] } : { ok: false, reason: 'expected a contact draft' }),
  'contacts:update': (args) =>
    args.length === 2 && isContactId(args[0]) && isDraft(args[1])
      ? { ok: true, args: [args[0], args[1]] }
      : { ok: false, reason: 'expected a contact id and a contact draft' },
  'contacts:remove': (args) => (args.length === 1 && isContactId(args[0]) ? { ok: true, args: [args[0]] } : { ok: false, reason: 'expected a contact id' }),
  'contacts:set-verified': (args) => {
    const [id, fingerprint, identityKey] = args
    if ((args.length !== 2 && args.length !== 3) || !isContactId(id) || (fingerprint !== null && !isCertificateFingerprint(fingerprint))) {
      return { ok: false, reason: 'expected a contact id and a sha-256 certificate fingerprint or null' }
    }
    if (args.length === 2) return { ok: true, args: [id, fingerprint] }
    // An identity key only comes with the certificate it signed.
    if (identityKey !== null && identityKey !== undefined && (fingerprint === null || !isIdentityPublicKey(identityKey))) {
      return { ok: false, reason: 'expected a P-256 identity key (SPKI, base64) with a fingerprint, or null' }
    }
    return { ok: true, args: [id, fingerprint, identityKey ?? null] }
  },
  'recents:list': noArgs,
  'recents:clear': noArgs,
  'recents:add-room': (args) =>
    args.length === 2 && isRoomCode(args[0]) && isRecentDuration(args[1])
      ? { ok: true, args: [args[0], args[1]] }
      : { ok: false, reason: 'expected a canonical room code and a duration in ms' },
  'settings:get-privacy': noArgs,
  'settings:set-relay-only': (args) =>
    args.length === 1 && typeof args[0] === 'boolean' ? { ok: true, args: [args[0]] } : { ok: false, reason: 'expected true or false' },
  'settings:get-call': noArgs,
  'settings:set-low-data': (args) =>
    args.length === 1 && typeof args[0] === 'boolean' ? { ok: true, args: [args[0]] } : { ok: false, reason: 'expected true or false' },
  'settings:set-display-name': (args) => {
    const check = args.length === 1 ? parseDisplayName(args[0]) : null
    return check?.ok ? { ok: true, args: [check.name] } : { ok: false, reason: `expected a name of at most ${MAX_DISPLAY_NAME_LENGTH} characters, or an empty string` }
  },
  'settings:get-language': noArgs,
  'settings:set-language': (args) =>
    args.length === 1 && isLanguagePreference(args[0]) ? { ok: true, args: [args[0]] } : { ok: false, reason: 'expected system, en or ko' },
  'settings:get-theme': noArgs,
  'settings:set-theme': (args) =>
    args.length === 1 && isThemePreference(args[0]) ? { ok: true, args: [args[0]] } : { ok: false, reason: 'expected system, light or dark' },
  'screen:list-sources': noArgs,
  'screen:choose-source': (args) =>
    args.length === 1 && isScreenSourceId(args[0]) ? { ok: true, args: [args[0]] } : { ok: false, reason: 'expected one screen or window source id' },
  'app:take-pending': noArgs,
  'server:get-choice': noArgs,
  'server:set-choice': (args) =>
    args.length === 1 && isServerSetting(args[0])
      ? { ok: true, args: [args[0].kind === 'automatic' ? { kind: 'automatic' } : { kind: 'server', url: args[0].url }] }
      : { ok: false, reason: 'expected { kind: "automatic" } or { kind: "server", url: a wss:// address }' },
  'server:test': (args) =>
    args.length === 1 && typeof args[0] === 'string' && args[0].length <= MAX_SERVER_ADDRESS_LENGTH
      ? { ok: true, args: [args[0]] }
      : { ok: false, reason: 'expected one address' },
  'server:get-invite-server': noArgs,
  'network:get-status': noArgs,
  'network:set-reachable': (args) =>
    args.length === 1 && typeof args[0] === 'boolean' ? { ok: true, args: [args[0]] } : { ok: false, reason: 'expected true or false' },
}

/** Join options with a usable server, normalized; null when they are not join options. */
function checkJoinRoomOptions(value: unknown): JoinRoomOptions | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const { server, ...rest } = value as Record<string, unknown>
  if (Object.keys(rest).length > 0) return null
  if (server === undefined) return {}
  const address = parseServerAddress(server)
  return address.ok ? { server: address.url } : null
}

/** The shape of a draft only; what it says is checked by `checkContactDraft` where it is used. */
function isDraft(value: unknown): value is ContactDraft {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const draft = value as Record<string, unknown>
  return (
    Object.keys(draft).every((key) => key === 'name' || key === 'code') &&
    typeof draft.name === 'string' &&
    draft.name.length <= 1_000 &&
    typeof draft.code === 'string' &&
    draft.code.length <= 100
  )
}

function noArgs(args: readonly unknown[]): { ok: true; args: [] } | { ok: false; reason: string } {
  return args.length === 0 ? { ok: true, args: [] } : { ok: false, reason: 'expected no arguments' }
}
