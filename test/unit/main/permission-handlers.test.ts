import { describe, expect, it, vi } from 'vitest'
import { trustedAppOrigins } from '../../../src/main/app-origin'
import { createOnceLog, installPermissionHandlers, type PermissionSession } from '../../../src/main/permission-handlers'

type RequestHandler = NonNullable<Parameters<PermissionSession['setPermissionRequestHandler']>[0]>
type CheckHandler = NonNullable<Parameters<PermissionSession['setPermissionCheckHandler']>[0]>

/** A session that keeps the handlers, so the test can play Chromium asking. */
function install() {
  let onRequest: RequestHandler | null = null
  let onCheck: CheckHandler | null = null
  const session: PermissionSession = {
    setPermissionRequestHandler: (handler) => void (onRequest = handler),
    setPermissionCheckHandler: (handler) => void (onCheck = handler),
  }
  const logs: string[] = []
  installPermissionHandlers(session, trustedAppOrigins(), (message) => logs.push(message))
  const contents = {} as Parameters<RequestHandler>[0]
  return {
    logs,
    request(permission: Parameters<RequestHandler>[1], details: Record<string, unknown>): boolean {
      let answer: boolean | undefined
      onRequest!(contents, permission, (granted) => void (answer = granted), { isMainFrame: true, ...details } as Parameters<RequestHandler>[3])
      if (answer === undefined) throw new Error('the request handler did not answer')
      return answer
    },
    check(permission: Parameters<CheckHandler>[1], origin: string, details: Record<string, unknown> = {}): boolean {
      return onCheck!(contents, permission, origin, { isMainFrame: true, ...details } as unknown as Parameters<CheckHandler>[3])
    },
  }
}

const app = { requestingUrl: 'app://tonghwa/index.html', securityOrigin: 'app://tonghwa/' }

describe('installPermissionHandlers', () => {
  it('answers requests with the permission table: camera, microphone and screen capture for the app page, nothing else', () => {
    const chromium = install()
    expect(chromium.request('media', { ...app, mediaTypes: ['audio', 'video'] })).toBe(true)
    expect(chromium.request('media', { requestingUrl: 'https://evil.example/', securityOrigin: 'https://evil.example/', mediaTypes: ['video'] })).toBe(false)
    expect(chromium.request('notifications', app)).toBe(false)
    expect(chromium.request('display-capture', { ...app, mediaTypes: ['video'] })).toBe(true)
    expect(chromium.request('display-capture', { requestingUrl: 'https://evil.example/', securityOrigin: 'https://evil.example/' })).toBe(false)
  })

  it('answers checks with the permission table', () => {
    const chromium = install()
    expect(chromium.check('media', 'app://tonghwa', { mediaType: 'video' })).toBe(true)
    expect(chromium.check('media', 'https://evil.example', { mediaType: 'video' })).toBe(false)
    expect(chromium.check('geolocation', 'app://tonghwa')).toBe(false)
  })

  it('logs every denied request with the permission, the origin and the reason', () => {
    const chromium = install()
    chromium.request('geolocation', app)
    chromium.request('media', { requestingUrl: 'https://evil.example/x', securityOrigin: 'https://evil.example/', mediaTypes: ['video'] })
    expect(chromium.logs).toEqual([
      '[permissions] denied geolocation request from app://tonghwa: a call never needs a location',
      "[permissions] denied media request from https://evil.example: media is only for the app's own pages, not https://evil.example",
    ])
  })

  it('logs a denied check once, however often Chromium repeats it', () => {
    const chromium = install()
    for (let i = 0; i < 50; i++) chromium.check('notifications', 'app://tonghwa')
    for (let i = 0; i < 50; i++) chromium.request('notifications', app)
    expect(chromium.logs).toEqual([
      '[permissions] denied notifications check from app://tonghwa: the app shows no web notifications',
      '[permissions] denied notifications request from app://tonghwa: the app shows no web notifications',
    ])
  })

  it('logs the same denial again for another origin', () => {
    const chromium = install()
    chromium.check('media', 'https://a.example', { mediaType: 'audio' })
    chromium.check('media', 'https://a.example', { mediaType: 'audio' })
    chromium.check('media', 'https://b.example', { mediaType: 'audio' })
    expect(chromium.logs).toHaveLength(2)
    expect(chromium.logs[1]).toContain('from https://b.example')
  })

  it('logs a granted request once, and never a granted check', () => {
    const chromium = install()
    chromium.request('media', { ...app, mediaTypes: ['audio'] })
    chromium.request('media', { ...app, mediaTypes: ['audio'] })
    chromium.check('media', 'app://tonghwa', { mediaType: 'audio' })
    expect(chromium.logs).toEqual(['[permissions] granted media request from app://tonghwa: camera and microphone are what a call is made of (audio for app://tonghwa)'])
  })
})

describe('createOnceLog', () => {
  it('writes each distinct line once', () => {
    const log = vi.fn()
    const once = createOnceLog(log)
    once('a')
    once('b')
    once('a')
    expect(log.mock.calls).toEqual([['a'], ['b']])
  })

  it('forgets the oldest line past its limit, so memory stays bounded', () => {
    const log = vi.fn()
    const once = createOnceLog(log, 2)
    once('a')
    once('b')
    once('c')
    once('b')
    once('a')
    expect(log.mock.calls).toEqual([['a'], ['b'], ['c'], ['a']])
  })
})
