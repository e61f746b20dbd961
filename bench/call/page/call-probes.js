// @ts-check
/**
 * Init script for every page the call benchmark opens (Tonghwa's and the floor's): it records, on the page's
 * own clock converted to wall time (performance.timeOrigin + …, comparable across pages of one machine),
 * when "Join call" was clicked and when each remote <video> presented its first frame; and whether the
 * camera preview (the self-view) shows, which means the camera is open. Timestamps come from
 * the page itself, so the bench's polling interval does not blur them.
 */
;(() => {
  /**
   * @type {{ joinClickedAt: number | null, remoteFrames: number[], previewShown: boolean,
   *   peerConnectionsCreated: number[], offersSet: number[], answersApplied: number[], iceConnected: number[], roomJoined: number[] }}
   */
  const bench = { joinClickedAt: null, remoteFrames: [], previewShown: false, peerConnectionsCreated: [], offersSet: [], answersApplied: [], iceConnected: [], roomJoined: [] }
  Object.defineProperty(window, '__bench', { value: bench })
  const now = () => performance.timeOrigin + performance.now()

  // Milestones of each peer connection, to show where the setup time goes (never changes what it does).
  const Native = window.RTCPeerConnection
  window.RTCPeerConnection = class extends Native {
    /** @param {RTCConfiguration} [config] */
    constructor(config) {
      super(config)
      bench.peerConnectionsCreated.push(now())
      /** @type {RTCSignalingState} */
      let previous = this.signalingState
      this.addEventListener('signalingstatechange', () => {
        const state = this.signalingState
        if (state === 'have-local-offer' || state === 'have-remote-offer') bench.offersSet.push(now())
        // The offerer applying the answer: the negotiation is done on both sides.
        if (state === 'stable' && previous === 'have-local-offer') bench.answersApplied.push(now())
        previous = state
      })
      this.addEventListener('iceconnectionstatechange', () => {
        if (this.iceConnectionState === 'connected') bench.iceConnected.push(now())
      })
    }
  }

  // Capture phase: before the app's own handler starts any work.
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target
      if (bench.joinClickedAt === null && target instanceof Element && target.closest('[data-testid="join-call"]')) {
        bench.joinClickedAt = now()
      }
    },
    true,
  )

  // Tonghwa's signaling: when the server's `joined` arrives (the floor has no server).
  const NativeSocket = window.WebSocket
  window.WebSocket = class extends NativeSocket {
    /** @param {string | URL} url @param {string | string[]} [protocols] */
    constructor(url, protocols) {
      super(url, protocols)
      this.addEventListener('message', (event) => {
        if (typeof event.data === 'string' && event.data.includes('"type":"joined"')) bench.roomJoined.push(now())
      })
    }
  }

  /** @type {WeakSet<HTMLVideoElement>} */
  const watched = new WeakSet()
  const watch = () => {
    for (const video of document.querySelectorAll('video[data-testid="self-view"]')) {
      if (!(video instanceof HTMLVideoElement) || watched.has(video)) continue
      watched.add(video)
      video.requestVideoFrameCallback(() => (bench.previewShown = true))
    }
    for (const video of document.querySelectorAll('video[data-testid="remote-video"]')) {
      if (!(video instanceof HTMLVideoElement) || watched.has(video)) continue
      watched.add(video)
      // presentationTime: when the decoded frame was handed to the compositor, not the next animation frame.
      video.requestVideoFrameCallback((_now, metadata) => bench.remoteFrames.push(performance.timeOrigin + metadata.presentationTime))
    }
  }
  new MutationObserver(watch).observe(document, { childList: true, subtree: true })
})()
