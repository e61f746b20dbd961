/**
 * The signaling domain of the IPC contract: commands go to the window's signaling link, and the link's
 * events go back to the page. Sends return nothing: when the link is down, the call renegotiates after the
 * rejoin. No Electron import: tested in Node against a real server.
 */
import { CodedError } from '../shared/coded-error'
import type { ConnectionState, JoinRoomOptions } from '../shared/ipc-contract'
import type { IceCandidate, PeerId, SessionDescription } from '../shared/protocol'
import type { RoomCode } from '../shared/room-code'
import type { Listener } from '../shared/typed-events'
import type { DomainCommands, EmitBridgeEvent } from './ipc-handlers'
import type { WindowSignalingEvents } from './reach/window-signaling'

/** What a window's signaling needs: a `SignalingClient`, or the `WindowSignaling` that routes one per room. */
export interface SignalingLink {
  readonly state: ConnectionState
  /**
   * True when `join(room, { server })` joins on that server (`WindowSignaling`). A plain client would join on its
   * own server instead, so a join naming a server is refused for it rather than quietly sent to the wrong place.
   */
  readonly canJoinElsewhere?: boolean
  join(room: RoomCode, options?: JoinRoomOptions): void
  leave(): void
  sendDescription(to: PeerId, description: SessionDescription): boolean
  sendCandidate(to: PeerId, candidate: IceCandidate): boolean
  on<E extends keyof WindowSignalingEvents>(event: E, listener: Listener<WindowSignalingEvents[E]>): () => void
}

export const SignalingLinkErrorCode = {
  /** A join named a server, and this window's link cannot go anywhere but its own. */
  CannotJoinElsewhere: 'SIG_LINK_ERR_CANNOT_JOIN_ELSEWHERE',
} as const

export class SignalingLinkError extends CodedError<(typeof SignalingLinkErrorCode)[keyof typeof SignalingLinkErrorCode]> {
  override name = 'SignalingLinkError'
}

export function signalingCommands(client: SignalingLink): DomainCommands<'signaling'> {
  return {
    'signaling:join-room': (room, options) => {
      if (options?.server === undefined) return client.join(room)
      if (client.canJoinElsewhere !== true) throw new SignalingLinkError(SignalingLinkErrorCode.CannotJoinElsewhere, 'this window cannot join a room on another server')
      client.join(room, { server: options.server })
    },
    'signaling:leave-room': () => client.leave(),
    'signaling:send-description': (to, description) => void client.sendDescription(to, description),
    'signaling:send-candidate': (to, candidate) => void client.sendCandidate(to, candidate),
    'signaling:get-connection-state': () => client.state,
  }
}

/** Forwards every client event to the page; returns a function that stops forwarding. */
export function forwardSignalingEvents(client: SignalingLink, emit: EmitBridgeEvent): () => void {
  const unsubscribers = [
    client.on('state', (payload) => emit('signaling:connection-state', payload)),
    client.on('joined', (payload) => emit('signaling:joined', payload)),
    client.on('peer-joined', (payload) => emit('signaling:peer-joined', payload)),
    client.on('peer-left', (payload) => emit('signaling:peer-left', payload)),
    client.on('description', (payload) => emit('signaling:description', payload)),
    client.on('candidate', (payload) => emit('signaling:candidate', payload)),
    client.on('error', (payload) => emit('signaling:error', payload)),
    client.on('ice-servers', (payload) => emit('signaling:ice-servers', payload)),
  ]
  return () => {
    for (const unsubscribe of unsubscribers.splice(0)) unsubscribe()
  }
}
