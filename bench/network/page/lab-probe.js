// @ts-check
/**
 * Init script for every page of the bad-network bench (Tonghwa's and the floor's): remembers the page's peer
 * connections and gives the bench `__labRead()`, one reading of the newest one's `getStats()` reduced to the
 * counters the bench turns into figures (cumulative, so the bench takes differences), plus the call screen's
 * network notice where there is one. `__labSnapshot()` hands back the whole report, for test fixtures.
 */
;(() => {
  /** @type {RTCPeerConnection[]} */
  const created = []
  const Native = window.RTCPeerConnection
  window.RTCPeerConnection = class extends Native {
    /** @param {RTCConfiguration} [config] */
    constructor(config) {
      super(config)
      created.push(this)
    }
  }

  /** @param {unknown} value */
  const num = (value) => (typeof value === 'number' && Number.isFinite(value) ? value : 0)

  async function read() {
    const pc = created.at(-1)
    const reading = {
      at: performance.timeOrigin + performance.now(),
      connected: pc?.connectionState === 'connected',
      audio: { concealedSamples: 0, silentConcealedSamples: 0, totalSamplesReceived: 0, packetsReceived: 0, packetsLost: 0 },
      video: { framesDecoded: 0, totalFreezesDuration: 0, freezeCount: 0, frameWidth: 0, frameHeight: 0, bytesReceived: 0, framesPerSecond: 0 },
      sent: { audioBytes: 0, videoBytes: 0, videoHeight: 0, videoFps: 0, limitation: '' },
      wire: { bytesSent: 0, bytesReceived: 0, packetsSent: 0, packetsReceived: 0, availableOutgoingBitrate: 0 },
      notice: document.querySelector('[data-testid="network-notice"]')?.getAttribute('data-side') ?? null,
    }
    if (!pc) return reading
    const report = await pc.getStats()
    /** @type {string | undefined} */
    let pairId
    report.forEach((stat) => {
      if (stat.type === 'transport' && stat.selectedCandidatePairId) pairId = stat.selectedCandidatePairId
    })
    report.forEach((stat) => {
      if (stat.type === 'inbound-rtp' && stat.kind === 'audio') {
        reading.audio.concealedSamples += num(stat.concealedSamples)
        reading.audio.silentConcealedSamples += num(stat.silentConcealedSamples)
        reading.audio.totalSamplesReceived += num(stat.totalSamplesReceived)
        reading.audio.packetsReceived += num(stat.packetsReceived)
        reading.audio.packetsLost += num(stat.packetsLost)
      }
      if (stat.type === 'inbound-rtp' && stat.kind === 'video') {
        reading.video.framesDecoded += num(stat.framesDecoded)
        reading.video.totalFreezesDuration += num(stat.totalFreezesDuration)
        reading.video.freezeCount += num(stat.freezeCount)
        reading.video.bytesReceived += num(stat.bytesReceived)
        reading.video.frameWidth = Math.max(reading.video.frameWidth, num(stat.frameWidth))
        reading.video.frameHeight = Math.max(reading.video.frameHeight, num(stat.frameHeight))
        reading.video.framesPerSecond = Math.max(reading.video.framesPerSecond, num(stat.framesPerSecond))
      }
      if (stat.type === 'outbound-rtp' && stat.kind === 'audio') reading.sent.audioBytes += num(stat.bytesSent) + num(stat.headerBytesSent)
      if (stat.type === 'outbound-rtp' && stat.kind === 'video') {
        reading.sent.videoBytes += num(stat.bytesSent) + num(stat.headerBytesSent)
        reading.sent.videoHeight = Math.max(reading.sent.videoHeight, num(stat.frameHeight))
        reading.sent.videoFps = Math.max(reading.sent.videoFps, num(stat.framesPerSecond))
        reading.sent.limitation = String(stat.qualityLimitationReason ?? '')
      }
      if (stat.type === 'candidate-pair' && stat.id === pairId) {
        reading.wire.bytesSent = num(stat.bytesSent)
        reading.wire.bytesReceived = num(stat.bytesReceived)
        reading.wire.packetsSent = num(stat.packetsSent)
        reading.wire.packetsReceived = num(stat.packetsReceived)
        reading.wire.availableOutgoingBitrate = num(stat.availableOutgoingBitrate)
      }
    })
    return reading
  }

  async function snapshot() {
    const pc = created.at(-1)
    return pc ? [...(await pc.getStats()).values()] : []
  }

  Object.defineProperty(window, '__labRead', { value: read })
  Object.defineProperty(window, '__labSnapshot', { value: snapshot })
})()
