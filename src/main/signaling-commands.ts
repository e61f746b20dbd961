/**
 * The signaling domain of the IPC contract: commands go to the window's `SignalingClient`, and the client's
 * events go back to the page. Sends return nothing: when the link is down, the call renegotiates after the
 * rejoin. No Electron import: tested in Node against a real server.
 */
import type { SignalingClient } from '../shared/signaling-client'
import type { DomainCommands, EmitBridgeEvent } from './ipc-handlers'

export function signalingCommands(client: SignalingClient): DomainCommands<'signaling'> {
  return {
    'signaling:join-room': (room) => client.join(room),
    'signaling:leave-room': () => client.leave(),
    'signaling:send-description': (to, description) => void client.sendDescription(to, description),
    'signaling:send-candidate': (to, candidate) => void client.sendCandidate(to, candidate),
    'signaling:get-connection-state': () => client.state,
  }
}

/** Forwards every client event to the page; returns a function that stops forwarding. */
export function forwardSignalingEvents(client: SignalingClient, emit: EmitBridgeEvent): () => void {
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
