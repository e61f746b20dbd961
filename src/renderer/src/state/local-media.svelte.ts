/**
 * This side's camera and microphone: opening them (with the fallbacks of `call/media.ts`), muting, turning
 * the camera off, and letting go. Muting and camera-off flip `track.enabled`, so the same tracks keep flowing
 * to the other person as silence and black frames, with no renegotiation.
 */
import {
  DEFAULT_MEDIA_CONSTRAINTS,
  openLocalMedia,
  type GetUserMedia,
  type MediaConstraintsLike,
  type MediaWarning,
} from '../call/media'

export type LocalMediaStatus = 'off' | 'opening' | 'ready'

export class LocalMediaState {
  readonly #getUserMedia: GetUserMedia<MediaStream, MediaTrackConstraints>
  readonly #constraints: MediaConstraintsLike<MediaTrackConstraints>

  #stream = $state.raw<MediaStream | null>(null)
  #status = $state<LocalMediaStatus>('off')
  #warning = $state.raw<MediaWarning | null>(null)
  #micMuted = $state(false)
  #cameraOff = $state(false)
  #opening: Promise<MediaStream | null> | null = null
  /** Bumped by `release()`, so a `getUserMedia` that resolves after it is stopped, not shown. */
  #generation = 0

  constructor(
    getUserMedia: GetUserMedia<MediaStream, MediaTrackConstraints>,
    constraints: MediaConstraintsLike<MediaTrackConstraints> = DEFAULT_MEDIA_CONSTRAINTS,
  ) {
    this.#getUserMedia = getUserMedia
    this.#constraints = constraints
  }

  get stream(): MediaStream | null {
    return this.#stream
  }
  get status(): LocalMediaStatus {
    return this.#status
  }
  /** What went wrong opening the devices and what the call goes ahead without; `null` when all is well. */
  get warning(): MediaWarning | null {
    return this.#warning
  }
  get micMuted(): boolean {
    return this.#micMuted
  }
  get cameraOff(): boolean {
    return this.#cameraOff
  }
  get hasAudio(): boolean {
    return (this.#stream?.getAudioTracks().length ?? 0) > 0
  }
  get hasVideo(): boolean {
    return (this.#stream?.getVideoTracks().length ?? 0) > 0
  }

  /** A short note to show over the self-view instead of a picture, or `null` when there is a picture. */
  get videoNote(): string | null {
    if (this.#status === 'off') return null
    if (this.#status === 'opening') return 'Starting your camera…'
    if (!this.hasVideo) return 'No camera'
    return this.#cameraOff ? 'Your camera is off' : null
  }

  /** Opens the devices unless they are open or opening. Resolves with the stream (`null`: receive-only). */
  open(): Promise<MediaStream | null> {
    if (this.#opening) return this.#opening
    const generation = this.#generation
    this.#status = 'opening'
    this.#warning = null
    this.#opening = openLocalMedia(this.#getUserMedia, this.#constraints).then((media) => {
      if (generation !== this.#generation) {
        for (const track of media.stream?.getTracks() ?? []) track.stop()
        return null
      }
      this.#stream = media.stream
      this.#warning = media.warning
      this.#status = 'ready'
      this.#applyEnabled()
      return media.stream
    })
    return this.#opening
  }

  /** The stream once opening has finished (opening it first if nobody has). */
  ready(): Promise<MediaStream | null> {
    return this.open()
  }

  toggleMic(): void {
    this.#micMuted = !this.#micMuted
    this.#applyEnabled()
  }

  toggleCamera(): void {
    this.#cameraOff = !this.#cameraOff
    this.#applyEnabled()
  }

  /** Stops every track and forgets the stream; a pending open is stopped when it resolves. */
  release(): void {
    this.#generation += 1
    for (const track of this.#stream?.getTracks() ?? []) track.stop()
    this.#stream = null
    this.#opening = null
    this.#status = 'off'
    this.#warning = null
    this.#micMuted = false
    this.#cameraOff = false
  }

  #applyEnabled(): void {
    for (const track of this.#stream?.getAudioTracks() ?? []) track.enabled = !this.#micMuted
    for (const track of this.#stream?.getVideoTracks() ?? []) track.enabled = !this.#cameraOff
  }
}
