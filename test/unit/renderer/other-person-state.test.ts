import { describe, expect, it } from 'vitest'
import { decodePeerState, encodePeerState, type PeerStateFrame } from '../../../src/renderer/src/call/peer-state-wire'
import type { StatsLike } from '../../../src/renderer/src/call/rtc-types'
import { OtherPersonState, type WatchedTrackLike } from '../../../src/renderer/src/state/other-person.svelte'
import { settle } from '../../support/signaling-relay'

const ON: PeerStateFrame = { audio: true, video: true, screen: false, name: '' }

/** A remote video track whose `muted` flag the test flips, firing `mute` / `unmute` as Chromium does. */
class FakeRemoteTrack implements WatchedTrackLike {
  readonly kind = 'video'
  muted: boolean
  readonly #listeners = new Map<string, Set<() => void>>()
  constructor(muted = false) {
    this.muted = muted
  }
  addEventListener(type: 'mute' | 'unmute', listener: () => void): void {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set())
    this.#listeners.get(type)!.add(listener)
  }
  removeEventListener(type: 'mute' | 'unmute', listener: () => void): void {
    this.#listeners.get(type)?.delete(listener)
  }
  set(muted: boolean): void {
    this.muted = muted
    for (const listener of this.#listeners.get(muted ? 'mute' : 'unmute') ?? []) listener()
  }
  listenerCount(): number {
    return [...this.#listeners.values()].reduce((sum, set) => sum + set.size, 0)
  }
}

function streamOf(track: FakeRemoteTrack | null) {
  return { getVideoTracks: () => (track ? [track] : []) }
}

function setup(options: { contactName?: string | null; accept?: boolean } = {}) {
  const sent: string[] = []
  const rejected: string[] = []
  let accept = options.accept ?? true
  let level: number | null = null
  let tick: (() => void) | null = null
  const other = new OtherPersonState({
    send: (frame) => {
      if (!accept) return false
      sent.push(frame)
      return true
    },
    getStats: () => {
      const stats: StatsLike[] = level === null ? [] : [{ id: 'IA', type: 'inbound-rtp', kind: 'audio', timestamp: 1, audioLevel: level }]
      return Promise.resolve({ forEach: (callback) => stats.forEach(callback) })
    },
    contactName: () => options.contactName ?? null,
    every: (_ms, callback) => {
      tick = callback
      return () => {
        tick = null
      }
    },
    onRejected: (code) => rejected.push(code),
  })
  return {
    other,
    sent,
    rejected,
    refuse: () => (accept = false),
    accept: () => (accept = true),
    sentStates: () => sent.map((frame) => decodePeerState(frame)),
    /** One level sample: sets the level their audio arrives at and runs the timer once. */
    sample: async (value: number | null) => {
      level = value
      tick?.()
      await settle()
    },
    ticking: () => tick !== null,
  }
}

function frame(state: Partial<PeerStateFrame>) {
  return { type: 'peer-state-frame' as const, data: encodePeerState({ ...ON, ...state }) }
}

describe('OtherPersonState: what this side tells', () => {
  it('sends nothing before the channel opens, then the latest state as soon as it does', () => {
    const { other, sent, sentStates } = setup()
    other.announce({ ...ON, audio: false })
    other.announce({ ...ON, audio: false, name: 'Minji' })
    expect(sent).toEqual([])
    other.handle({ type: 'peer-state-open' })
    expect(sentStates()).toEqual([{ ok: true, state: { ...ON, audio: false, name: 'Minji' } }])
  })

  it('sends every change once, and nothing when the state did not change', () => {
    const { other, sentStates } = setup()
    other.handle({ type: 'peer-state-open' })
    other.announce(ON)
    other.announce(ON)
    other.announce({ ...ON, video: false })
    other.announce({ ...ON, video: false, screen: true })
    expect(sentStates().map((result) => (result.ok ? result.state : null))).toEqual([ON, { ...ON, video: false }, { ...ON, video: false, screen: true }])
  })

  it('tries again on the next change when the channel refused a frame', () => {
    const { other, sent, refuse, accept } = setup()
    other.handle({ type: 'peer-state-open' })
    refuse()
    other.announce(ON)
    expect(sent).toEqual([])
    accept()
    other.announce(ON)
    expect(sent).toHaveLength(1)
  })

  it('sends the state again on a new connection, which is someone who has not heard it', () => {
    const { other, sent } = setup()
    other.handle({ type: 'peer-state-open' })
    other.announce(ON)
    other.handle({ type: 'peer-state-closed' })
    other.announce(ON)
    other.handle({ type: 'peer-state-connecting' })
    expect(sent).toHaveLength(1)
    other.handle({ type: 'peer-state-open' })
    expect(sent).toHaveLength(2)
  })
})

describe('OtherPersonState: what the other side told', () => {
  it('knows nothing until their first frame: no muted mark, no name', () => {
    const { other } = setup()
    other.watchStream(streamOf(new FakeRemoteTrack()))
    expect([other.state, other.muted, other.noPicture, other.name, other.initials]).toEqual([null, false, false, null, ''])
  })

  it('shows their name and initials and no picture when they turn the camera off, and the muted mark when they mute', () => {
    const { other } = setup()
    other.watchStream(streamOf(new FakeRemoteTrack()))
    other.handle(frame({ video: false, audio: false, name: 'Minji Kim' }))
    expect([other.noPicture, other.muted, other.name, other.initials]).toEqual([true, true, 'Minji Kim', 'MK'])
    other.handle(frame({ video: true, audio: true, name: 'Minji Kim' }))
    expect([other.noPicture, other.muted]).toEqual([false, false])
  })

  it('counts a shared screen as a picture even with the camera off', () => {
    const { other } = setup()
    other.watchStream(streamOf(new FakeRemoteTrack()))
    other.handle(frame({ video: false, screen: true }))
    expect(other.noPicture).toBe(false)
  })

  it('prefers the saved contact’s name to the one they send', () => {
    const { other } = setup({ contactName: 'Mom' })
    other.handle(frame({ name: 'Minji' }))
    expect([other.name, other.initials]).toEqual(['Mom', 'M'])
  })

  it('ignores a malformed frame, keeps what it knew, and reports its code', () => {
    const { other, rejected } = setup()
    other.handle(frame({ audio: false }))
    for (const data of ['garbage', '{"v":1,"type":"state","audio":"no"}', new Uint8Array([1, 2]), '{"v":9}', 'x'.repeat(5_000)]) {
      expect(() => other.handle({ type: 'peer-state-frame', data })).not.toThrow()
    }
    expect(other.muted).toBe(true)
    expect(rejected).toEqual([
      'PEER_STATE_ERR_NOT_JSON',
      'PEER_STATE_ERR_BAD_FLAG',
      'PEER_STATE_ERR_NOT_TEXT',
      'PEER_STATE_ERR_UNSUPPORTED_VERSION',
      'PEER_STATE_ERR_FRAME_TOO_LARGE',
    ])
  })

  it('forgets what they told when a new connection starts', () => {
    const { other } = setup()
    other.handle(frame({ audio: false, name: 'Minji' }))
    other.handle({ type: 'peer-state-connecting' })
    expect([other.state, other.muted, other.name]).toEqual([null, false, null])
  })

  it('falls back on the video track’s muted flag while their state is unknown, and stops watching a track it no longer shows', () => {
    const { other } = setup()
    const track = new FakeRemoteTrack(true)
    other.watchStream(streamOf(track))
    expect(other.noPicture).toBe(true)
    track.set(false)
    expect(other.noPicture).toBe(false)
    track.set(true)
    expect(other.noPicture).toBe(true)
    other.watchStream(null)
    expect(track.listenerCount()).toBe(0)
    expect(other.noPicture).toBe(false)
  })

  it('says nothing about the picture when their stream has no video track (the call screen says they have no camera)', () => {
    const { other } = setup()
    other.watchStream(streamOf(null))
    other.handle(frame({ video: false }))
    expect(other.noPicture).toBe(false)
  })
})

describe('OtherPersonState: speaking', () => {
  it('reads the level of their voice only while connected, and shows speaking with a little hysteresis', async () => {
    const { other, sample, ticking } = setup()
    expect(ticking()).toBe(false)
    other.follow(true)
    expect(ticking()).toBe(true)
    await sample(0.01)
    expect(other.speaking).toBe(false)
    await sample(0.3)
    expect(other.speaking).toBe(true)
    await sample(0)
    await sample(0)
    expect(other.speaking).toBe(true)
    await sample(0)
    expect(other.speaking).toBe(false)
    await sample(0.3)
    other.follow(false)
    expect([ticking(), other.speaking]).toEqual([false, false])
  })

  it('never shows speaking while they said they are muted', async () => {
    const { other, sample } = setup()
    other.follow(true)
    other.handle(frame({ audio: false }))
    await sample(0.5)
    expect(other.speaking).toBe(false)
  })

  it('stops reading and forgets everything on reset', async () => {
    const { other, sample, ticking } = setup()
    const track = new FakeRemoteTrack()
    other.watchStream(streamOf(track))
    other.follow(true)
    other.handle(frame({ audio: false }))
    await sample(0.5)
    other.reset()
    expect([ticking(), other.state, other.speaking, track.listenerCount()]).toEqual([false, null, false, 0])
  })
})
