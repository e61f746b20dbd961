/**
 * Runs one connection's work one task at a time, in order. Handling a frame may wait for the backplane (Redis
 * in cluster mode), and the protocol promises that a connection's messages are handled in the order they were
 * sent; so a frame is handled only after the previous one is done.
 *
 * A task pushed while the queue is idle starts at once (synchronously), so with the in-memory backplane a frame
 * is handled as promptly as it always was. `onBacklog` reports when the queue grows past `highWaterMark` and
 * when it has drained, so the connection can stop reading its socket meanwhile.
 */
export interface SerialQueueOptions {
  /** Called with an error a task threw or rejected with; the queue goes on with the next task. */
  onError: (error: unknown) => void
  /** Tasks waiting or running beyond which `onBacklog(true)` is called; `onBacklog(false)` once all are done. */
  highWaterMark: number
  onBacklog?: (backlogged: boolean) => void
}

export class SerialQueue {
  readonly #options: SerialQueueOptions
  #tail: Promise<void> = Promise.resolve()
  #length = 0
  #backlogged = false

  constructor(options: SerialQueueOptions) {
    this.#options = options
  }

  push(task: () => unknown): void {
    const idle = this.#length === 0
    this.#length += 1
    const previous = this.#tail
    let done!: () => void
    // The tail is in place before the task starts, so a task that pushes another one queues it behind itself.
    this.#tail = new Promise<void>((resolve) => (done = resolve))
    const run = async (): Promise<void> => {
      try {
        await task()
      } catch (error) {
        this.#options.onError(error)
      } finally {
        this.#length -= 1
        if (this.#length === 0 && this.#backlogged) {
          this.#backlogged = false
          this.#options.onBacklog?.(false)
        }
        done()
      }
    }
    if (idle) void run()
    else void previous.then(run)
    if (!this.#backlogged && this.#length > this.#options.highWaterMark) {
      this.#backlogged = true
      this.#options.onBacklog?.(true)
    }
  }

  /** Tasks waiting or running. */
  get length(): number {
    return this.#length
  }

  /** Resolves once every task pushed so far is done. */
  idle(): Promise<void> {
    return this.#tail
  }
}
