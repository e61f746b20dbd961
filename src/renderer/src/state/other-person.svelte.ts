/**
 * The other person as their tile shows them: their name and initials, whether their microphone is muted, whether a
 * picture comes from them, and whether they are speaking now. Their own app tells camera, microphone, screen and
 * name on the call's peer-state channel (call/peer-state-wire.ts), peer to peer; this side tells its own the same
 * way (`announce`). Speaking is measured here, from the loudness of the sound that arrives (call/speaking.ts).
 *
 * Until their first frame their state is unknown (an app without the channel never sends one): then the only sign
 * of a camera that is off is the media itself, the video track's `muted` flag (no frames arriving), and nothing is
 * said about their microphone.
 */
import { decodePeerState, encodePeerState, type PeerStateFrame, type PeerStateWireError } from '../call/peer-state-wire'
import type { PeerStateChannelEvent } from '../call/peer-state-channel'
import { initialsOf } from '../call/initials'
import { inboundAudioLevel, nextSpeaking, NOT_SPEAKING, SPEAKING_SAMPLE_MS, type SpeakingState } from '../call/speaking'
import type { StatsReportLike } from '../call/rtc-types'
import { assertNever } from '../../../shared/assert-never'
import type { RepeatEvery } from './call-quality.svelte'

export type { PeerStateFrame }

/** The other person's video track as far as watching it goes (`MediaStreamTrack`). */
export interface WatchedTrackLike {
  readonly kind: string
  readonly muted: boolean
  addEventListener(type: 'mute' | 'unmute', listener: () => void): void
  removeEventListener(type: 'mute' | 'unmute', listener: () => void): void
}

export interface WatchedStreamLike {
  getVideoTracks(): WatchedTrackLike[]
}

export interface OtherPersonOptions {
  /** Hands a frame to the peer-state channel; false when it is not open or refused it. */
  send: (frame: string) => boolean
  /** The connection's statistics now, or null when there is none (for the level of their voice). */
  getStats: () => Promise<StatsReportLike> | null
  /** The saved contact's name when the call is with one: it wins over the name they send. */
  contactName?: () => string | null
  /** Default: `setInterval`. */
  every?: RepeatEvery
  /** A frame from the other side that was rejected (logged, never shown). */
  onRejected?: (code: PeerStateWireError) => void
  onError?: (error: unknown) => void
}

export class OtherPersonState {
  readonly #options: OtherPersonOptions
  readonly #every: RepeatEvery
  /** Their state as they last told it; null until their first frame on this connection. */
  #state = $state.raw<PeerStateFrame | null>(null)
  /** Whether their video track says no frames arrive (`muted`); null without a video track. */
  #videoMuted = $state<boolean | null>(null)
  #speaking = $state.raw<SpeakingState>(NOT_SPEAKING)
  #channelOpen = false
  /** This side's state as it should be known over there, and the frame last handed to the channel. */
  #local: PeerStateFrame | null = null
  #lastSent: string | null = null
  #unwatch: (() => void) | null = null
  #watched: WatchedTrackLike | null = null
  #stopTimer: (() => void) | null = null
  /** Bumped on every stop, so a `getStats()` still in flight from before is dropped. */
  #run = 0
  #reading = false

  constructor(options: OtherPersonOptions) {
    this.#options = options
    this.#every =
      options.every ??
      ((ms, tick) => {
        const timer = setInterval(tick, ms)
        return () => clearInterval(timer)
      })
  }

  /** What they told about themselves, or null before they told anything (or with an app that does not). */
  get state(): PeerStateFrame | null {
    return this.#state
  }
  /** The saved contact's name, else the name they set, else null (the tile then shows a generic person). */
  get name(): string | null {
    return this.#options.contactName?.() || this.#state?.name || null
  }
  /** One or two letters for the circle; empty without a name. */
  get initials(): string {
    return initialsOf(this.name ?? '')
  }
  /**
   * Whether no picture comes from them: they said their camera is off and they share no screen, or their video track
   * says no frames arrive (before the first one, or the network holds them up). False without a video track at all:
   * the call screen already says they have no camera.
   */
  get noPicture(): boolean {
    if (this.#videoMuted === null) return false
    const state = this.#state
    return (state !== null && !state.video && !state.screen) || this.#videoMuted
  }
  /** They said their microphone is muted (or they have none). Never guessed while their state is unknown. */
  get muted(): boolean {
    return this.#state !== null && !this.#state.audio
  }
  /** Their voice is arriving now (never while they said they are muted). */
  get speaking(): boolean {
    return this.#speaking.speaking && !this.muted
  }

  /** This side's state: sent now if the channel is open and it changed, else as soon as the channel opens. */
  announce(local: PeerStateFrame): void {
    this.#local = local
    this.#sendLocal()
  }

  /**
   * Keeps announcing what `read` returns (read from runes: the microphone, the camera, the share, the name), on
   * every change, until the returned function is called. An effect, because these change from many places (buttons,
   * shortcuts, a device that ends, a share the OS stopped) that should not each have to remember to tell the call.
   */
  followLocal(read: () => PeerStateFrame): () => void {
    return $effect.root(() => {
      $effect(() => this.announce(read()))
    })
  }

  /** What the call's peer-state channel reports. */
  handle(event: PeerStateChannelEvent): void {
    switch (event.type) {
      case 'peer-state-connecting':
        // A new connection: perhaps someone else, and in any case nothing said on it yet.
        this.#channelOpen = false
        this.#lastSent = null
        this.#state = null
        return
      case 'peer-state-open':
        this.#channelOpen = true
        this.#lastSent = null
        this.#sendLocal()
        return
      case 'peer-state-closed':
        // What they said last still holds for what is on screen until the stream goes too.
        this.#channelOpen = false
        this.#lastSent = null
        return
      case 'peer-state-frame':
        this.#receive(event.data)
        return
      default:
        assertNever(event, 'peer-state channel event')
    }
  }

  /** Their stream now (or null): its video track's `muted` flag is watched for "no video arriving". */
  watchStream(stream: WatchedStreamLike | null): void {
    const track = stream?.getVideoTracks()[0] ?? null
    if (track === this.#watched) return
    this.#unwatch?.()
    this.#unwatch = null
    this.#watched = track
    this.#videoMuted = track ? track.muted : null
    if (!track) return
    const update = (): void => {
      if (this.#watched === track) this.#videoMuted = track.muted
    }
    track.addEventListener('mute', update)
    track.addEventListener('unmute', update)
    this.#unwatch = () => {
      track.removeEventListener('mute', update)
      track.removeEventListener('unmute', update)
    }
  }

  /** Reads the level of their voice while the call is connected; stops (and forgets "speaking") otherwise. */
  follow(connected: boolean): void {
    if (connected && this.#stopTimer === null) {
      const run = this.#run
      this.#stopTimer = this.#every(SPEAKING_SAMPLE_MS, () => void this.#sample(run))
    } else if (!connected) {
      this.#stopSampling()
    }
  }

  /** A new call, or none: nothing known, nothing watched, nothing read. */
  reset(): void {
    this.#stopSampling()
    this.watchStream(null)
    this.#state = null
    this.#channelOpen = false
    this.#lastSent = null
  }

  #sendLocal(): void {
    const local = this.#local
    if (!this.#channelOpen || !local) return
    const frame = encodePeerState(local)
    if (frame === this.#lastSent) return
    if (this.#options.send(frame)) this.#lastSent = frame
  }

  #receive(data: unknown): void {
    const decoded = decodePeerState(data)
    if (!decoded.ok) {
      ;(this.#options.onRejected ?? ((code) => console.warn('[peer-state] rejected a frame:', code)))(decoded.code)
      return
    }
    this.#state = decoded.state
  }

  async #sample(run: number): Promise<void> {
    // A slow `getStats()` is not stacked up behind another.
    if (this.#reading) return
    const pending = this.#options.getStats()
    if (!pending) return
    this.#reading = true
    try {
      const level = inboundAudioLevel(await pending)
      if (run !== this.#run) return
      const next = nextSpeaking(this.#speaking, level)
      if (next.speaking !== this.#speaking.speaking || next.quietRun !== this.#speaking.quietRun) this.#speaking = next
    } catch (error) {
      this.#options.onError?.(error)
    } finally {
      this.#reading = false
    }
  }

  #stopSampling(): void {
    this.#stopTimer?.()
    this.#stopTimer = null
    this.#run += 1
    this.#reading = false
    this.#speaking = NOT_SPEAKING
  }
}
