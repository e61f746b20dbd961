/**
 * The whole app's state: which screen is shown, the room, and the intents the screens forward. Components
 * read getters and call methods; everything with side effects (devices, clipboard, the bridge) comes in
 * through the constructor.
 */
import type { TonghwaBridge } from '../../../shared/ipc-contract'
import { formatRoomCode, generateRoomCode, type RoomCode } from '../../../shared/room-code'
import type { GetUserMedia, MediaConstraintsLike } from '../call/media'
import type { CreatePeerConnection } from '../call/rtc-types'
import { CallState } from './call-state.svelte'
import { LocalMediaState } from './local-media.svelte'
import { RoomEntryState } from './room-entry.svelte'

export type Screen = 'start' | 'prejoin' | 'call'
export type CopyStatus = 'idle' | 'copied' | 'failed'

export interface AppStateOptions {
  bridge: TonghwaBridge
  getUserMedia: GetUserMedia<MediaStream, MediaTrackConstraints>
  createPeerConnection: CreatePeerConnection<MediaStream>
  writeClipboard: (text: string) => Promise<void>
  /** What to put in the room-code field at first (the web page's `?room=`). */
  initialRoomInput?: string
  /** Default: audio, and video at up to 1280×720. */
  mediaConstraints?: MediaConstraintsLike<MediaTrackConstraints>
  /** How long "Copied" stays up, in ms. Default 2000. */
  copiedForMs?: number
  onError?: (error: unknown) => void
}

export class AppState {
  readonly entry: RoomEntryState
  readonly media: LocalMediaState
  readonly call: CallState
  readonly #writeClipboard: (text: string) => Promise<void>
  readonly #copiedForMs: number

  #screen = $state<Screen>('start')
  #room = $state<RoomCode | null>(null)
  #copyStatus = $state<CopyStatus>('idle')
  #copyTimer: ReturnType<typeof setTimeout> | null = null
  /** Bumped whenever the call is abandoned, so a join still waiting for the devices does not start. */
  #joinAttempt = 0

  constructor(options: AppStateOptions) {
    this.entry = new RoomEntryState(options.initialRoomInput ?? '')
    this.media = new LocalMediaState(options.getUserMedia, options.mediaConstraints)
    this.call = new CallState({
      bridge: options.bridge,
      createPeerConnection: options.createPeerConnection,
      onError: options.onError,
      // The session stopped the tracks; let go of the stream so the self-view clears too.
      onOver: () => this.media.release(),
    })
    this.#writeClipboard = options.writeClipboard
    this.#copiedForMs = options.copiedForMs ?? 2000
  }

  get screen(): Screen {
    return this.#screen
  }
  get room(): RoomCode | null {
    return this.#room
  }
  /** `7KD-93QF-XZ5`, or an empty string with no room. */
  get formattedRoom(): string {
    return this.#room ? formatRoomCode(this.#room) : ''
  }
  get copyStatus(): CopyStatus {
    return this.#copyStatus
  }

  /** "New room": a fresh code, straight to the pre-join screen. */
  createRoom(): void {
    this.#enterPreJoin(generateRoomCode())
  }

  /** "Join": the typed code, if it is one; otherwise the field shows why not. */
  joinTypedRoom(): void {
    const code = this.entry.submit()
    if (code) this.#enterPreJoin(code)
  }

  async copyRoomCode(): Promise<void> {
    if (!this.#room) return
    try {
      await this.#writeClipboard(formatRoomCode(this.#room))
      this.#setCopyStatus('copied')
    } catch {
      this.#setCopyStatus('failed')
    }
  }

  /** "Join call": to the call screen at once; the call starts as soon as the devices are open. */
  async joinCall(): Promise<void> {
    const room = this.#room
    if (this.#screen !== 'prejoin' || !room) return
    const attempt = ++this.#joinAttempt
    this.#screen = 'call'
    this.call.prepare()
    const stream = await this.media.ready()
    if (attempt !== this.#joinAttempt) return
    this.call.start(room, stream)
  }

  async hangUp(): Promise<void> {
    this.#joinAttempt += 1
    const leaving = this.call.hangUp()
    this.media.release()
    await leaving
  }

  /** From the pre-join screen, or after a call: back to the start, devices released. */
  async backToStart(): Promise<void> {
    const leaving = this.#screen === 'call' && !this.call.ended ? this.hangUp() : Promise.resolve()
    this.#joinAttempt += 1
    this.media.release()
    this.call.reset()
    this.#room = null
    this.#setCopyStatus('idle')
    this.#screen = 'start'
    await leaving
  }

  /** The window is going away: leave the room so the other side hears of it at once. */
  async dispose(): Promise<void> {
    if (this.#copyTimer !== null) clearTimeout(this.#copyTimer)
    await this.hangUp()
  }

  #enterPreJoin(code: RoomCode): void {
    this.#room = code
    this.#setCopyStatus('idle')
    this.#screen = 'prejoin'
    void this.media.open()
  }

  #setCopyStatus(status: CopyStatus): void {
    if (this.#copyTimer !== null) clearTimeout(this.#copyTimer)
    this.#copyTimer = null
    this.#copyStatus = status
    if (status === 'copied') {
      this.#copyTimer = setTimeout(() => {
        this.#copyTimer = null
        this.#copyStatus = 'idle'
      }, this.#copiedForMs)
    }
  }
}
