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

/** How the link to the signaling server is doing. `closed` only after `close()`; otherwise it keeps retrying. */
export type ConnectionState =
  | { status: 'connecting'; attempt: number }
  | { status: 'open' }
  | { status: 'reconnecting'; attempt: number; retryInMs: number; lastError: string }
  | { status: 'closed' }

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
}
/** A device picked from the native Devices menu; the renderer applies it as if picked in the window. */
export interface DeviceChosenEvent {
  kind: DeviceKind
  deviceId: string
}

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
  'devices:chosen-from-menu': DeviceChosenEvent
}

/** Renderer → main: channel → argument tuple and result (all are `ipcRenderer.invoke` round trips). */
export interface BridgeCommands {
  'signaling:join-room': { args: [room: RoomCode]; result: void }
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
}

export type BridgeEventChannel = keyof BridgeEvents
export type BridgeCommandChannel = keyof BridgeCommands

export type Unsubscribe = () => void

/** What the renderer sees as `window.tonghwa`. */
export interface TonghwaBridge {
  /** Which implementation this is: the Electron preload, or the browser's own WebSocket in web mode. */
  readonly platform: 'electron' | 'web'
  readonly os: HostOs
  joinRoom(room: RoomCode): Promise<void>
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
  reportDevices(report: DeviceReport): Promise<void>
  getDevicePreferences(): Promise<DevicePreferences>
  saveDevicePreference(kind: DeviceKind, choice: DeviceChoice | null): Promise<void>
  requestMediaAccess(kinds: CaptureKind[]): Promise<MediaAccess>
  openPrivacySettings(kind: CaptureKind): Promise<boolean>
  onDeviceChosenFromMenu(listener: (event: DeviceChosenEvent) => void): Unsubscribe
}

export type ArgsCheck<C extends BridgeCommandChannel> =
  | { ok: true; args: BridgeCommands[C]['args'] }
  | { ok: false; reason: string }

/**
 * Validators for command arguments. Main runs the one for a channel on every invoke: a compromised or buggy
 * renderer is untrusted input like any network peer.
 */
export const commandArgs: { [C in BridgeCommandChannel]: (args: readonly unknown[]) => ArgsCheck<C> } = {
  'signaling:join-room': (args) =>
    args.length === 1 && isRoomCode(args[0])
      ? { ok: true, args: [args[0]] }
      : { ok: false, reason: 'expected one canonical room code' },
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
}

function noArgs(args: readonly unknown[]): { ok: true; args: [] } | { ok: false; reason: string } {
  return args.length === 0 ? { ok: true, args: [] } : { ok: false, reason: 'expected no arguments' }
}
