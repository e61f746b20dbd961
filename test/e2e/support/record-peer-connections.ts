/**
 * An init script for test pages: remembers every RTCPeerConnection the app creates, so a test can read the
 * real `getStats()` of the call without any test hook in the product.
 */
export function recordPeerConnections(): void {
  const Native = window.RTCPeerConnection
  const created: RTCPeerConnection[] = []
  Object.defineProperty(window, '__peerConnections', { value: created })
  window.RTCPeerConnection = class extends Native {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args)
      created.push(this)
    }
  } as typeof RTCPeerConnection
}
