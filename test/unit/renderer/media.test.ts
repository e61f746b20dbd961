import { describe, expect, it } from 'vitest'
import {
  MediaErrorCode,
  mediaErrorCode,
  openLocalMedia,
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
    expect(media.warning).toBeNull()
    expect(media.stream?.getTracks().map((track) => track.kind)).toEqual(['audio', 'video'])
    expect(asked).toEqual([CONSTRAINTS])
  })

  it('falls back to audio only when the camera is denied, and says how to allow it', async () => {
    const { getUserMedia, asked } = fakeGetUserMedia({ audio: 'ok', video: mediaError('NotAllowedError') })
    const media = await openLocalMedia(getUserMedia, CONSTRAINTS)
    expect(media.stream?.getTracks().map((track) => track.kind)).toEqual(['audio'])
    expect(media.warning).toMatchObject({ code: MediaErrorCode.PermissionDenied, errorName: 'NotAllowedError', missing: ['video'] })
    expect(media.warning?.message).toBe(
      "Tonghwa is not allowed to use your camera. To allow it, give Tonghwa camera access in your system's privacy settings " +
        '(in a browser: in the site settings next to the address), then go back and join again. ' +
        'You can still join with sound only: the other person will hear you but not see you.',
    )
    expect(asked[1]).toEqual({ audio: true, video: false })
  })

  it('falls back to audio only when there is no camera', async () => {
    const { getUserMedia } = fakeGetUserMedia({ audio: 'ok', video: mediaError('NotFoundError') })
    const media = await openLocalMedia(getUserMedia, CONSTRAINTS)
    expect(media.stream?.getTracks().map((track) => track.kind)).toEqual(['audio'])
    expect(media.warning?.code).toBe(MediaErrorCode.NotFound)
    expect(media.warning?.message).toBe(
      'No camera was found. Connect one, then go back and join again. ' +
        'You can still join with sound only: the other person will hear you but not see you.',
    )
  })

  it('falls back to video only when the microphone is busy in another app', async () => {
    const { getUserMedia, asked } = fakeGetUserMedia({ audio: mediaError('NotReadableError'), video: 'ok' })
    const media = await openLocalMedia(getUserMedia, CONSTRAINTS)
    expect(media.stream?.getTracks().map((track) => track.kind)).toEqual(['video'])
    expect(media.warning).toMatchObject({ code: MediaErrorCode.DeviceBusy, missing: ['audio'] })
    expect(media.warning?.message).toBe(
      'Your microphone could not be started: another app may be using it. Close that app, then go back and join again. ' +
        'You can still join with video only: the other person will see you but not hear you.',
    )
    expect(asked).toEqual([CONSTRAINTS, { audio: true, video: false }, { audio: false, video: { width: 640 } }])
  })

  it('joins receive-only when neither device can be had, and says so', async () => {
    const { getUserMedia } = fakeGetUserMedia({ audio: mediaError('NotFoundError'), video: mediaError('NotFoundError') })
    const media = await openLocalMedia(getUserMedia, CONSTRAINTS)
    expect(media.stream).toBeNull()
    expect(media.warning).toMatchObject({ code: MediaErrorCode.NotFound, missing: ['audio', 'video'] })
    expect(media.warning?.message).toBe(
      'No camera or microphone was found. Connect one, then go back and join again. ' +
        'You can still join: you will see and hear the other person, but they will not see or hear you.',
    )
  })

  it('explains constraints the camera cannot meet', async () => {
    const { getUserMedia } = fakeGetUserMedia({ audio: 'ok', video: mediaError('OverconstrainedError') })
    const media = await openLocalMedia(getUserMedia, CONSTRAINTS)
    expect(media.stream?.getAudioTracks()).toHaveLength(1)
    expect(media.warning?.code).toBe(MediaErrorCode.Overconstrained)
    expect(media.warning?.message).toMatch(/^Your camera cannot provide the picture or sound settings Tonghwa asked for\. /)
  })

  it('still goes ahead on an error it does not know', async () => {
    const { getUserMedia } = fakeGetUserMedia({ audio: new TypeError('weird'), video: new TypeError('weird') })
    const media = await openLocalMedia(getUserMedia, CONSTRAINTS)
    expect(media.stream).toBeNull()
    expect(media.warning).toMatchObject({ code: MediaErrorCode.Unknown, errorName: 'TypeError' })
    expect(media.warning?.message).toMatch(/^Your camera and microphone could not be started\. You can still join: /)
  })

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
