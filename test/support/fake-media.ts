/**
 * Stand-ins for `MediaStreamTrack` and `MediaStream`, and for `getUserMedia` failures, for tests in Node.
 */
import type { MediaKind, MediaStreamLike } from '../../src/renderer/src/call/rtc-types'

let nextId = 1

export class FakeTrack {
  readonly id = `track-${nextId++}`
  enabled = true
  stopped = false
  constructor(readonly kind: MediaKind) {}
  stop(): void {
    this.stopped = true
  }
}

export class FakeMediaStream implements MediaStreamLike {
  readonly id: string
  readonly #tracks: FakeTrack[]

  constructor(tracks: FakeTrack[] = [], id = `stream-${nextId++}`) {
    this.#tracks = [...tracks]
    this.id = id
  }

  /** A stream with one track of each kind given. */
  static of(...kinds: MediaKind[]): FakeMediaStream {
    return new FakeMediaStream(kinds.map((kind) => new FakeTrack(kind)))
  }

  addTrack(track: FakeTrack): void {
    if (!this.#tracks.includes(track)) this.#tracks.push(track)
  }

  getTracks(): FakeTrack[] {
    return [...this.#tracks]
  }
  getAudioTracks(): FakeTrack[] {
    return this.#tracks.filter((track) => track.kind === 'audio')
  }
  getVideoTracks(): FakeTrack[] {
    return this.#tracks.filter((track) => track.kind === 'video')
  }
}

/** What Chromium rejects `getUserMedia` with: an object whose `name` says what went wrong. */
export function mediaError(name: string, message = `${name} (fake)`): Error {
  const error = new Error(message)
  error.name = name
  return error
}
