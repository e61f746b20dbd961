// @ts-check
/**
 * The least a page can do to set up the same call as Tonghwa: each side opens the camera and microphone with
 * Tonghwa's constraints (before "Join call", as Tonghwa's pre-join screen does), then on the click two
 * RTCPeerConnections negotiate through direct function calls with trickle ICE, and each shows the other's video.
 */
;(async () => {
  // Tonghwa's DEFAULT_MEDIA_CONSTRAINTS (src/renderer/src/call/media.ts).
  const constraints = { audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 } } }
  const streams = await Promise.all([navigator.mediaDevices.getUserMedia(constraints), navigator.mediaDevices.getUserMedia(constraints)])
  const selfView = document.querySelector('[data-testid="self-view"]')
  if (selfView instanceof HTMLVideoElement) selfView.srcObject = streams[0]
  const remoteViews = [...document.querySelectorAll('video[data-testid="remote-video"]')]

  document.querySelector('[data-testid="join-call"]')?.addEventListener('click', async () => {
    const a = new RTCPeerConnection({ iceServers: [] })
    const b = new RTCPeerConnection({ iceServers: [] })
    Object.defineProperty(window, '__floorPeers', { value: [a, b] })
    /** @param {RTCPeerConnection} from @param {RTCPeerConnection} to @param {number} view */
    const wire = (from, to, view) => {
      from.addEventListener('icecandidate', (event) => {
        if (event.candidate) void to.addIceCandidate(event.candidate)
      })
      from.addEventListener('track', (event) => {
        const video = remoteViews[view]
        if (video instanceof HTMLVideoElement && event.streams[0] && video.srcObject !== event.streams[0]) video.srcObject = event.streams[0]
      })
    }
    wire(a, b, 0)
    wire(b, a, 1)
    for (const track of streams[0]?.getTracks() ?? []) a.addTrack(track, streams[0])
    for (const track of streams[1]?.getTracks() ?? []) b.addTrack(track, streams[1])
    await a.setLocalDescription()
    await b.setRemoteDescription(/** @type {RTCSessionDescription} */ (a.localDescription))
    await b.setLocalDescription()
    await a.setRemoteDescription(/** @type {RTCSessionDescription} */ (b.localDescription))
  })
})()
