/**
 * A `TonghwaBridge` for tests: records every command, lets the test play the server's and the native menu's
 * events, and counts listeners so a test can prove that teardown removed every one.
 */
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
  ConnectionState,
  HostOs,
  TonghwaBridge,
  Unsubscribe,
} from '../../src/shared/ipc-contract'
import type { IceCandidate, IceServer, PeerId, PeerLeftReason, SessionDescription } from '../../src/shared/protocol'
import type { RoomCode } from '../../src/shared/room-code'
import type { SignalingErrorCode } from '../../src/shared/signaling-errors'

export type BridgeCall =
  | { method: 'joinRoom'; room: RoomCode }
  | { method: 'leaveRoom' }
  | { method: 'sendDescription'; to: PeerId; description: SessionDescription }
  | { method: 'sendCandidate'; to: PeerId; candidate: IceCandidate }
  | { method: 'reportDevices'; report: DeviceReport }
  | { method: 'getDevicePreferences' }
  | { method: 'saveDevicePreference'; kind: DeviceKind; choice: DeviceChoice | null }
  | { method: 'requestMediaAccess'; kinds: CaptureKind[] }
  | { method: 'openPrivacySettings'; kind: CaptureKind }

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
  readonly #listeners = new Map<keyof BridgeEvents, Set<Listener>>()

  async joinRoom(room: RoomCode): Promise<void> {
    this.calls.push({ method: 'joinRoom', room })
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
  onDeviceChosenFromMenu(listener: (event: BridgeEvents['devices:chosen-from-menu']) => void): Unsubscribe {
    return this.#subscribe('devices:chosen-from-menu', listener)
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
  error(code: SignalingErrorCode, message = 'fake server error'): void {
    this.emit('signaling:error', { code, message })
  }
  /** A click in the native Devices menu. */
  chooseFromMenu(kind: DeviceKind, deviceId: string): void {
    this.emit('devices:chosen-from-menu', { kind, deviceId })
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
