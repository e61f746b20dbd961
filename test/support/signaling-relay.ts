/**
 * In-memory signaling between two negotiating sides: what one side sends is delivered to the other a task
 * later, in order, like messages through the server. `hold()` keeps messages back so a test can reorder them.
 */
import type { SignalData } from '../../src/shared/protocol'

export interface SignalSink {
  handleDescription(description: Extract<SignalData, { kind: 'description' }>['description']): Promise<void>
  handleCandidate(candidate: Extract<SignalData, { kind: 'candidate' }>['candidate']): Promise<void>
}

export class SignalingRelay {
  readonly #sinks = new Map<string, SignalSink>()
  readonly #held: { to: string; data: SignalData }[] = []
  readonly sent: { from: string; data: SignalData }[] = []
  #holding = false

  /** Registers the side called `name`; returns its `send` function, which delivers to `peer`. */
  endpoint(name: string, peer: string): (data: SignalData) => void {
    return (data) => {
      this.sent.push({ from: name, data })
      if (this.#holding) {
        this.#held.push({ to: peer, data })
        return
      }
      setTimeout(() => this.#deliver(peer, data), 0)
    }
  }

  attach(name: string, sink: SignalSink): void {
    this.#sinks.set(name, sink)
  }

  /** Keeps every message back until `release`. */
  hold(): void {
    this.#holding = true
  }

  /** Delivers held messages, in the order `reorder` returns them (default: as sent), and stops holding. */
  release(reorder: (held: { to: string; data: SignalData }[]) => { to: string; data: SignalData }[] = (held) => held): void {
    this.#holding = false
    const batch = reorder(this.#held.splice(0))
    for (const message of batch) setTimeout(() => this.#deliver(message.to, message.data), 0)
  }

  held(): readonly { to: string; data: SignalData }[] {
    return this.#held
  }

  #deliver(to: string, data: SignalData): void {
    const sink = this.#sinks.get(to)
    if (!sink) throw new Error(`no side called ${to}`)
    if (data.kind === 'description') void sink.handleDescription(data.description)
    else void sink.handleCandidate(data.candidate)
  }
}

/** Lets every queued task and microtask run: enough for the fakes' chains of timers to finish. */
export async function settle(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}
