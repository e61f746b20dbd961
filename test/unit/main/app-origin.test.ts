import { describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, APP_ORIGIN, createSenderCheck, decideNavigation, originOf, resolveRendererSource, trustedAppOrigins } from '../../../src/main/app-origin'
import { resolveAppPaths } from '../../../src/main/app-paths'
import { join, resolve } from 'node:path'

describe('trustedAppOrigins', () => {
  it('trusts only app://tonghwa in production', () => {
    expect(trustedAppOrigins()).toEqual(['app://tonghwa'])
    expect(APP_ENTRY_URL).toBe('app://tonghwa/index.html')
  })

  it('adds the dev server origin in development', () => {
    expect(trustedAppOrigins('http://localhost:5173/')).toEqual([APP_ORIGIN, 'http://localhost:5173'])
  })

  it('adds nothing for a dev URL that does not parse', () => {
    expect(trustedAppOrigins('localhost')).toEqual([APP_ORIGIN])
  })
})

describe('resolveRendererSource', () => {
  it('ignores ELECTRON_RENDERER_URL in a packaged build: the window loads and trusts only app://tonghwa', () => {
    for (const url of ['https://evil.example/', 'http://127.0.0.1:5173/', 'file:///tmp/evil.html']) {
      expect(resolveRendererSource({ isPackaged: true, env: { ELECTRON_RENDERER_URL: url } }), url).toEqual({ entryUrl: APP_ENTRY_URL, trustedOrigins: [APP_ORIGIN] })
    }
  })

  it('loads and trusts the dev server in an unpackaged build', () => {
    expect(resolveRendererSource({ isPackaged: false, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173/' } })).toEqual({
      entryUrl: 'http://localhost:5173/',
      trustedOrigins: [APP_ORIGIN, 'http://localhost:5173'],
    })
  })

  it('falls back to the app when the dev URL is unset, empty, not http(s) or does not parse', () => {
    for (const value of [undefined, '', 'file:///tmp/index.html', 'javascript:alert(1)', 'localhost:5173', 'http://user:pw@localhost:5173/']) {
      expect(resolveRendererSource({ isPackaged: false, env: { ELECTRON_RENDERER_URL: value } }), String(value)).toEqual({ entryUrl: APP_ENTRY_URL, trustedOrigins: [APP_ORIGIN] })
    }
  })
})

describe('originOf', () => {
  it('builds scheme://host even for app:, whose WHATWG origin is opaque', () => {
    expect(originOf('app://tonghwa/assets/x.js')).toBe('app://tonghwa')
    expect(originOf('http://127.0.0.1:5173/index.html')).toBe('http://127.0.0.1:5173')
  })

  it('has no origin for URLs without a host, with credentials, or that do not parse', () => {
    expect(originOf('about:blank')).toBeNull()
    expect(originOf('data:text/html,hi')).toBeNull()
    expect(originOf('app://x@tonghwa/')).toBeNull()
    expect(originOf('not a url')).toBeNull()
  })
})

describe('createSenderCheck', () => {
  const isTrusted = createSenderCheck(trustedAppOrigins())

  it('trusts a frame showing an app page', () => {
    expect(isTrusted({ senderFrame: { url: 'app://tonghwa/index.html#/room' } })).toBe(true)
  })

  it('refuses other origins, look-alikes and destroyed frames', () => {
    expect(isTrusted({ senderFrame: { url: 'https://evil.example/' } })).toBe(false)
    expect(isTrusted({ senderFrame: { url: 'app://tonghwa.evil/index.html' } })).toBe(false)
    expect(isTrusted({ senderFrame: { url: '' } })).toBe(false)
    expect(isTrusted({ senderFrame: null })).toBe(false)
  })
})

describe('decideNavigation', () => {
  it('allows navigation within the app', () => {
    expect(decideNavigation('app://tonghwa/index.html?room=1', trustedAppOrigins())).toEqual({ allow: true })
  })

  it('refuses navigation anywhere else, naming the target', () => {
    expect(decideNavigation('https://example.org/', trustedAppOrigins())).toEqual({
      allow: false,
      reason: 'navigation away from the app is not allowed (to https://example.org/)',
    })
    expect(decideNavigation('file:///etc/passwd', trustedAppOrigins()).allow).toBe(false)
  })
})

describe('resolveAppPaths', () => {
  it('finds the preload and the renderer next to the main bundle', () => {
    const mainDir = resolve('/app/resources/app.asar/out/main')
    expect(resolveAppPaths(mainDir)).toEqual({
      preload: join('/app/resources/app.asar/out', 'preload', 'index.cjs'),
      rendererDir: join('/app/resources/app.asar/out', 'renderer'),
    })
  })
})
