/**
 * `FakePeerConnection` with what a call uses beyond negotiation: `getSenders()`, one sender per transceiver,
 * whose `replaceTrack` swaps the track on the same transceiver. As in browsers, that changes neither the
 * direction nor the mid, so it never makes negotiation needed. Each replace is logged in `history`.
 */
import type { RtcConfigurationLike } from '../../../../src/renderer/src/call/rtc-types'
import type { FakeTrack } from '../../../support/fake-media'
import { FakePeerConnection, type FakeTransceiver } from '../../../support/fake-peer-connection'

export class FakeSender {
  readonly replacedWith: (FakeTrack | null)[] = []

  constructor(
    readonly transceiver: FakeTransceiver,
    readonly pc: FakeSendingPeerConnection,
  ) {}

  get track(): FakeTrack | null {
    return this.transceiver.senderTrack
  }

  async replaceTrack(track: FakeTrack | null): Promise<void> {
    await Promise.resolve()
    if (this.pc.closed) throw namedError('InvalidStateError', 'The RTCPeerConnection is closed')
    if (track && track.kind !== this.transceiver.kind) throw new TypeError(`cannot send a ${track.kind} track on a ${this.transceiver.kind} sender`)
    this.transceiver.senderTrack = track
    this.replacedWith.push(track)
    this.pc.history.push(`replaceTrack ${this.transceiver.kind}`)
  }
}

export class FakeSendingPeerConnection extends FakePeerConnection {
  readonly #senders = new WeakMap<FakeTransceiver, FakeSender>()

  getSenders(): FakeSender[] {
    return this.transceivers.map((transceiver) => {
      let sender = this.#senders.get(transceiver)
      if (!sender) this.#senders.set(transceiver, (sender = new FakeSender(transceiver, this)))
      return sender
    })
  }
}

/** A factory for `CallSession` that keeps every connection it made, newest last. */
export function createFakeSendingPeerConnectionFactory(): {
  create: (config: RtcConfigurationLike) => FakeSendingPeerConnection
  made: FakeSendingPeerConnection[]
  latest: () => FakeSendingPeerConnection
} {
  const made: FakeSendingPeerConnection[] = []
  return {
    made,
    create: (config) => {
      const pc = new FakeSendingPeerConnection(config)
      made.push(pc)
      return pc
    },
    latest: () => {
      const pc = made.at(-1)
      if (!pc) throw new Error('no peer connection was made')
      return pc
    },
  }
}

function namedError(name: string, message: string): Error {
  const error = new Error(message)
  error.name = name
  return error
}
