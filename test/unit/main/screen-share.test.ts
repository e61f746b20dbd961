import { describe, expect, it } from 'vitest'
import { trustedAppOrigins } from '../../../src/main/app-origin'
import { screenCommands } from '../../../src/main/screen-commands'
import {
  describeDisplayMediaRequest,
  SCREEN_CHOICE_TTL_MS,
  SCREEN_LIST_TTL_MS,
  ScreenShareErrorCode,
  ScreenShareService,
  toScreenSources,
  type CapturedSourceLike,
  type DisplayMediaRequestInfo,
} from '../../../src/main/screen-share'
import { commandArgs } from '../../../src/shared/ipc-contract'

const origins = trustedAppOrigins()
const PNG = 'data:image/png;base64,iVBORw0KGgo='

const desktop: CapturedSourceLike[] = [
  { id: 'window:4711:0', name: 'Notes', thumbnail: PNG },
  { id: 'screen:0:0', name: 'Entire screen', thumbnail: PNG },
  { id: 'screen:1:0', name: 'Screen 2', thumbnail: '' },
]

function setup() {
  let now = 1_000_000
  const service = new ScreenShareService({ listSources: async () => desktop, now: () => now })
  return {
    service,
    advance: (ms: number) => void (now += ms),
  }
}

function request(overrides: Partial<DisplayMediaRequestInfo> = {}): DisplayMediaRequestInfo {
  return { windowId: 1, frameUrl: 'app://tonghwa/index.html', isMainFrame: true, securityOrigin: 'app://tonghwa/', videoRequested: true, userGesture: true, windowInFront: true, ...overrides }
}

describe('ScreenShareService', () => {
  it('lists screens first, then windows, with their kind', async () => {
    const { service } = setup()
    const sources = await service.list(1)
    expect(sources.map((source) => [source.id, source.kind])).toEqual([
      ['screen:0:0', 'screen'],
      ['screen:1:0', 'screen'],
      ['window:4711:0', 'window'],
    ])
  })

  it('grants a request from the window that picked, with the picked source', async () => {
    const { service } = setup()
    await service.list(1)
    service.choose(1, 'window:4711:0')
    expect(service.decide(request(), origins)).toEqual({ allow: true, source: { id: 'window:4711:0', name: 'Notes' }, reason: 'sharing window window:4711:0' })
  })

  it('uses a pick once: a second request is refused', async () => {
    const { service } = setup()
    await service.list(1)
    service.choose(1, 'screen:0:0')
    expect(service.decide(request(), origins).allow).toBe(true)
    expect(service.decide(request(), origins)).toEqual({ allow: false, reason: 'nothing was picked in the app before the request' })
  })

  it('refuses a request when nothing was picked', async () => {
    const { service } = setup()
    await service.list(1)
    expect(service.decide(request(), origins).allow).toBe(false)
  })

  it('refuses an id that was not listed to this window, with SCREEN_ERR_NOT_LISTED', async () => {
    const { service } = setup()
    await service.list(1)
    expect(() => service.choose(1, 'screen:9:0')).toThrow(expect.objectContaining({ code: ScreenShareErrorCode.NotListed }))
    expect(() => service.choose(2, 'screen:0:0')).toThrow(/^SCREEN_ERR_NOT_LISTED: /)
  })

  it('keeps each window to its own pick', async () => {
    const { service } = setup()
    await service.list(1)
    await service.list(2)
    service.choose(1, 'screen:0:0')
    expect(service.decide(request({ windowId: 2 }), origins).allow).toBe(false)
    expect(service.decide(request({ windowId: 1 }), origins).allow).toBe(true)
  })

  it('lets a pick expire when no request follows soon', async () => {
    const { service, advance } = setup()
    await service.list(1)
    service.choose(1, 'screen:0:0')
    advance(SCREEN_CHOICE_TTL_MS + 1)
    expect(service.decide(request(), origins)).toEqual({ allow: false, reason: 'the pick is too old; pick again' })
  })

  it('refuses a pick from a list that is too old', async () => {
    const { service, advance } = setup()
    await service.list(1)
    advance(SCREEN_LIST_TTL_MS + 1)
    expect(() => service.choose(1, 'screen:0:0')).toThrow(/SCREEN_ERR_NOT_LISTED/)
  })

  it('refuses a request from another origin, and the pick is used up by it', async () => {
    const { service } = setup()
    await service.list(1)
    service.choose(1, 'screen:0:0')
    const stranger = request({ frameUrl: 'https://evil.example/', securityOrigin: 'https://evil.example' })
    expect(service.decide(stranger, origins)).toEqual({ allow: false, reason: "screen sharing is only for the app's own pages, not https://evil.example" })
    expect(service.decide(request(), origins).allow).toBe(false)
  })

  it('refuses a request from a sub frame, a gone frame, or one that asks for no video', async () => {
    const { service } = setup()
    for (const bad of [request({ isMainFrame: false }), request({ frameUrl: null }), request({ windowId: null }), request({ videoRequested: false })]) {
      await service.list(1)
      service.choose(1, 'screen:0:0')
      expect(service.decide(bad, origins).allow).toBe(false)
    }
  })

  it('refuses a pick that a script made without the person: no click or key press came before the request', async () => {
    const { service } = setup()
    // What a script in the page can do on its own: list, name a source, ask for it, all without a gesture.
    await service.list(1)
    service.choose(1, 'screen:0:0')
    expect(service.decide(request({ userGesture: false }), origins)).toEqual({
      allow: false,
      reason: 'no click or key press in the window came before the request; the person must pick the source',
    })
    // The refused request used the pick up: a later one with a gesture gets nothing either.
    expect(service.decide(request(), origins).allow).toBe(false)
  })

  it('refuses a request from a window that is hidden, minimized or not focused', async () => {
    const { service } = setup()
    await service.list(1)
    service.choose(1, 'screen:0:0')
    expect(service.decide(request({ windowInFront: false }), origins)).toEqual({
      allow: false,
      reason: 'the window is not in front (hidden, minimized or not focused); the person must be looking at it',
    })
  })

  it('forgets a pick when the window lists again or closes', async () => {
    const { service } = setup()
    await service.list(1)
    service.choose(1, 'screen:0:0')
    await service.list(1)
    expect(service.decide(request(), origins).allow).toBe(false)
    service.choose(1, 'screen:0:0')
    service.forget(1)
    expect(service.decide(request(), origins).allow).toBe(false)
    expect(() => service.choose(1, 'screen:0:0')).toThrow(/SCREEN_ERR_NOT_LISTED/)
  })
})

describe('describeDisplayMediaRequest', () => {
  const frame = { url: 'app://tonghwa/index.html', parent: null }
  const electronRequest = { frame, securityOrigin: 'app://tonghwa/', videoRequested: true, userGesture: true }
  const window = (state: { focused?: boolean; visible?: boolean; minimized?: boolean } = {}) => ({
    id: 3,
    isFocused: () => state.focused ?? true,
    isVisible: () => state.visible ?? true,
    isMinimized: () => state.minimized ?? false,
  })

  it("carries Electron's user gesture, and counts a window as in front only when focused, visible and not minimized", () => {
    expect(describeDisplayMediaRequest(electronRequest, window())).toEqual({
      windowId: 3,
      frameUrl: 'app://tonghwa/index.html',
      isMainFrame: true,
      securityOrigin: 'app://tonghwa/',
      videoRequested: true,
      userGesture: true,
      windowInFront: true,
    })
    expect(describeDisplayMediaRequest({ ...electronRequest, userGesture: false }, window()).userGesture).toBe(false)
    for (const state of [{ focused: false }, { visible: false }, { minimized: true }]) {
      expect(describeDisplayMediaRequest(electronRequest, window(state)).windowInFront, JSON.stringify(state)).toBe(false)
    }
  })

  it('knows no window, frame or main frame when Electron has none', () => {
    expect(describeDisplayMediaRequest({ ...electronRequest, frame: null }, null)).toMatchObject({ windowId: null, frameUrl: null, isMainFrame: false, windowInFront: false })
    expect(describeDisplayMediaRequest({ ...electronRequest, frame: { url: frame.url, parent: frame } }, window()).isMainFrame).toBe(false)
  })

  it('lets a gesture in a window in front through to the pick', async () => {
    const { service } = setup()
    await service.list(3)
    service.choose(3, 'screen:1:0')
    expect(service.decide(describeDisplayMediaRequest(electronRequest, window()), origins)).toMatchObject({ allow: true, source: { id: 'screen:1:0' } })
  })
})

describe('toScreenSources', () => {
  it('drops ids that are not screen or window sources and thumbnails that are not PNG data URLs', () => {
    const sources = toScreenSources([
      { id: 'web-contents-media-stream://1:2', name: 'A tab', thumbnail: PNG },
      { id: 'screen:0:0', name: 'Entire screen', thumbnail: 'https://evil.example/x.png' },
    ])
    expect(sources).toEqual([{ id: 'screen:0:0', name: 'Entire screen', kind: 'screen', thumbnail: '' }])
  })
})

describe('screen commands', () => {
  it('list and choose for the window they were made for', async () => {
    const { service } = setup()
    const commands = screenCommands(service, 7)
    expect(await commands['screen:list-sources']()).toHaveLength(3)
    commands['screen:choose-source']('screen:1:0')
    expect(service.decide(request({ windowId: 7 }), origins)).toMatchObject({ allow: true, source: { id: 'screen:1:0', name: 'Screen 2' } })
  })

  it('accept only a well-formed source id as the argument of screen:choose-source', () => {
    expect(commandArgs['screen:choose-source'](['window:4711:0'])).toEqual({ ok: true, args: ['window:4711:0'] })
    for (const bad of [[], ['screen'], ['javascript:alert(1)'], [42], ['screen:0:0', 'extra'], [`screen:${'1'.repeat(300)}`]]) {
      expect(commandArgs['screen:choose-source'](bad).ok, JSON.stringify(bad)).toBe(false)
    }
    expect(commandArgs['screen:list-sources']([]).ok).toBe(true)
    expect(commandArgs['screen:list-sources'](['x']).ok).toBe(false)
  })
})
