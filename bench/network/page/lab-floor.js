// @ts-check
/**
 * The floor of the bad-network bench: one person's side of the same call with Chromium's defaults. The camera
 * and microphone with Tonghwa's constraints, one RTCPeerConnection with no configuration, no codec order, no
 * encoding parameters, no SDP changes; the bench carries the offer, answer and candidates between the two
 * Chromiums (`__floorSignal` out, `__floorReceive` in), as Tonghwa's server carries them.
 */
;(async () => {
  // Tonghwa's DEFAULT_MEDIA_CONSTRAINTS (src/renderer/src/call/media.ts).
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 } } })
  const selfView = document.querySelector('[data-testid="self-view"]')
  if (selfView instanceof HTMLVideoElement) selfView.srcObject = stream
  const remoteView = document.querySelector('[data-testid="remote-video"]')
  const pc = new RTCPeerConnection()
  /** @type {(message: { description?: RTCSessionDescriptionInit, candidate?: RTCIceCandidateInit }) => void} */
  const send = /** @type {any} */ (window).__floorSignal
  pc.addEventListener('icecandidate', (event) => {
    if (event.candidate) send({ candidate: event.candidate.toJSON() })
  })
  pc.addEventListener('track', (event) => {
    if (remoteView instanceof HTMLVideoElement && event.streams[0] && remoteView.srcObject !== event.streams[0]) remoteView.srcObject = event.streams[0]
  })
  Object.defineProperty(window, '__floorReceive', {
    /** @param {{ description?: RTCSessionDescriptionInit, candidate?: RTCIceCandidateInit }} message */
    value: async (message) => {
      if (message.description) {
        await pc.setRemoteDescription(message.description)
        if (message.description.type === 'offer') {
          for (const track of stream.getTracks()) pc.addTrack(track, stream)
          await pc.setLocalDescription()
          send({ description: /** @type {RTCSessionDescriptionInit} */ (pc.localDescription?.toJSON()) })
        }
      } else if (message.candidate) {
        await pc.addIceCandidate(message.candidate)
      }
    },
  })
  Object.defineProperty(window, '__floorOffer', {
    value: async () => {
      for (const track of stream.getTracks()) pc.addTrack(track, stream)
      await pc.setLocalDescription()
      send({ description: /** @type {RTCSessionDescriptionInit} */ (pc.localDescription?.toJSON()) })
    },
  })
  document.body.dataset.ready = 'true'
})()
