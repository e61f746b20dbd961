/** `LocalMedia` on a fake machine, with the OS answer and the call's replacement under the test's control. */
import type { TrackReplacement } from '../../../../src/renderer/src/call/call-session'
import { LocalMedia } from '../../../../src/renderer/src/call/local-media'
import type { MediaConstraintsLike } from '../../../../src/renderer/src/call/media'
import type { MediaKind } from '../../../../src/renderer/src/call/rtc-types'
import type { CaptureKind, MediaAccess } from '../../../../src/shared/devices'
import { FakeBridge } from '../../../support/fake-bridge'
import { FakeMediaDevices, threeCameraMachine, type FakeMediaStream, type FakeTrack, type FakeTrackConstraints } from '../../../support/fake-media'

export interface LocalMediaSetupOptions {
  access?: MediaAccess
  machine?: FakeMediaDevices
  /** Holds each `getUserMedia` until the test releases it (see `held`). */
  holdCaptures?: boolean
}

export function setupLocalMedia(options: LocalMediaSetupOptions = {}) {
  const machine = options.machine ?? new FakeMediaDevices(threeCameraMachine())
  const bridge = new FakeBridge()
  if (options.access) bridge.mediaAccess = options.access
  const ended: CaptureKind[] = []
  const errors: unknown[] = []
  const replaced: Array<[MediaKind, FakeTrack]> = []
  /** Captures waiting for the test to let them finish (with `holdCaptures`). */
  const held: Array<() => void> = []
  let replacement: (kind: MediaKind, track: FakeTrack) => Promise<TrackReplacement> = async () => 'no-call'
  const getUserMedia = async (constraints: MediaConstraintsLike<FakeTrackConstraints>): Promise<FakeMediaStream> => {
    if (options.holdCaptures) await new Promise<void>((resolve) => held.push(resolve))
    return machine.getUserMedia(constraints)
  }
  const media = new LocalMedia<FakeMediaStream, FakeTrack, FakeTrackConstraints>({
    getUserMedia,
    constraints: { audio: true, video: true },
    requestAccess: (kinds) => bridge.requestMediaAccess(kinds),
    replaceInCall: (kind, track) => {
      replaced.push([kind, track])
      return replacement(kind, track)
    },
    onChange: () => undefined,
    onTrackEnded: (kind) => ended.push(kind),
    onError: (error) => errors.push(error),
  })
  return {
    media,
    machine,
    bridge,
    ended,
    errors,
    replaced,
    held,
    setReplacement: (next: typeof replacement) => {
      replacement = next
    },
  }
}
