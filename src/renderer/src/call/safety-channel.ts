/**
 * The safety check's data channel on one peer connection, and the check that runs on it (safety-exchange.ts):
 * frames are taken in from the moment the channel exists (the other side may be faster), the exchange starts
 * once the channel is open and DTLS has named both certificates, and a check that does not finish in time fails
 * as `timeout`: a channel that never opens is never taken for "no one in the middle".
 */
import type { DataChannelEventMapLike, DataChannelLike, SendingPeerConnectionLike } from './rtc-types'
import { SafetyExchange, type ConnectionFingerprints, type ExchangeOutcome, type LocalIdentity, type SafetyCrypto } from './safety-exchange'

/**
 * Pre-negotiated like the chat's (chat-channel.ts: id 0; the peer state's: id 1), so it rides in the first
 * offer/answer and neither side waits for a `datachannel` event.
 */
export const SAFETY_CHANNEL = { label: 'safety', id: 2 } as const

/** Made by the peer link at the same moment as the chat's channel, so the first description has it. */
export function openSafetyChannel(pc: Pick<SendingPeerConnectionLike, 'createDataChannel'>): DataChannelLike {
  return pc.createDataChannel(SAFETY_CHANNEL.label, { negotiated: true, id: SAFETY_CHANNEL.id })
}

export interface SafetyCheckOptions {
  crypto: SafetyCrypto
  identity: LocalIdentity | null
  /** From `run` until both reveals are checked. Default 15 s: the exchange itself takes milliseconds. */
  timeoutMs?: number
  /** Default `setTimeout`; returns the cancel. */
  setTimer?: (callback: () => void, ms: number) => () => void
}

export const SAFETY_CHECK_TIMEOUT_MS = 15_000

export class SafetyCheck {
  readonly #channel: DataChannelLike
  readonly #exchange: SafetyExchange
  readonly #options: SafetyCheckOptions
  #certificates: ConnectionFingerprints | null = null
  #cancelTimer: (() => void) | null = null
  #closed = false

  constructor(channel: DataChannelLike, options: SafetyCheckOptions) {
    this.#channel = channel
    this.#options = options
    this.#exchange = new SafetyExchange({ send: (frame) => this.#send(frame), crypto: options.crypto, identity: options.identity })
    channel.addEventListener('message', this.#handleMessage)
    channel.addEventListener('open', this.#handleOpen)
    channel.addEventListener('close', this.#handleClose)
    void this.#exchange.outcome.then(() => this.#stopTimer())
  }

  /** Runs the check for the connection's certificates (once; later calls get the same outcome). */
  run(certificates: ConnectionFingerprints): Promise<ExchangeOutcome> {
    if (this.#certificates || this.#closed) return this.#exchange.outcome
    this.#certificates = certificates
    const setTimer = this.#options.setTimer ?? ((callback, ms) => {
      const timer = setTimeout(callback, ms)
      return () => clearTimeout(timer)
    })
    this.#cancelTimer = setTimer(() => this.#exchange.fail('timeout'), this.#options.timeoutMs ?? SAFETY_CHECK_TIMEOUT_MS)
    if (this.#channel.readyState === 'open') this.#exchange.start(certificates)
    return this.#exchange.outcome
  }

  /** The connection is gone: nothing more is sent or reported. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#channel.removeEventListener('message', this.#handleMessage)
    this.#channel.removeEventListener('open', this.#handleOpen)
    this.#channel.removeEventListener('close', this.#handleClose)
    this.#exchange.fail('timeout')
  }

  #send(frame: string): boolean {
    if (this.#closed || this.#channel.readyState !== 'open') return false
    try {
      this.#channel.send(frame)
      return true
    } catch {
      return false
    }
  }

  #stopTimer(): void {
    this.#cancelTimer?.()
    this.#cancelTimer = null
  }

  readonly #handleMessage = (event: DataChannelEventMapLike['message']): void => {
    this.#exchange.receive(event.data)
  }

  readonly #handleOpen = (): void => {
    if (this.#certificates) this.#exchange.start(this.#certificates)
  }

  readonly #handleClose = (): void => {
    this.#exchange.fail('timeout')
  }
}
