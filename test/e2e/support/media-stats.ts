import type { Page } from '@playwright/test'

export interface InboundMedia {
  /** inbound-rtp video framesDecoded on the newest peer connection. */
  framesDecoded: number
  /** inbound-rtp audio packetsReceived on the newest peer connection. */
  audioPacketsReceived: number
  /** The remote `<video>` element's intrinsic width (0 until a frame is shown). */
  remoteVideoWidth: number
  /** Type of the local candidate of the selected pair: host, srflx, prflx or relay. */
  localCandidateType: string | null
  /** Type of the remote candidate of the selected pair (`relay` when the other side sends through its relay). */
  remoteCandidateType: string | null
  connectionState: string | null
}

/** Reads the page's newest RTCPeerConnection stats (see record-peer-connections.ts). */
export function inboundMedia(page: Page): Promise<InboundMedia> {
  return page.evaluate(async () => {
    const all = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections
    const pc = all.at(-1)
    const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]')
    const result = {
      framesDecoded: 0,
      audioPacketsReceived: 0,
      remoteVideoWidth: video?.videoWidth ?? 0,
      localCandidateType: null as string | null,
      remoteCandidateType: null as string | null,
      connectionState: pc?.connectionState ?? null,
    }
    if (!pc) return result
    const report = await pc.getStats()
    let selectedLocalId: string | undefined
    let selectedRemoteId: string | undefined
    report.forEach((stat) => {
      if (stat.type === 'inbound-rtp' && stat.kind === 'video') result.framesDecoded += stat.framesDecoded ?? 0
      if (stat.type === 'inbound-rtp' && stat.kind === 'audio') result.audioPacketsReceived += stat.packetsReceived ?? 0
      if (stat.type === 'transport' && stat.selectedCandidatePairId) {
        selectedLocalId = report.get(stat.selectedCandidatePairId)?.localCandidateId
        selectedRemoteId = report.get(stat.selectedCandidatePairId)?.remoteCandidateId
      }
    })
    if (selectedLocalId) result.localCandidateType = report.get(selectedLocalId)?.candidateType ?? null
    if (selectedRemoteId) result.remoteCandidateType = report.get(selectedRemoteId)?.candidateType ?? null
    return result
  })
}

/** The number of RTCPeerConnections the page has created so far. */
export function peerConnectionCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.length)
}

/** Every offer this page made or received so far (see record-peer-connections.ts). */
export function negotiations(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as { __negotiations: string[] }).__negotiations])
}

/** The deviceId of the track the newest peer connection is sending for `kind`, or null if none. */
export function sentDeviceId(page: Page, kind: 'audio' | 'video'): Promise<string | null> {
  return page.evaluate((kind) => {
    const pc = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.at(-1)
    const track = pc?.getSenders().find((sender) => sender.track?.kind === kind)?.track
    return track ? (track.getSettings().deviceId ?? null) : null
  }, kind)
}
