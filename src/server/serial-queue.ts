/**
 * Runs one connection's work one task at a time, in order. Handling a frame may wait for the backplane (Redis
 * in cluster mode), and the protocol promises that a connection's messages are handled in the order they were
 * sent; so a frame is handled only after the previous one is done.
 *
 * A task pushed while the queue is idle starts at once (synchronously), so with the in-memory backplane a frame
 * is handled as promptly as it always was. `onBacklog` reports when the queue grows past `highWaterMark` and
 * when it has drained, so the connection can stop reading its socket meanwhile.
 *
 * The fast path (on every relayed frame): a task that starts at once and returns something that is not a
 * promise is done when it returns, so it allocates no promise and no closure. Order still holds: nothing else
 * is queued while it runs, and a task pushed from inside it (or while it waits, when it does return a promise)
 * queues behind it, on a promise made only then.
 */
export interface SerialQueueOptions {
  /** Called with an error a task threw or rejected with; the queue goes on with the next task. */
  onError: (error: unknown) => void
  /** Tasks waiting or running beyond which `onBacklog(true)` is called; `onBacklog(false)` once all are done. */
  highWaterMark: number
  onBacklog?: (backlogged: boolean) => void
}

const DONE: Promise<void> = Promise.resolve()

export class SerialQueue {
  readonly #options: SerialQueueOptions
  /** Settles once the last task pushed is done; undefined while a task started at once runs and nobody waits. */
  #tail: Promise<void> | undefined = DONE
  /** Settles the promise made for the task started at once, when something had to wait for it. */
  #settleCurrent: (() => void) | undefined
  #length = 0
  #backlogged = false

  constructor(options: SerialQueueOptions) {
    this.#options = options
  }

  push(task: () => unknown): void {
    this.#length += 1
    if (this.#length === 1) this.#runNow(task)
    else this.#runAfter(this.#waitForCurrent(), task)
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
    return this.#waitForCurrent()
  }

  /** The tail, made into a promise if the task started at once has none yet. */
  #waitForCurrent(): Promise<void> {
    return (this.#tail ??= new Promise<void>((resolve) => (this.#settleCurrent = resolve)))
  }

  #runNow(task: () => unknown): void {
    this.#tail = undefined
    this.#settleCurrent = undefined
    let result: unknown
    try {
      result = task()
    } catch (error) {
      this.#options.onError(error)
    }
    if (!isThenable(result)) return this.#finishCurrent()
    // It waits: whatever is pushed from now on queues behind it.
    this.#waitForCurrent()
    result.then(
      () => this.#finishCurrent(),
      (error: unknown) => {
        this.#options.onError(error)
        this.#finishCurrent()
      },
    )
  }

  #finishCurrent(): void {
    const settle = this.#settleCurrent
    this.#settleCurrent = undefined
    // Nothing was made to wait for this task: the queue is empty again, and idle.
    this.#tail ??= DONE
    this.#taskDone()
    settle?.()
  }

  #runAfter(previous: Promise<void>, task: () => unknown): void {
    let done!: () => void
    // The tail is in place before the task starts, so a task that pushes another one queues it behind itself.
    this.#tail = new Promise<void>((resolve) => (done = resolve))
    void previous.then(async () => {
      try {
        await task()
      } catch (error) {
        this.#options.onError(error)
      } finally {
        this.#taskDone()
        done()
      }
    })
  }

  #taskDone(): void {
    this.#length -= 1
    if (this.#length === 0 && this.#backlogged) {
      this.#backlogged = false
      this.#options.onBacklog?.(false)
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
}
