/**
 * Sharing the screen in a call: the app's picker (Electron) or the browser's (web), then the screen's track
 * sent in place of the camera's on the same video sender (`replaceTrack`: no renegotiation). When the share
 * stops, from the app or from the OS ("Stop sharing" ends the track), the camera's track goes back on.
 *
 * The camera stays open while the screen is shared, so it comes back at once, muted or not as it was. A
 * camera switched meanwhile (a pick, an unplugged one's fallback) is kept aside through `routeTrack` and is
 * the one that comes back. A call without a video sender (joined without a camera) cannot share: only a
 * renegotiation could add one, and a share never makes one; the person is told so.
 */
import type { TonghwaBridge } from '../../../shared/ipc-contract'
import type { ScreenSource } from '../../../shared/screen-sources'
import type { TrackReplacement } from '../call/call-session'
import type { CaptureStreamLike, CaptureTrackLike, MediaKind } from '../call/rtc-types'
import { problemOfDisplayMediaError, problemOfReplacement, type ScreenShareProblem } from '../call/screen-share'

export type { ScreenShareProblem }
/** `picking`: the app's picker is open; `starting`: asking the OS and putting the track on the call. */
export type ScreenShareStatus = 'idle' | 'picking' | 'starting' | 'sharing'

export interface ScreenShareStateOptions<Stream extends CaptureStreamLike<Track>, Track extends CaptureTrackLike> {
  bridge: Pick<TonghwaBridge, 'listScreenSources' | 'chooseScreenSource'>
  /** `navigator.mediaDevices.getDisplayMedia` with the share's constraints; null where there is none. */
  getDisplayMedia: (() => Promise<Stream>) | null
  /** Puts a track on the call's sender of its kind (`CallState#replaceTrack`). */
  replaceInCall: (kind: MediaKind, track: Track) => Promise<TrackReplacement>
  /** The camera's track now, to send again when the share stops; null when there is none. */
  cameraTrack: () => Track | null
  /** Opens the camera again (on the chosen device) when its track is gone by the time the share stops. */
  reopenCamera: () => Promise<void>
  onError: (error: unknown) => void
}

export class ScreenShareState<Stream extends CaptureStreamLike<Track>, Track extends CaptureTrackLike> {
  readonly #options: ScreenShareStateOptions<Stream, Track>
  #status = $state<ScreenShareStatus>('idle')
  #sources = $state.raw<readonly ScreenSource[]>([])
  #stream = $state.raw<Stream | null>(null)
  #problem = $state<ScreenShareProblem | null>(null)
  #track: Track | null = null
  /** From the moment the screen's track is handed to the call until the camera's is back. */
  #holdsSender = false
  /** Bumped by `stop()` and `release()`: a start still waiting for the OS or the call is dropped. */
  #generation = 0

  constructor(options: ScreenShareStateOptions<Stream, Track>) {
    this.#options = options
  }

  get status(): ScreenShareStatus {
    return this.#status
  }
  get sharing(): boolean {
    return this.#status === 'sharing'
  }
  /** Whether this app or browser can share at all. */
  get available(): boolean {
    return this.#options.getDisplayMedia !== null
  }
  /** What the app's picker offers (empty unless `picking`). */
  get sources(): readonly ScreenSource[] {
    return this.#sources
  }
  /** What is being shared, for the self-view; null when nothing is. */
  get stream(): Stream | null {
    return this.#stream
  }
  /** Why the last attempt did not share; cleared by the next attempt or `dismissProblem()`. */
  get problem(): ScreenShareProblem | null {
    return this.#problem
  }

  /** The Share screen / Stop sharing button. */
  toggle(): Promise<void> {
    return this.#status === 'sharing' ? this.stop() : this.start()
  }

  /** Opens the app's picker, or (where the browser has its own) asks the browser straight away. */
  async start(): Promise<void> {
    if (this.#status !== 'idle') return
    this.#problem = null
    if (!this.#options.getDisplayMedia) {
      this.#problem = 'unavailable'
      return
    }
    const generation = this.#generation
    this.#status = 'starting'
    let sources: ScreenSource[] | null
    try {
      sources = await this.#options.bridge.listScreenSources()
    } catch (error) {
      this.#options.onError(error)
      if (generation === this.#generation) this.#fail('failed')
      return
    }
    if (generation !== this.#generation) return
    if (sources === null) return this.#capture(generation)
    if (sources.length === 0) return this.#fail('unavailable')
    this.#sources = sources
    this.#status = 'picking'
  }

  /** The person picked a source in the app's picker. */
  async pick(id: string): Promise<void> {
    if (this.#status !== 'picking') return
    const generation = this.#generation
    this.#status = 'starting'
    this.#sources = []
    try {
      await this.#options.bridge.chooseScreenSource(id)
    } catch (error) {
      this.#options.onError(error)
      if (generation === this.#generation) this.#fail('failed')
      return
    }
    if (generation !== this.#generation) return
    await this.#capture(generation)
  }

  /** The picker was closed without a choice (Escape, Cancel): the call goes on with the camera. */
  cancelPicker(): void {
    if (this.#status !== 'picking') return
    this.#sources = []
    this.#fail('cancelled')
  }

  dismissProblem(): void {
    this.#problem = null
  }

  /**
   * Local media's way onto the call: while the screen holds the video sender, a new camera track (a switch) is
   * kept aside, reported as placed, and is the one that comes back when the share stops.
   */
  routeTrack(kind: MediaKind, track: Track): Promise<TrackReplacement> {
    if (kind === 'video' && this.#holdsSender) return Promise.resolve('replaced')
    return this.#options.replaceInCall(kind, track)
  }

  /** Stops sharing and sends the camera again, reopening it if its track is gone. */
  async stop(): Promise<void> {
    if (this.#status === 'picking') return this.cancelPicker()
    if (this.#status === 'idle') return
    const track = this.#track
    const held = this.#holdsSender
    this.#reset()
    if (!held) return track?.stop()
    try {
      const camera = this.#options.cameraTrack()
      if (camera && camera.readyState === 'live') await this.#options.replaceInCall('video', camera)
      else await this.#options.reopenCamera()
    } catch (error) {
      this.#options.onError(error)
    } finally {
      // After the camera is on the sender: the other person never sees a gap between the two.
      track?.stop()
    }
  }

  /** The call is over: the screen's track stops; the camera's is being released with the rest. */
  release(): void {
    const track = this.#track
    this.#reset()
    this.#sources = []
    this.#problem = null
    track?.stop()
  }

  async #capture(generation: number): Promise<void> {
    let stream: Stream
    try {
      stream = await this.#options.getDisplayMedia!()
    } catch (error) {
      if (generation === this.#generation) this.#fail(problemOfDisplayMediaError(error))
      return
    }
    const track = stream.getVideoTracks()[0]
    for (const other of stream.getTracks()) if (other !== track) other.stop()
    if (generation !== this.#generation || !track) {
      track?.stop()
      if (generation === this.#generation) this.#fail('failed')
      return
    }
    this.#track = track
    this.#holdsSender = true
    let replacement: TrackReplacement
    try {
      replacement = await this.#options.replaceInCall('video', track)
    } catch (error) {
      this.#options.onError(error)
      replacement = 'no-call'
    }
    if (generation !== this.#generation) return
    const problem = problemOfReplacement(replacement)
    if (problem) {
      this.#holdsSender = false
      this.#track = null
      track.stop()
      return this.#fail(problem)
    }
    // The OS's own "Stop sharing" (or the shared window closing) ends the track.
    track.addEventListener('ended', this.#handleEnded)
    this.#stream = stream
    this.#status = 'sharing'
  }

  readonly #handleEnded = (): void => {
    void this.stop()
  }

  #fail(problem: ScreenShareProblem): void {
    this.#status = 'idle'
    this.#problem = problem
  }

  #reset(): void {
    this.#generation += 1
    this.#track?.removeEventListener('ended', this.#handleEnded)
    this.#track = null
    this.#holdsSender = false
    this.#stream = null
    this.#status = 'idle'
  }
}
