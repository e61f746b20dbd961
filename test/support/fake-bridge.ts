/**
 * A `TonghwaBridge` for tests: records every command, lets the test play the server's, the native menu's and
 * main's phone events, and counts listeners so a test can prove that teardown removed every one. Contacts and
 * recents live in memory and are checked with the same `checkContactDraft` main uses.
 */
import type { CertificateFingerprint } from '../../src/shared/certificate-fingerprint'
import type { IdentityPublicKey } from '../../src/shared/identity-key'
import type {
  CaptureKind,
  DeviceChoice,
  DeviceKind,
  DevicePreferences,
  DeviceReport,
  MediaAccess,
} from '../../src/shared/devices'
import type {
  BridgeEvents,
  CallSettings,
  ConnectionState,
  HostOs,
  LanguageSettings,
  NetworkStatus,
  PrivacySettings,
  TonghwaBridge,
  Unsubscribe,
} from '../../src/shared/ipc-contract'
import type { LanguagePreference } from '../../src/shared/language'
import type { ThemePreference } from '../../src/shared/theme'
import type { ServerSetting } from '../../src/shared/server-address'
import type { ServerChoiceStatus, ServerTestResult } from '../../src/shared/server-choice'
import type { IceCandidate, IceServer, PeerId, PeerLeftReason, SessionDescription } from '../../src/shared/protocol'
import { generateRoomCode, type RoomCode } from '../../src/shared/room-code'
import type { SignalingErrorCode } from '../../src/shared/signaling-errors'
import type { ScreenSource } from '../../src/shared/screen-sources'
import { generateCallId, type CallCancelReason, type CallId, type CallState } from '../../src/shared/calls'
import { checkContactDraft, type Contact, type ContactDraft, type ContactId, type RecentEntry } from '../../src/shared/contacts'
import {
  PhoneErrorCode,
  type AppNotice,
  type DeepLink,
  type IncomingCall,
  type OutgoingCall,
  type PhoneIdentity,
} from '../../src/shared/phone'

export type BridgeCall =
  | { method: 'joinRoom'; room: RoomCode; server?: string }
  | { method: 'leaveRoom' }
  | { method: 'sendDescription'; to: PeerId; description: SessionDescription }
  | { method: 'sendCandidate'; to: PeerId; candidate: IceCandidate }
  | { method: 'reportDevices'; report: DeviceReport }
  | { method: 'getDevicePreferences' }
  | { method: 'saveDevicePreference'; kind: DeviceKind; choice: DeviceChoice | null }
  | { method: 'requestMediaAccess'; kinds: CaptureKind[] }
  | { method: 'openPrivacySettings'; kind: CaptureKind }
  | { method: 'regeneratePersonalCode' }
  | { method: 'callPerson'; code: RoomCode }
  | { method: 'hangUpCall'; callId: CallId }
  | { method: 'answerCall'; callId: CallId; accept: boolean }
  | { method: 'setInCall'; inCall: boolean }
  | { method: 'reportCallEnded'; callId: CallId; durationMs: number }
  | { method: 'addContact'; draft: ContactDraft }
  | { method: 'updateContact'; id: ContactId; draft: ContactDraft }
  | { method: 'removeContact'; id: ContactId }
  | { method: 'setContactVerified'; id: ContactId; fingerprint: CertificateFingerprint | null; identityKey?: IdentityPublicKey | null }
  | { method: 'clearRecents' }
  | { method: 'recordRoomCall'; room: RoomCode; durationMs: number }
  | { method: 'setRelayOnly'; relayOnly: boolean }
  | { method: 'setLowData'; lowData: boolean }
  | { method: 'setDisplayName'; name: string }
  | { method: 'chooseScreenSource'; id: string }
  | { method: 'setLanguage'; preference: LanguagePreference }
  | { method: 'setTheme'; preference: ThemePreference }
  | { method: 'setServerChoice'; setting: ServerSetting }
  | { method: 'testServer'; address: string }
  | { method: 'setLanReachable'; reachable: boolean }

type Listener = (payload: never) => void

export class FakeBridge implements TonghwaBridge {
  readonly platform = 'web' as const
  os: HostOs = 'web'
  readonly calls: BridgeCall[] = []
  connectionState: ConnectionState = { status: 'open' }
  /** When set, `joinRoom` rejects with it (as an IPC invoke that failed would). */
  joinError: Error | null = null
  /** What main has remembered; `saveDevicePreference` updates it as main's settings file would. */
  preferences: DevicePreferences = {}
  /** When set, `getDevicePreferences` and `saveDevicePreference` reject with it. */
  preferencesError: Error | null = null
  /** What the OS says about access; a function sees the kinds asked for. */
  mediaAccess: MediaAccess | ((kinds: CaptureKind[]) => Promise<MediaAccess>) = { camera: 'granted', microphone: 'granted' }
  /** What `openPrivacySettings` answers (false: no pane on this OS). */
  privacySettingsOpen = true
  /** What `getPhoneIdentity` answers; `setIdentity` also tells the window. */
  identity: PhoneIdentity = { code: generateRoomCode(), status: 'online' }
  /** When set, `callPerson` rejects with it (e.g. `PHONE_ERR_NOT_ONLINE: …`). */
  callError: Error | null = null
  /** When set, `answerCall` rejects with it (the call stopped ringing a moment ago). */
  answerError: Error | null = null
  /** Every call placed with `callPerson`, in order. */
  readonly placed: OutgoingCall[] = []
  contacts: Contact[] = []
  recents: RecentEntry[] = []
  pending: { links: DeepLink[]; notices: AppNotice[] } = { links: [], notices: [] }
  /** What main has remembered for "Always use a relay"; `setRelayOnly` updates it. */
  relayOnly = false
  /** What main has remembered for "Low data"; `setLowData` updates it. */
  lowData = false
  /** What main has remembered for "Your name"; `setDisplayName` updates it. */
  displayName = ''
  /** What main has remembered for the language, and the system's languages; `setLanguage` updates the first. */
  languagePreference: LanguagePreference = 'system'
  systemLanguages: string[] = ['en-US']
  /** What main has remembered for the colour theme; `setTheme` updates it. */
  themePreference: ThemePreference = 'system'
  /** What main lists for the app's screen picker; null: the browser picks (web mode). */
  screenSources: ScreenSource[] | null = null
  /** When set, `chooseScreenSource` rejects with it (e.g. `SCREEN_ERR_NOT_LISTED: …`). */
  screenChoiceError: Error | null = null
  /** Settings → Server as main reports it; null: there is none (web mode). `setServerChoice` updates it. */
  serverChoice: ServerChoiceStatus | null = null
  /** When set, `setServerChoice` rejects with it. */
  serverChoiceError: Error | null = null
  /** What **Test** answers; a function sees the address. */
  serverTest: ServerTestResult | ((address: string) => Promise<ServerTestResult>) = { ok: true, url: 'wss://signal.example.org/signal', version: '0.1.0', protocol: 1, turn: true }
  /** The server an invitation names. */
  inviteServer: string | null = null
  readonly #listeners = new Map<keyof BridgeEvents, Set<Listener>>()
  #nextContactId = 1

  async joinRoom(room: RoomCode, options?: { server?: string }): Promise<void> {
    this.calls.push(options?.server === undefined ? { method: 'joinRoom', room } : { method: 'joinRoom', room, server: options.server })
    if (this.joinError) throw this.joinError
  }
  async leaveRoom(): Promise<void> {
    this.calls.push({ method: 'leaveRoom' })
  }
  async sendDescription(to: PeerId, description: SessionDescription): Promise<void> {
    this.calls.push({ method: 'sendDescription', to, description })
  }
  async sendCandidate(to: PeerId, candidate: IceCandidate): Promise<void> {
    this.calls.push({ method: 'sendCandidate', to, candidate })
  }
  async getConnectionState(): Promise<ConnectionState> {
    return this.connectionState
  }
  async reportDevices(report: DeviceReport): Promise<void> {
    this.calls.push({ method: 'reportDevices', report })
  }
  async getDevicePreferences(): Promise<DevicePreferences> {
    this.calls.push({ method: 'getDevicePreferences' })
    if (this.preferencesError) throw this.preferencesError
    return structuredClone(this.preferences)
  }
  async saveDevicePreference(kind: DeviceKind, choice: DeviceChoice | null): Promise<void> {
    this.calls.push({ method: 'saveDevicePreference', kind, choice })
    if (this.preferencesError) throw this.preferencesError
    const preferences = { ...this.preferences }
    if (choice) preferences[kind] = { ...choice }
    else delete preferences[kind]
    this.preferences = preferences
  }
  async requestMediaAccess(kinds: CaptureKind[]): Promise<MediaAccess> {
    this.calls.push({ method: 'requestMediaAccess', kinds })
    return typeof this.mediaAccess === 'function' ? this.mediaAccess(kinds) : { ...this.mediaAccess }
  }
  async openPrivacySettings(kind: CaptureKind): Promise<boolean> {
    this.calls.push({ method: 'openPrivacySettings', kind })
    return this.privacySettingsOpen
  }

  async getPhoneIdentity(): Promise<PhoneIdentity> {
    return { ...this.identity }
  }
  async regeneratePersonalCode(): Promise<PhoneIdentity> {
    this.calls.push({ method: 'regeneratePersonalCode' })
    this.identity = { code: generateRoomCode(), status: 'connecting' }
    return { ...this.identity }
  }
  async callPerson(code: RoomCode): Promise<OutgoingCall> {
    this.calls.push({ method: 'callPerson', code })
    if (this.callError) throw this.callError
    if (code === this.identity.code) throw new Error(`${PhoneErrorCode.CallingSelf}: that is your own code`)
    const call: OutgoingCall = { callId: generateCallId(), to: code, room: generateRoomCode(), ringTimeoutMs: 30_000 }
    this.placed.push(call)
    return { ...call }
  }
  async hangUpCall(callId: CallId): Promise<void> {
    this.calls.push({ method: 'hangUpCall', callId })
  }
  async answerCall(callId: CallId, accept: boolean): Promise<void> {
    this.calls.push({ method: 'answerCall', callId, accept })
    if (this.answerError) throw this.answerError
  }
  async setInCall(inCall: boolean): Promise<void> {
    this.calls.push({ method: 'setInCall', inCall })
  }
  async reportCallEnded(callId: CallId, durationMs: number): Promise<void> {
    this.calls.push({ method: 'reportCallEnded', callId, durationMs })
  }
  async listContacts(): Promise<Contact[]> {
    return structuredClone(this.contacts)
  }
  async addContact(draft: ContactDraft): Promise<Contact> {
    this.calls.push({ method: 'addContact', draft })
    const checked = checkContactDraft(draft, this.contacts, { ownCode: this.identity.code })
    if (!checked.ok) throw new Error(`${checked.code}: ${checked.message}`)
    const contact: Contact = { id: this.#contactId(), name: checked.name, code: checked.code, createdAt: 1, updatedAt: 1 }
    this.setContacts([...this.contacts, contact])
    return { ...contact }
  }
  async updateContact(id: ContactId, draft: ContactDraft): Promise<Contact> {
    this.calls.push({ method: 'updateContact', id, draft })
    const current = this.contacts.find((contact) => contact.id === id)
    if (!current) throw new Error('CONTACT_ERR_NOT_FOUND: That contact does not exist any more.')
    const checked = checkContactDraft(draft, this.contacts, { ownCode: this.identity.code, editing: id })
    if (!checked.ok) throw new Error(`${checked.code}: ${checked.message}`)
    const contact: Contact = { ...current, name: checked.name, code: checked.code, updatedAt: 2 }
    this.setContacts(this.contacts.map((existing) => (existing.id === id ? contact : existing)))
    return { ...contact }
  }
  async removeContact(id: ContactId): Promise<void> {
    this.calls.push({ method: 'removeContact', id })
    this.setContacts(this.contacts.filter((contact) => contact.id !== id))
  }
  async setContactVerified(id: ContactId, fingerprint: CertificateFingerprint | null, identityKey: IdentityPublicKey | null = null): Promise<Contact> {
    this.calls.push({ method: 'setContactVerified', id, fingerprint, ...(identityKey ? { identityKey } : {}) })
    const current = this.contacts.find((contact) => contact.id === id)
    if (!current) throw new Error('CONTACT_ERR_NOT_FOUND: That contact does not exist any more.')
    const contact: Contact = { ...current, updatedAt: 3 }
    if (fingerprint === null) delete contact.verifiedFingerprint
    else contact.verifiedFingerprint = fingerprint
    if (identityKey === null) delete contact.verifiedIdentityKey
    else contact.verifiedIdentityKey = identityKey
    this.setContacts(this.contacts.map((existing) => (existing.id === id ? contact : existing)))
    return { ...contact }
  }
  async listRecents(): Promise<RecentEntry[]> {
    return structuredClone(this.recents)
  }
  /** Records the room call as main does (an id, the time it began), and tells the window. */
  async recordRoomCall(room: RoomCode, durationMs: number): Promise<void> {
    this.calls.push({ method: 'recordRoomCall', room, durationMs })
    this.setRecents([{ id: generateCallId(), kind: 'room', code: room, at: Date.now() - durationMs, outcome: 'joined', durationMs }, ...this.recents])
  }
  async clearRecents(): Promise<void> {
    this.calls.push({ method: 'clearRecents' })
    this.setRecents([])
  }
  async takePending(): Promise<{ links: DeepLink[]; notices: AppNotice[] }> {
    const pending = this.pending
    this.pending = { links: [], notices: [] }
    return pending
  }
  async listScreenSources(): Promise<ScreenSource[] | null> {
    return this.screenSources === null ? null : structuredClone(this.screenSources)
  }
  async chooseScreenSource(id: string): Promise<void> {
    this.calls.push({ method: 'chooseScreenSource', id })
    if (this.screenChoiceError) throw this.screenChoiceError
  }
  async getServerChoice(): Promise<ServerChoiceStatus | null> {
    return structuredClone(this.serverChoice)
  }
  async setServerChoice(setting: ServerSetting): Promise<ServerChoiceStatus> {
    this.calls.push({ method: 'setServerChoice', setting })
    if (this.serverChoiceError) throw this.serverChoiceError
    const choice: ServerChoiceStatus['choice'] = setting.kind === 'server' ? { kind: 'server', url: setting.url, source: 'setting' } : { kind: 'automatic', source: 'setting' }
    this.serverChoice = { packagedUrl: null, problems: [], ...this.serverChoice, setting, choice }
    return structuredClone(this.serverChoice)
  }
  async testServer(address: string): Promise<ServerTestResult> {
    this.calls.push({ method: 'testServer', address })
    return typeof this.serverTest === 'function' ? this.serverTest(address) : structuredClone(this.serverTest)
  }
  async getInviteServer(): Promise<string | null> {
    return this.inviteServer
  }
  /** What `getNetworkStatus` answers; null as in web mode. */
  networkStatus: NetworkStatus | null = null
  async getNetworkStatus(): Promise<NetworkStatus | null> {
    return this.networkStatus === null ? null : { ...this.networkStatus }
  }
  async setLanReachable(reachable: boolean): Promise<NetworkStatus> {
    this.calls.push({ method: 'setLanReachable', reachable })
    const status: NetworkStatus = reachable ? { kind: 'network', others: 0, lanReachable: true } : { kind: 'this-computer', reason: 'switched-off', others: 0, lanReachable: false }
    this.networkStatus = status
    this.emit('network:status', { ...status })
    return status
  }
  onNetworkStatus(listener: (status: NetworkStatus) => void): Unsubscribe {
    return this.#subscribe('network:status', listener)
  }

  async getPrivacySettings(): Promise<PrivacySettings> {
    return { relayOnly: this.relayOnly }
  }
  async getCallSettings(): Promise<CallSettings> {
    return { lowData: this.lowData, displayName: this.displayName }
  }
  async setLowData(lowData: boolean): Promise<void> {
    this.calls.push({ method: 'setLowData', lowData })
    this.lowData = lowData
  }
  async setDisplayName(name: string): Promise<string> {
    this.calls.push({ method: 'setDisplayName', name })
    this.displayName = name.trim()
    return this.displayName
  }
  async setRelayOnly(relayOnly: boolean): Promise<void> {
    this.calls.push({ method: 'setRelayOnly', relayOnly })
    this.relayOnly = relayOnly
  }
  async getLanguageSettings(): Promise<LanguageSettings> {
    return { preference: this.languagePreference, systemLanguages: [...this.systemLanguages] }
  }
  async setLanguage(preference: LanguagePreference): Promise<void> {
    this.calls.push({ method: 'setLanguage', preference })
    this.languagePreference = preference
  }
  async getTheme(): Promise<ThemePreference> {
    return this.themePreference
  }
  async setTheme(preference: ThemePreference): Promise<void> {
    this.calls.push({ method: 'setTheme', preference })
    this.themePreference = preference
  }

  onConnectionState(listener: (state: ConnectionState) => void): Unsubscribe {
    return this.#subscribe('signaling:connection-state', listener)
  }
  onJoined(listener: (event: BridgeEvents['signaling:joined']) => void): Unsubscribe {
    return this.#subscribe('signaling:joined', listener)
  }
  onPeerJoined(listener: (event: BridgeEvents['signaling:peer-joined']) => void): Unsubscribe {
    return this.#subscribe('signaling:peer-joined', listener)
  }
  onPeerLeft(listener: (event: BridgeEvents['signaling:peer-left']) => void): Unsubscribe {
    return this.#subscribe('signaling:peer-left', listener)
  }
  onDescription(listener: (event: BridgeEvents['signaling:description']) => void): Unsubscribe {
    return this.#subscribe('signaling:description', listener)
  }
  onCandidate(listener: (event: BridgeEvents['signaling:candidate']) => void): Unsubscribe {
    return this.#subscribe('signaling:candidate', listener)
  }
  onSignalingError(listener: (event: BridgeEvents['signaling:error']) => void): Unsubscribe {
    return this.#subscribe('signaling:error', listener)
  }
  onIceServers(listener: (event: BridgeEvents['signaling:ice-servers']) => void): Unsubscribe {
    return this.#subscribe('signaling:ice-servers', listener)
  }
  onDeviceChosenFromMenu(listener: (event: BridgeEvents['devices:chosen-from-menu']) => void): Unsubscribe {
    return this.#subscribe('devices:chosen-from-menu', listener)
  }
  onPhoneIdentity(listener: (identity: PhoneIdentity) => void): Unsubscribe {
    return this.#subscribe('phone:identity', listener)
  }
  onIncomingCall(listener: (call: IncomingCall) => void): Unsubscribe {
    return this.#subscribe('phone:incoming-call', listener)
  }
  onCallUpdate(listener: (update: BridgeEvents['phone:call-update']) => void): Unsubscribe {
    return this.#subscribe('phone:call-update', listener)
  }
  onCallCancelled(listener: (cancelled: BridgeEvents['phone:call-cancelled']) => void): Unsubscribe {
    return this.#subscribe('phone:call-cancelled', listener)
  }
  onCallWhileBusy(listener: (call: BridgeEvents['phone:call-while-busy']) => void): Unsubscribe {
    return this.#subscribe('phone:call-while-busy', listener)
  }
  onContactsChanged(listener: (contacts: Contact[]) => void): Unsubscribe {
    return this.#subscribe('contacts:changed', listener)
  }
  onRecentsChanged(listener: (recents: RecentEntry[]) => void): Unsubscribe {
    return this.#subscribe('recents:changed', listener)
  }
  onOpenLink(listener: (link: DeepLink) => void): Unsubscribe {
    return this.#subscribe('app:open-link', listener)
  }
  onNotice(listener: (notice: AppNotice) => void): Unsubscribe {
    return this.#subscribe('app:notice', listener)
  }

  /** Delivers an event to every listener of its channel, as the preload would. */
  emit<C extends keyof BridgeEvents>(channel: C, payload: BridgeEvents[C]): void {
    for (const listener of [...(this.#listeners.get(channel) ?? [])]) {
      ;(listener as (payload: BridgeEvents[C]) => void)(payload)
    }
  }

  // Shorthands for the server's messages.
  setConnectionState(state: ConnectionState): void {
    this.connectionState = state
    this.emit('signaling:connection-state', state)
  }
  joined(room: RoomCode, peerId: PeerId, peers: PeerId[] = [], iceServers: IceServer[] = []): void {
    this.emit('signaling:joined', { room, peerId, peers, iceServers })
  }
  peerJoined(peerId: PeerId): void {
    this.emit('signaling:peer-joined', { peerId })
  }
  peerLeft(peerId: PeerId, reason: PeerLeftReason = 'left'): void {
    this.emit('signaling:peer-left', { peerId, reason })
  }
  description(from: PeerId, description: SessionDescription): void {
    this.emit('signaling:description', { from, description })
  }
  candidate(from: PeerId, candidate: IceCandidate): void {
    this.emit('signaling:candidate', { from, candidate })
  }
  /** The server pushed fresh ICE servers (new TURN credentials). */
  iceServersRefreshed(iceServers: IceServer[]): void {
    this.emit('signaling:ice-servers', { iceServers })
  }
  error(code: SignalingErrorCode, message = 'fake server error'): void {
    this.emit('signaling:error', { code, message })
  }
  /** A click in the native Devices menu. */
  chooseFromMenu(kind: DeviceKind, deviceId: string): void {
    this.emit('devices:chosen-from-menu', { kind, deviceId })
  }
  // Shorthands for main's phone events.
  setIdentity(identity: PhoneIdentity): void {
    this.identity = identity
    this.emit('phone:identity', { ...identity })
  }
  /** Main says how the call placed last (or `callId`) is going. */
  callUpdate(state: CallState, callId: CallId = this.lastPlaced().callId): void {
    this.emit('phone:call-update', { callId, state })
  }
  /** Someone calls; returns the call as the window got it. */
  ring(from: RoomCode, contactName: string | null = null): IncomingCall {
    const call: IncomingCall = { callId: generateCallId(), from, room: generateRoomCode(), contactName }
    this.emit('phone:incoming-call', { ...call })
    return call
  }
  callCancelled(callId: CallId, reason: CallCancelReason = 'hung-up'): void {
    this.emit('phone:call-cancelled', { callId, reason })
  }
  setContacts(contacts: Contact[]): void {
    this.contacts = contacts
    this.emit('contacts:changed', structuredClone(contacts))
  }
  setRecents(recents: RecentEntry[]): void {
    this.recents = recents
    this.emit('recents:changed', structuredClone(recents))
  }
  lastPlaced(): OutgoingCall {
    const call = this.placed.at(-1)
    if (!call) throw new Error('no call was placed')
    return call
  }
  /** What the window told main about being busy, in order. */
  get busyReports(): boolean[] {
    return this.callsOf('setInCall').map((call) => call.inCall)
  }

  /** The reports sent to main so far, oldest first. */
  get deviceReports(): DeviceReport[] {
    return this.callsOf('reportDevices').map((call) => call.report)
  }

  /** Listeners attached, in all or on one channel. */
  listenerCount(channel?: keyof BridgeEvents): number {
    if (channel) return this.#listeners.get(channel)?.size ?? 0
    let count = 0
    for (const set of this.#listeners.values()) count += set.size
    return count
  }

  callsOf<M extends BridgeCall['method']>(method: M): Extract<BridgeCall, { method: M }>[] {
    return this.calls.filter((call): call is Extract<BridgeCall, { method: M }> => call.method === method)
  }

  #contactId(): ContactId {
    return `contact${String(this.#nextContactId++).padStart(5, '0')}` as ContactId
  }

  #subscribe<C extends keyof BridgeEvents>(channel: C, listener: (payload: BridgeEvents[C]) => void): Unsubscribe {
    let set = this.#listeners.get(channel)
    if (!set) this.#listeners.set(channel, (set = new Set()))
    const entry = listener as Listener
    set.add(entry)
    return () => {
      set.delete(entry)
    }
  }
}
