/** "Test speaker" on the pre-join screen: whether the chime is playing, has played, or could not play. */
export type SpeakerTestStatus = 'idle' | 'playing' | 'played' | 'failed'

/** Plays the test sound on a speaker (null: the default output); resolves once it has played. */
export type PlayTestSound = (sinkId: string | null) => Promise<void>

export class SpeakerTestState {
  readonly #play: PlayTestSound
  readonly #onError: (error: unknown) => void
  #status = $state<SpeakerTestStatus>('idle')

  constructor(play: PlayTestSound, onError: (error: unknown) => void = (error) => console.warn('[tonghwa]', error)) {
    this.#play = play
    this.#onError = onError
  }

  get status(): SpeakerTestStatus {
    return this.#status
  }

  /** Plays the chime once; a press while it plays does nothing (two at once would sound like a fault). */
  async play(sinkId: string | null): Promise<void> {
    if (this.#status === 'playing') return
    this.#status = 'playing'
    try {
      await this.#play(sinkId)
      this.#status = 'played'
    } catch (error) {
      this.#onError(error)
      this.#status = 'failed'
    }
  }
}
