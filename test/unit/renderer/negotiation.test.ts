import { describe, expect, it } from 'vitest'
import { attachLocalMedia, Negotiation } from '../../../src/renderer/src/call/negotiation'
import type { SignalData } from '../../../src/shared/protocol'
import { FakeMediaStream, type FakeTrack } from '../../support/fake-media'
import { FakePeerConnection, type FakeSdp } from '../../support/fake-peer-connection'
import { settle, SignalingRelay } from '../../support/signaling-relay'

interface Side {
  pc: FakePeerConnection
  negotiation: Negotiation<FakeMediaStream>
  errors: unknown[]
  receivedTracks: FakeTrack[]
}

/**
 * One side of a call. `host` is the one already in the room (polite); it attaches its media when the first
 * offer arrives, as the call session does.
 */
function makeSide(
  relay: SignalingRelay,
  name: string,
  peer: string,
  options: { polite: boolean; attachBeforeAnswer?: FakeMediaStream | null },
): Side {
  const pc = new FakePeerConnection(undefined, name)
  const errors: unknown[] = []
  const receivedTracks: FakeTrack[] = []
  pc.addEventListener('track', (event) => receivedTracks.push(event.track as FakeTrack))
  let attached = false
  const negotiation = new Negotiation<FakeMediaStream>({
    pc,
    polite: options.polite,
    send: relay.endpoint(name, peer),
    onError: (error) => errors.push(error),
    beforeAnswer:
      options.attachBeforeAnswer === undefined
        ? undefined
        : () => {
            if (attached) return
            attached = true
            attachLocalMedia(pc, options.attachBeforeAnswer ?? null, { receiveMissingKinds: false })
          },
  })
  relay.attach(name, negotiation)
  return { pc, negotiation, errors, receivedTracks }
}

function media(description: { sdp: string } | null): FakeSdp['media'] {
  if (!description) throw new Error('no description')
  return (JSON.parse(description.sdp) as FakeSdp).media
}

function candidatesSentBy(relay: SignalingRelay, name: string): Extract<SignalData, { kind: 'candidate' }>['candidate'][] {
  return relay.sent.flatMap(({ from, data }) => (from === name && data.kind === 'candidate' ? [data.candidate] : []))
}

function expectInSyncAndStable(a: Side, b: Side): void {
  expect(a.pc.signalingState).toBe('stable')
  expect(b.pc.signalingState).toBe('stable')
  expect(a.pc.localDescription?.sdp).toBe(b.pc.remoteDescription?.sdp)
  expect(b.pc.localDescription?.sdp).toBe(a.pc.remoteDescription?.sdp)
}

describe('perfect negotiation', () => {
  it('lets the impolite newcomer offer and brings both sides to stable with matching descriptions', async () => {
    const relay = new SignalingRelay()
    const host = makeSide(relay, 'host', 'newcomer', { polite: true, attachBeforeAnswer: FakeMediaStream.of('audio', 'video') })
    const newcomer = makeSide(relay, 'newcomer', 'host', { polite: false })

    attachLocalMedia(newcomer.pc, FakeMediaStream.of('audio', 'video'), { receiveMissingKinds: true })
    await settle()

    expectInSyncAndStable(host, newcomer)
    expect(newcomer.pc.localDescription?.type).toBe('offer')
    expect(host.pc.localDescription?.type).toBe('answer')
    expect(media(host.pc.localDescription).map((line) => `${line.kind}:${line.direction}`)).toEqual([
      'audio:sendrecv',
      'video:sendrecv',
    ])
    // The host's tracks went into the transceivers the offer created: one negotiation, no second offer.
    expect(host.pc.transceivers).toHaveLength(2)
    expect(host.pc.history).not.toContain('SLD offer')
    expect(newcomer.pc.history.filter((step) => step === 'SLD offer')).toHaveLength(1)
    expect(host.receivedTracks.map((track) => track.kind)).toEqual(['audio', 'video'])
    expect(newcomer.receivedTracks.map((track) => track.kind)).toEqual(['audio', 'video'])
    expect(host.errors).toEqual([])
    expect(newcomer.errors).toEqual([])
  })

  it('trickles candidates both ways and never sends the end-of-candidates markers', async () => {
    const relay = new SignalingRelay()
    const host = makeSide(relay, 'host', 'newcomer', { polite: true, attachBeforeAnswer: FakeMediaStream.of('audio') })
    const newcomer = makeSide(relay, 'newcomer', 'host', { polite: false })

    attachLocalMedia(newcomer.pc, FakeMediaStream.of('audio'), { receiveMissingKinds: true })
    await settle()

    const fromNewcomer = candidatesSentBy(relay, 'newcomer')
    const fromHost = candidatesSentBy(relay, 'host')
    expect(fromNewcomer).toHaveLength(2)
    expect(fromHost).toHaveLength(2)
    expect([...fromNewcomer, ...fromHost].every((candidate) => candidate.candidate !== '')).toBe(true)
    expect(host.pc.appliedCandidates).toEqual(fromNewcomer)
    expect(newcomer.pc.appliedCandidates).toEqual(fromHost)
  })

  it('resolves simultaneous offers: the polite side rolls back and answers, the impolite side ignores', async () => {
    const relay = new SignalingRelay()
    const polite = makeSide(relay, 'polite', 'impolite', { polite: true })
    const impolite = makeSide(relay, 'impolite', 'polite', { polite: false })

    attachLocalMedia(polite.pc, FakeMediaStream.of('audio', 'video'), { receiveMissingKinds: true })
    attachLocalMedia(impolite.pc, FakeMediaStream.of('audio', 'video'), { receiveMissingKinds: true })
    await settle()

    expect(relay.sent.filter(({ data }) => data.kind === 'description' && data.description.type === 'offer')).toHaveLength(2)
    expect(polite.pc.history).toContain('rollback')
    expect(impolite.pc.history).not.toContain('rollback')
    expect(impolite.pc.history).not.toContain('SRD offer')
    expectInSyncAndStable(polite, impolite)
    expect(impolite.pc.localDescription?.type).toBe('offer')
    expect(polite.pc.localDescription?.type).toBe('answer')
    // The polite side's own tracks rode along in its answer.
    expect(media(polite.pc.localDescription).map((line) => line.direction)).toEqual(['sendrecv', 'sendrecv'])
    expect(impolite.receivedTracks).toHaveLength(2)
    expect(polite.errors).toEqual([])
    expect(impolite.errors).toEqual([])
  })

  it('resolves a collision in a later renegotiation, when both sides restart ICE at once', async () => {
    const relay = new SignalingRelay()
    const host = makeSide(relay, 'host', 'newcomer', { polite: true, attachBeforeAnswer: FakeMediaStream.of('audio', 'video') })
    const newcomer = makeSide(relay, 'newcomer', 'host', { polite: false })
    attachLocalMedia(newcomer.pc, FakeMediaStream.of('audio', 'video'), { receiveMissingKinds: true })
    await settle()

    host.pc.restartIce()
    newcomer.pc.restartIce()
    await settle()

    expect(host.pc.history).toContain('rollback')
    expectInSyncAndStable(host, newcomer)
    expect(JSON.parse(newcomer.pc.localDescription!.sdp).iceUfrag).toBe('newcomer-ice2')
    expect(host.errors).toEqual([])
    expect(newcomer.errors).toEqual([])
  })

  it('holds candidates that arrive before the remote description and applies them in order after it', async () => {
    const relay = new SignalingRelay()
    const host = makeSide(relay, 'host', 'newcomer', { polite: true, attachBeforeAnswer: FakeMediaStream.of('audio', 'video') })
    const newcomer = makeSide(relay, 'newcomer', 'host', { polite: false })
    relay.hold()

    attachLocalMedia(newcomer.pc, FakeMediaStream.of('audio', 'video'), { receiveMissingKinds: true })
    await settle()
    expect(relay.held().map(({ data }) => data.kind)).toEqual(['description', 'candidate', 'candidate'])

    relay.release((held) => [...held.filter(({ data }) => data.kind === 'candidate'), ...held.filter(({ data }) => data.kind === 'description')])
    await settle()

    const sent = candidatesSentBy(relay, 'newcomer')
    expect(host.pc.history.indexOf('SRD offer')).toBeLessThan(host.pc.history.indexOf('addIceCandidate'))
    expect(host.pc.appliedCandidates).toEqual(sent)
    expectInSyncAndStable(host, newcomer)
    expect(host.errors).toEqual([])
  })

  it('makes an offer with receive-only transceivers when the newcomer has no camera or microphone', async () => {
    const relay = new SignalingRelay()
    const host = makeSide(relay, 'host', 'newcomer', { polite: true, attachBeforeAnswer: FakeMediaStream.of('audio', 'video') })
    const newcomer = makeSide(relay, 'newcomer', 'host', { polite: false })

    attachLocalMedia(newcomer.pc, null, { receiveMissingKinds: true })
    await settle()

    expect(media(host.pc.remoteDescription).map((line) => `${line.kind}:${line.direction}`)).toEqual([
      'audio:recvonly',
      'video:recvonly',
    ])
    expect(media(host.pc.localDescription).map((line) => line.direction)).toEqual(['sendonly', 'sendonly'])
    expectInSyncAndStable(host, newcomer)
    expect(newcomer.receivedTracks.map((track) => track.kind)).toEqual(['audio', 'video'])
    expect(host.receivedTracks).toEqual([])
  })

  it('adds a receive-only transceiver only for the kind the stream lacks', () => {
    const pc = new FakePeerConnection()
    attachLocalMedia(pc, FakeMediaStream.of('audio'), { receiveMissingKinds: true })
    expect(pc.transceivers.map((t) => `${t.kind}:${t.direction}`)).toEqual(['audio:sendrecv', 'video:recvonly'])
  })

  it('reports a candidate that cannot be applied when no offer is being ignored', async () => {
    const relay = new SignalingRelay()
    const host = makeSide(relay, 'host', 'newcomer', { polite: true, attachBeforeAnswer: null })
    const newcomer = makeSide(relay, 'newcomer', 'host', { polite: false })
    attachLocalMedia(newcomer.pc, null, { receiveMissingKinds: true })
    await settle()

    await host.negotiation.handleCandidate({ candidate: 'candidate:9 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'someone-else' })

    expect(host.errors).toHaveLength(1)
    expect((host.errors[0] as Error).name).toBe('OperationError')
  })

  it('ignores failures of candidates that belong to an offer the impolite side ignored', async () => {
    const relay = new SignalingRelay()
    const impolite = makeSide(relay, 'impolite', 'polite', { polite: false })
    relay.hold()
    attachLocalMedia(impolite.pc, FakeMediaStream.of('audio'), { receiveMissingKinds: true })
    await settle()
    expect(impolite.pc.signalingState).toBe('have-local-offer')

    const other = new FakePeerConnection(undefined, 'other')
    other.addTransceiver('audio', { direction: 'recvonly' })
    await other.setLocalDescription()
    await impolite.negotiation.handleDescription({ type: 'offer', sdp: other.localDescription!.sdp })
    await impolite.negotiation.handleCandidate({ candidate: 'candidate:9 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'other-ice1' })

    expect(impolite.pc.signalingState).toBe('have-local-offer')
    expect(impolite.pc.history).not.toContain('SRD offer')
    expect(impolite.errors).toEqual([])
  })

  it('stops listening to the peer connection when disposed', async () => {
    const relay = new SignalingRelay()
    const side = makeSide(relay, 'newcomer', 'host', { polite: false })
    expect(side.pc.listenerCount('negotiationneeded')).toBe(1)
    expect(side.pc.listenerCount('icecandidate')).toBe(1)

    side.negotiation.dispose()
    attachLocalMedia(side.pc, FakeMediaStream.of('audio'), { receiveMissingKinds: true })
    await settle()

    expect(side.pc.listenerCount('negotiationneeded')).toBe(0)
    expect(side.pc.listenerCount('icecandidate')).toBe(0)
    expect(relay.sent).toEqual([])
  })
})
