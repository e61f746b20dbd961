import { describe, expect, it } from 'vitest'
import {
  captureKindOf,
  MediaErrorCode,
  mediaErrorCode,
  mediaKindOf,
  openLocalMedia,
  withDevice,
  type MediaConstraintsLike,
} from '../../../src/renderer/src/call/media'
import { FakeMediaStream, mediaError } from '../../support/fake-media'

type Constraints = MediaConstraintsLike<{ width: number }>
const CONSTRAINTS: Constraints = { audio: true, video: { width: 640 } }

/**
 * A `getUserMedia` whose outcome depends on what is asked for: `audio` and `video` say what the machine
 * has (a stream) or the error it gives for that kind. Asking for both fails with the first kind's error.
 */
function fakeGetUserMedia(devices: { audio: Error | 'ok'; video: Error | 'ok' }) {
  const asked: Constraints[] = []
  const getUserMedia = async (constraints: Constraints): Promise<FakeMediaStream> => {
    asked.push(constraints)
    const kinds = (['audio', 'video'] as const).filter((kind) => constraints[kind] !== false)
    for (const kind of kinds) {
      const device = devices[kind]
      if (device !== 'ok') throw device
    }
    return FakeMediaStream.of(...kinds)
  }
  return { getUserMedia, asked }
}

describe('openLocalMedia', () => {
  it('opens camera and microphone together when both work', async () => {
    const { getUserMedia, asked } = fakeGetUserMedia({ audio: 'ok', video: 'ok' })
    const media = await openLocalMedia(getUserMedia, CONSTRAINTS)
    expect(media.failures).toEqual([])
    expect(media.stream?.getTracks().map((track) => track.kind)).toEqual(['audio', 'video'])
    expect(asked).toEqual([CONSTRAINTS])
  })

  it('falls back to audio only when the camera is denied, and reports the camera as denied', async () => {
    const { getUserMedia, asked } = fakeGetUserMedia({ audio: 'ok', video: mediaError('NotAllowedError') })
    const media = await openLocalMedia(getUserMedia, CONSTRAINTS, { video: 'cam-1' })
    expect(media.stream?.getTracks().map((track) => track.kind)).toEqual(['audio'])
    expect(media.failures).toEqual([{ kind: 'video', code: MediaErrorCode.PermissionDenied, errorName: 'NotAllowedError', deviceId: 'cam-1' }])
    expect(asked[1]).toEqual({ audio: true, video: false })
  })

  it('falls back to video only when the microphone is busy in another app', async () => {
    const { getUserMedia, asked } = fakeGetUserMedia({ audio: mediaError('NotReadableError'), video: 'ok' })
    const media = await openLocalMedia(getUserMedia, CONSTRAINTS)
    expect(media.stream?.getTracks().map((track) => track.kind)).toEqual(['video'])
    expect(media.failures).toEqual([{ kind: 'audio', code: MediaErrorCode.DeviceBusy, errorName: 'NotReadableError', deviceId: null }])
    expect(asked).toEqual([CONSTRAINTS, { audio: true, video: false }, { audio: false, video: { width: 640 } }])
  })

  it('joins receive-only when neither device can be had, with each kind failing for its own reason', async () => {
    const { getUserMedia } = fakeGetUserMedia({ audio: mediaError('NotFoundError'), video: mediaError('NotReadableError') })
    const media = await openLocalMedia(getUserMedia, CONSTRAINTS)
    expect(media.stream).toBeNull()
    expect(media.failures.map((failure) => [failure.kind, failure.code])).toEqual([
      ['audio', MediaErrorCode.NotFound],
      ['video', MediaErrorCode.DeviceBusy],
    ])
  })

  it('asks only for the kinds not set to false, once, and reports that kind alone when it fails', async () => {
    const { getUserMedia, asked } = fakeGetUserMedia({ audio: 'ok', video: mediaError('OverconstrainedError') })
    const media = await openLocalMedia(getUserMedia, { audio: false, video: { width: 640 } })
    expect(media.stream).toBeNull()
    expect(media.failures.map((failure) => failure.code)).toEqual([MediaErrorCode.Overconstrained])
    expect(asked).toHaveLength(1)
  })

  it('asks for nothing when every kind is set to false', async () => {
    const { getUserMedia, asked } = fakeGetUserMedia({ audio: 'ok', video: 'ok' })
    expect(await openLocalMedia(getUserMedia, { audio: false, video: false })).toEqual({ stream: null, failures: [] })
    expect(asked).toEqual([])
  })

  it('still goes ahead on an error it does not know', async () => {
    const { getUserMedia } = fakeGetUserMedia({ audio: new TypeError('weird'), video: new TypeError('weird') })
    const media = await openLocalMedia(getUserMedia, CONSTRAINTS)
    expect(media.stream).toBeNull()
    expect(media.failures.map((failure) => [failure.code, failure.errorName])).toEqual([
      [MediaErrorCode.Unknown, 'TypeError'],
      [MediaErrorCode.Unknown, 'TypeError'],
    ])
  })
})

describe('withDevice', () => {
  it('adds an ideal device id when opening, keeping the other constraints', () => {
    expect(withDevice<{ width: number }>({ width: 640 }, 'cam-2', 'ideal')).toEqual({ width: 640, deviceId: { ideal: 'cam-2' } })
  })

  it('adds an exact device id when switching, to `true` as well', () => {
    expect(withDevice<object>(true, 'mic-2', 'exact')).toEqual({ deviceId: { exact: 'mic-2' } })
  })

  it('leaves a kind that is not asked for, or no device, alone', () => {
    expect(withDevice<object>(false, 'mic-2', 'exact')).toBe(false)
    expect(withDevice<object>(true, null, 'ideal')).toBe(true)
  })
})

describe('kinds', () => {
  it('maps capture kinds to media kinds and back', () => {
    expect(mediaKindOf('camera')).toBe('video')
    expect(mediaKindOf('microphone')).toBe('audio')
    expect(captureKindOf('video')).toBe('camera')
    expect(captureKindOf('audio')).toBe('microphone')
  })
})

describe('mediaErrorCode', () => {
  it.each([
    ['NotAllowedError', MediaErrorCode.PermissionDenied],
    ['PermissionDeniedError', MediaErrorCode.PermissionDenied],
    ['SecurityError', MediaErrorCode.PermissionDenied],
    ['NotFoundError', MediaErrorCode.NotFound],
    ['DevicesNotFoundError', MediaErrorCode.NotFound],
    ['NotReadableError', MediaErrorCode.DeviceBusy],
    ['TrackStartError', MediaErrorCode.DeviceBusy],
    ['OverconstrainedError', MediaErrorCode.Overconstrained],
    ['ConstraintNotSatisfiedError', MediaErrorCode.Overconstrained],
    ['AbortError', MediaErrorCode.Unknown],
    ['TypeError', MediaErrorCode.Unknown],
  ])('maps %s to %s', (name, code) => {
    expect(mediaErrorCode(mediaError(name))).toBe(code)
  })

  it('maps something that is not an error at all to the unknown code', () => {
    expect(mediaErrorCode('nope')).toBe(MediaErrorCode.Unknown)
    expect(mediaErrorCode(null)).toBe(MediaErrorCode.Unknown)
  })
})
