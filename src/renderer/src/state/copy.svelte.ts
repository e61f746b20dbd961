/** "Copy code" and its feedback: "Copied" for a moment, or a hint to copy by hand when the clipboard refused. */
export type CopyStatus = 'idle' | 'copied' | 'failed'

export class CopyState {
  readonly #write: (text: string) => Promise<void>
  readonly #copiedForMs: number
  #status = $state<CopyStatus>('idle')
  #timer: ReturnType<typeof setTimeout> | null = null

  constructor(write: (text: string) => Promise<void>, copiedForMs = 2000) {
    this.#write = write
    this.#copiedForMs = copiedForMs
  }

  get status(): CopyStatus {
    return this.#status
  }

  async copy(text: string): Promise<void> {
    try {
      await this.#write(text)
      this.#set('copied')
    } catch {
      this.#set('failed')
    }
  }

  reset(): void {
    this.#set('idle')
  }

  dispose(): void {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
  }

  #set(status: CopyStatus): void {
    this.dispose()
    this.#status = status
    if (status === 'copied') {
      this.#timer = setTimeout(() => {
        this.#timer = null
        this.#status = 'idle'
      }, this.#copiedForMs)
    }
  }
}
