import { describe, expect, it, vi } from 'vitest'
import type { TrackReplacement } from '../../../src/renderer/src/call/call-session'
import { problemOfDisplayMediaError } from '../../../src/renderer/src/call/screen-share'
import type { MediaKind } from '../../../src/renderer/src/call/rtc-types'
import { ScreenShareState } from '../../../src/renderer/src/state/screen-share.svelte'
import type { ScreenSource } from '../../../src/shared/screen-sources'
import { FakeBridge } from '../../support/fake-bridge'
import { FakeMediaStream, FakeTrack, mediaError } from '../../support/fake-media'

const PNG = 'data:image/png;base64,iVBORw0KGgo='
const sources: ScreenSource[] = [
  { id: 'screen:0:0', name: 'Entire screen', kind: 'screen', thumbnail: PNG },
  { id: 'window:42:0', name: 'Notes', kind: 'window', thumbnail: '' },
]

/** A call with one video sender: what it sends now, and every track it was given. */
class FakeCall {
  sending: FakeTrack
  readonly sent: FakeTrack[] = []
  answer: TrackReplacement = 'replaced'
  constructor(readonly camera: FakeTrack) {
    this.sending = camera
  }
  replace = vi.fn(async (_kind: MediaKind, track: FakeTrack): Promise<TrackReplacement> => {
    if (this.answer === 'replaced') {
      this.sending = track
      this.sent.push(track)
    }
    return this.answer
  })
}

function setup(options: { platform?: 'electron' | 'web'; getDisplayMedia?: (() => Promise<FakeMediaStream>) | null } = {}) {
  const bridge = new FakeBridge()
  bridge.screenSources = options.platform === 'electron' ? sources : null
  const camera = new FakeTrack('video', { deviceId: 'cam-1' })
  const localStream = new FakeMediaStream([camera, new FakeTrack('audio')])
  const call = new FakeCall(camera)
  const screens: FakeTrack[] = []
  const getDisplayMedia =
    options.getDisplayMedia === undefined
      ? vi.fn(async () => {
          const track = new FakeTrack('video', { deviceId: 'screen:0:0', label: 'screen:0:0' })
          screens.push(track)
          return new FakeMediaStream([track])
        })
      : options.getDisplayMedia
  const reopenCamera = vi.fn(async () => {
    const fresh = new FakeTrack('video', { deviceId: 'cam-1' })
    const old = localStream.getVideoTracks()[0]
    if (old) localStream.removeTrack(old)
    localStream.addTrack(fresh)
    await share.routeTrack('video', fresh)
  })
  const errors: unknown[] = []
  const share: ScreenShareState<FakeMediaStream, FakeTrack> = new ScreenShareState<FakeMediaStream, FakeTrack>({
    bridge,
    getDisplayMedia,
    replaceInCall: (kind, track) => call.replace(kind, track),
    cameraTrack: () => localStream.getVideoTracks()[0] ?? null,
    reopenCamera,
    onError: (error) => errors.push(error),
  })
  return { share, bridge, call, camera, localStream, screens, getDisplayMedia, reopenCamera, errors }
}

describe('ScreenShareState', () => {
  it('in a browser, asks the browser at once and sends the screen in place of the camera', async () => {
    const { share, call, screens } = setup()
    await share.start()
    expect(share.status).toBe('sharing')
    expect(call.sending).toBe(screens[0])
    expect(share.stream?.getVideoTracks()).toEqual([screens[0]])
    expect(share.problem).toBeNull()
  })

  it('brings the camera back when the person stops, then stops the screen track', async () => {
    const { share, call, camera, screens } = setup()
    await share.toggle()
    await share.toggle()
    expect(share.status).toBe('idle')
    expect(call.sending).toBe(camera)
    expect(screens[0]!.stopped).toBe(true)
    expect(camera.stopped).toBe(false)
    expect(share.stream).toBeNull()
  })

  it('brings the camera back when the OS stops the share (the track ends)', async () => {
    const { share, call, camera, screens } = setup()
    await share.start()
    screens[0]!.end()
    await vi.waitFor(() => expect(call.sending).toBe(camera))
    expect(share.sharing).toBe(false)
    expect(screens[0]!.endedListenerCount).toBe(0)
  })

  it('keeps the camera muted or not as it was: the same camera track goes back', async () => {
    const { share, call, camera } = setup()
    camera.enabled = false
    await share.start()
    await share.stop()
    expect(call.sending).toBe(camera)
    expect(camera.enabled).toBe(false)
  })

  it('keeps a camera switched during the share aside, and sends that one when the share stops', async () => {
    const { share, call, localStream, camera, screens } = setup()
    await share.start()
    const switched = new FakeTrack('video', { deviceId: 'cam-2' })
    expect(await share.routeTrack('video', switched)).toBe('replaced')
    expect(call.sending).toBe(screens[0])
    localStream.removeTrack(camera)
    camera.stop()
    localStream.addTrack(switched)
    await share.stop()
    expect(call.sending).toBe(switched)
  })

  it('passes the microphone through while sharing', async () => {
    const { share, call } = setup()
    await share.start()
    const mic = new FakeTrack('audio')
    await share.routeTrack('audio', mic)
    expect(call.replace).toHaveBeenLastCalledWith('audio', mic)
  })

  it('opens the camera again when its track ended during the share', async () => {
    const { share, call, camera, reopenCamera } = setup()
    await share.start()
    camera.end()
    await share.stop()
    expect(reopenCamera).toHaveBeenCalledOnce()
    expect(call.sending.deviceId).toBe('cam-1')
    expect(call.sending).not.toBe(camera)
    expect(call.sending.readyState).toBe('live')
  })

  it('in the app, lists the sources for the picker, names the pick to main, then captures it', async () => {
    const { share, bridge, call, screens, getDisplayMedia } = setup({ platform: 'electron' })
    await share.start()
    expect(share.status).toBe('picking')
    expect(share.sources.map((source) => source.id)).toEqual(['screen:0:0', 'window:42:0'])
    expect(getDisplayMedia).not.toHaveBeenCalled()
    await share.pick('window:42:0')
    expect(bridge.calls).toContainEqual({ method: 'chooseScreenSource', id: 'window:42:0' })
    expect(share.status).toBe('sharing')
    expect(call.sending).toBe(screens[0])
    expect(share.sources).toEqual([])
  })

  it('says the share was cancelled when the picker closes without a choice, and the camera stays', async () => {
    const { share, call, camera, getDisplayMedia } = setup({ platform: 'electron' })
    await share.start()
    share.cancelPicker()
    expect(share.status).toBe('idle')
    expect(share.problem).toBe('cancelled')
    expect(getDisplayMedia).not.toHaveBeenCalled()
    expect(call.sending).toBe(camera)
  })

  it('says so when main refuses the pick, and captures nothing', async () => {
    const { share, bridge, getDisplayMedia, errors } = setup({ platform: 'electron' })
    bridge.screenChoiceError = new Error('SCREEN_ERR_NOT_LISTED: gone')
    await share.start()
    await share.pick('screen:0:0')
    expect(share.problem).toBe('failed')
    expect(getDisplayMedia).not.toHaveBeenCalled()
    expect(errors).toHaveLength(1)
  })

  it('says the share was not allowed when the browser or OS refuses, and the camera stays', async () => {
    const { share, call, camera } = setup({ getDisplayMedia: async () => Promise.reject(mediaError('NotAllowedError')) })
    await share.start()
    expect(share.status).toBe('idle')
    expect(share.problem).toBe('not-allowed')
    expect(call.sending).toBe(camera)
  })

  it('cannot share where there is no getDisplayMedia', async () => {
    const { share } = setup({ getDisplayMedia: null })
    expect(share.available).toBe(false)
    await share.start()
    expect(share.problem).toBe('unavailable')
  })

  it('stops the screen track and says why when the call has no video sender', async () => {
    const { share, call, screens } = setup()
    call.answer = 'not-sending'
    await share.start()
    expect(share.problem).toBe('no-video')
    expect(share.status).toBe('idle')
    expect(screens[0]!.stopped).toBe(true)
  })

  it('asks to wait for the other person when the call is not connected yet', async () => {
    const { share, call, screens } = setup()
    call.answer = 'pending'
    await share.start()
    expect(share.problem).toBe('not-connected')
    expect(screens[0]!.stopped).toBe(true)
    // Not holding the sender: a camera switch goes straight to the call again.
    call.answer = 'replaced'
    const switched = new FakeTrack('video')
    await share.routeTrack('video', switched)
    expect(call.sending).toBe(switched)
  })

  it('stops the screen track and forgets everything when the call is over', async () => {
    const { share, screens } = setup()
    await share.start()
    share.release()
    expect(screens[0]!.stopped).toBe(true)
    expect(share.status).toBe('idle')
    expect(share.stream).toBeNull()
  })

  it('drops a capture that arrives after the call ended', async () => {
    let resolve!: (stream: FakeMediaStream) => void
    const late = new FakeTrack('video')
    const { share, call, camera } = setup({ getDisplayMedia: () => new Promise((done) => (resolve = done)) })
    const starting = share.start()
    await vi.waitFor(() => expect(resolve).toBeTypeOf('function'))
    share.release()
    resolve(new FakeMediaStream([late]))
    await starting
    expect(late.stopped).toBe(true)
    expect(call.sending).toBe(camera)
    expect(share.status).toBe('idle')
  })
})

describe('problemOfDisplayMediaError', () => {
  it('tells refusal, cancellation and having nothing to share apart', () => {
    expect(problemOfDisplayMediaError(mediaError('NotAllowedError'))).toBe('not-allowed')
    expect(problemOfDisplayMediaError(mediaError('AbortError'))).toBe('cancelled')
    expect(problemOfDisplayMediaError(mediaError('NotFoundError'))).toBe('unavailable')
    expect(problemOfDisplayMediaError(new Error('boom'))).toBe('failed')
  })
})
