/**
 * An init script for test pages: remembers every RTCPeerConnection the app creates, and every negotiation
 * each one goes through, so a test can read the real `getStats()` of the call and prove that something did
 * (or did not) renegotiate, without any test hook in the product.
 */
export function recordPeerConnections(): void {
  const Native = window.RTCPeerConnection
  const created: RTCPeerConnection[] = []
  const negotiations: string[] = []
  Object.defineProperty(window, '__peerConnections', { value: created })
  Object.defineProperty(window, '__negotiations', { value: negotiations })
  window.RTCPeerConnection = class extends Native {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args)
      const index = created.push(this) - 1
      this.addEventListener('signalingstatechange', () => {
        if (this.signalingState === 'have-local-offer' || this.signalingState === 'have-remote-offer') {
          negotiations.push(`pc${index} ${this.signalingState}`)
        }
      })
    }
  } as typeof RTCPeerConnection
}
