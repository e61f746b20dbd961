/**
 * The bridge in web mode: a person without the app joins from a browser, and the page opens the signaling
 * WebSocket itself, with the same reconnecting client the Electron main process uses.
 */
import type { TonghwaBridge } from '../../../shared/ipc-contract'
import { SignalingClient } from '../../../shared/signaling-client'

/** The signaling endpoint of the server that served this page (`/signal` on the same origin). */
export function signalingUrlFor(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${location.host}/signal`
}

export function createWebBridge(url: string): TonghwaBridge {
  const client = new SignalingClient({ url, createSocket: (socketUrl) => new WebSocket(socketUrl) })
  client.connect()
  return {
    platform: 'web',
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
  }
}
