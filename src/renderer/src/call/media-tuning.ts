/**
 * The call's tuning for bad networks on one peer connection, in the order the browser needs it:
 *
 * 1. when the local tracks go on the connection, before the offer or answer is made: audio RED first in the
 *    codec order (codec-preferences.ts), and each sender's ceilings and degradation (sender-tuning.ts);
 * 2. on every description sent: Opus FEC and DTX, and with Low data the ceilings for the other side
 *    (sdp-tuning.ts);
 * 3. on every track switch (camera → screen and back, another camera): the sender's settings again.
 *
 * Nothing here is required for a call to work: a browser that refuses a step (no RED, no `setParameters` before
 * negotiation) gets its defaults for that step, and the error is reported, never thrown at the call.
 */
import { preferAudioRed } from './codec-preferences'
import { tuneOutgoingSdp } from './sdp-tuning'
import { tuneSender } from './sender-tuning'
import type { CodecLike, RtpSenderLike, SendingPeerConnectionLike } from './rtc-types'

export interface MediaTuningOptions {
  /** Low data: the whole call under 300 kbit/s each way (media-budget.ts). */
  lowData: boolean
  /** `RTCRtpReceiver.getCapabilities('audio').codecs`, or null where the browser cannot say (then no RED). */
  audioCodecs: () => readonly CodecLike[] | null
  onError: (error: unknown) => void
}

export class MediaTuning {
  readonly #pc: Pick<SendingPeerConnectionLike, 'getSenders' | 'getTransceivers'>
  readonly #options: MediaTuningOptions
  /** `setParameters` calls one after another: each must follow its own `getParameters`. */
  #senderQueue: Promise<void> = Promise.resolve()

  constructor(pc: Pick<SendingPeerConnectionLike, 'getSenders' | 'getTransceivers'>, options: MediaTuningOptions) {
    this.#pc = pc
    this.#options = options
  }

  /** Right after the local tracks are added (or the remote offer made the transceivers), before SLD. */
  afterAttach(): void {
    this.#preferRed()
    for (const sender of this.#pc.getSenders()) void this.tune(sender)
  }

  /** The sender's settings for the track it carries now. Never rejects. */
  tune(sender: RtpSenderLike): Promise<void> {
    const run = this.#senderQueue.then(() => tuneSender(sender, { lowData: this.#options.lowData }))
    this.#senderQueue = run.catch((error: unknown) => this.#options.onError(error))
    return this.#senderQueue
  }

  /** The description as it is sent to the other side. */
  outgoingSdp(sdp: string): string {
    return tuneOutgoingSdp(sdp, { lowData: this.#options.lowData })
  }

  #preferRed(): void {
    let codecs: CodecLike[] | null
    try {
      const capabilities = this.#options.audioCodecs()
      codecs = capabilities ? preferAudioRed(capabilities) : null
    } catch (error) {
      this.#options.onError(error)
      return
    }
    if (!codecs) return
    for (const transceiver of this.#pc.getTransceivers()) {
      if (transceiver.receiver.track.kind !== 'audio') continue
      try {
        transceiver.setCodecPreferences(codecs)
      } catch (error) {
        this.#options.onError(error)
      }
    }
  }
}
