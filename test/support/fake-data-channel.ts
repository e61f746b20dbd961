/**
 * A fake `RTCDataChannel` for tests in Node. It does not open by itself: tests drive it with `simulateOpen`,
 * `simulateMessage` and `simulateClose`, or join two with `connectDataChannels` so that what one sends
 * arrives at the other a task later. As in browsers, `send` throws `InvalidStateError` unless the channel is
 * open, `close()` fires `close` a task later, and a channel whose peer connection closes goes to `closed`
 * without any event (`markClosedByPeerConnection`).
 */
import type {
  DataChannelEventMapLike,
  DataChannelEventName,
  DataChannelInitLike,
  DataChannelLike,
  DataChannelStateLike,
} from '../../src/renderer/src/call/rtc-types'
import { namedError } from './fake-peer-connection'

type Listener = (event: never) => void

export class FakeDataChannel implements DataChannelLike {
  readonly label: string
  readonly init: DataChannelInitLike
  /** Every frame given to `send`, in order. */
  readonly sent: string[] = []
  #readyState: DataChannelStateLike = 'connecting'
  #peer: FakeDataChannel | null = null
  readonly #listeners = new Map<DataChannelEventName, Set<Listener>>()

  constructor(label: string, init: DataChannelInitLike) {
    this.label = label
    this.init = init
  }

  get readyState(): DataChannelStateLike {
    return this.#readyState
  }

  send(data: string): void {
    if (this.#readyState !== 'open') throw namedError('InvalidStateError', `RTCDataChannel.readyState is not 'open'`)
    this.sent.push(data)
    const peer = this.#peer
    if (peer) setTimeout(() => peer.simulateMessage(data), 0)
  }

  close(): void {
    if (this.#readyState === 'closed' || this.#readyState === 'closing') return
    this.#readyState = 'closing'
    setTimeout(() => this.simulateClose(), 0)
  }

  addEventListener<K extends DataChannelEventName>(type: K, listener: (event: DataChannelEventMapLike[K]) => void): void {
    let set = this.#listeners.get(type)
    if (!set) this.#listeners.set(type, (set = new Set()))
    set.add(listener as Listener)
  }

  removeEventListener<K extends DataChannelEventName>(type: K, listener: (event: DataChannelEventMapLike[K]) => void): void {
    this.#listeners.get(type)?.delete(listener as Listener)
  }

  listenerCount(): number {
    let count = 0
    for (const set of this.#listeners.values()) count += set.size
    return count
  }

  /** Joins this channel to `peer`: frames sent on one arrive on the other. */
  pairWith(peer: FakeDataChannel): void {
    this.#peer = peer
  }

  simulateOpen(): void {
    if (this.#readyState !== 'connecting') return
    this.#readyState = 'open'
    this.#dispatch('open', undefined)
  }

  simulateMessage(data: unknown): void {
    if (this.#readyState !== 'open') return
    this.#dispatch('message', { data })
  }

  /** The channel closed (the other side closed it, or the association ended): fires `close`. */
  simulateClose(): void {
    if (this.#readyState === 'closed') return
    this.#readyState = 'closed'
    this.#dispatch('close', undefined)
  }

  /** `RTCPeerConnection.close()` sets its channels to closed and fires nothing (webrtc-pc §4.4.1.6). */
  markClosedByPeerConnection(): void {
    this.#readyState = 'closed'
  }

  #dispatch<K extends DataChannelEventName>(type: K, event: DataChannelEventMapLike[K]): void {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      ;(listener as (event: DataChannelEventMapLike[K]) => void)(event)
    }
  }
}

/** Joins two channels both ways and opens them, as an SCTP association coming up does. */
export function connectDataChannels(a: FakeDataChannel, b: FakeDataChannel): void {
  a.pairWith(b)
  b.pairWith(a)
  a.simulateOpen()
  b.simulateOpen()
}
