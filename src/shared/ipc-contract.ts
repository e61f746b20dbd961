/**
 * The one contract between the renderer and the main process. Main registers handlers for exactly these
 * channels and validates every argument; the preload implements `TonghwaBridge` once, a method a message;
 * web mode implements the same interface over a WebSocket. Channel strings exist only here.
 */
import type { IceCandidate, IceServer, PeerId, PeerLeftReason, SessionDescription } from './protocol'
import { isPeerId, parseSignalData } from './protocol'
import { isRoomCode, type RoomCode } from './room-code'
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

/** Main → renderer: channel → payload. */
export interface BridgeEvents {
  'signaling:connection-state': ConnectionState
  'signaling:joined': JoinedEvent
  'signaling:peer-joined': PeerJoinedEvent
  'signaling:peer-left': PeerLeftEvent
  'signaling:description': DescriptionEvent
  'signaling:candidate': CandidateEvent
  'signaling:error': SignalingErrorEvent
}

/** Renderer → main: channel → argument tuple and result (all are `ipcRenderer.invoke` round trips). */
export interface BridgeCommands {
  'signaling:join-room': { args: [room: RoomCode]; result: void }
  'signaling:leave-room': { args: []; result: void }
  'signaling:send-description': { args: [to: PeerId, description: SessionDescription]; result: void }
  'signaling:send-candidate': { args: [to: PeerId, candidate: IceCandidate]; result: void }
  'signaling:get-connection-state': { args: []; result: ConnectionState }
}

export type BridgeEventChannel = keyof BridgeEvents
export type BridgeCommandChannel = keyof BridgeCommands

export type Unsubscribe = () => void

/** What the renderer sees as `window.tonghwa`. */
export interface TonghwaBridge {
  /** Which implementation this is: the Electron preload, or the browser's own WebSocket in web mode. */
  readonly platform: 'electron' | 'web'
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
  'signaling:leave-room': (args) => (args.length === 0 ? { ok: true, args: [] } : { ok: false, reason: 'expected no arguments' }),
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
  'signaling:get-connection-state': (args) =>
    args.length === 0 ? { ok: true, args: [] } : { ok: false, reason: 'expected no arguments' },
}
