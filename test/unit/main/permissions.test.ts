import { describe, expect, it } from 'vitest'
import { trustedAppOrigins } from '../../../src/main/app-origin'
import {
  decidePermissionCheck,
  decidePermissionRequest,
  PERMISSION_TABLE,
  type PermissionRequestDetails,
} from '../../../src/main/permissions'

const origins = trustedAppOrigins()
const devOrigins = trustedAppOrigins('http://localhost:5173')

function mediaRequest(overrides: Partial<PermissionRequestDetails> = {}): PermissionRequestDetails {
  return { isMainFrame: true, requestingUrl: 'app://tonghwa/index.html', securityOrigin: 'app://tonghwa/', mediaTypes: ['audio', 'video'], ...overrides }
}

describe('decidePermissionRequest', () => {
  it('grants camera and microphone to the app page, saying why', () => {
    const decision = decidePermissionRequest('media', mediaRequest(), origins)
    expect(decision.allow).toBe(true)
    expect(decision.reason).toContain('audio and video for app://tonghwa')
  })

  it('grants only the microphone when only audio is requested', () => {
    expect(decidePermissionRequest('media', mediaRequest({ mediaTypes: ['audio'] }), origins)).toMatchObject({ allow: true, reason: expect.stringContaining('(audio for') })
  })

  it('grants the dev server page in development, and only there', () => {
    const dev = mediaRequest({ requestingUrl: 'http://localhost:5173/', securityOrigin: 'http://localhost:5173/' })
    expect(decidePermissionRequest('media', dev, devOrigins).allow).toBe(true)
    expect(decidePermissionRequest('media', dev, origins)).toEqual({ allow: false, reason: "media is only for the app's own pages, not http://localhost:5173" })
  })

  it('denies media to any other origin', () => {
    const stranger = mediaRequest({ requestingUrl: 'https://evil.example/', securityOrigin: 'https://evil.example/' })
    expect(decidePermissionRequest('media', stranger, origins)).toEqual({ allow: false, reason: "media is only for the app's own pages, not https://evil.example" })
  })

  it('denies a look-alike host that merely starts with the app origin', () => {
    const lookalike = mediaRequest({ requestingUrl: 'app://tonghwa.evil/', securityOrigin: 'app://tonghwa.evil/' })
    expect(decidePermissionRequest('media', lookalike, origins).allow).toBe(false)
  })

  it('denies when the document and the security origin disagree', () => {
    const mixed = mediaRequest({ requestingUrl: 'https://evil.example/' })
    expect(decidePermissionRequest('media', mixed, origins)).toEqual({ allow: false, reason: "the requesting document is not one of the app's pages" })
  })

  it('falls back to the requesting URL when no security origin is given', () => {
    expect(decidePermissionRequest('media', mediaRequest({ securityOrigin: undefined }), origins).allow).toBe(true)
    const stranger = mediaRequest({ securityOrigin: undefined, requestingUrl: 'file:///tmp/x.html' })
    expect(decidePermissionRequest('media', stranger, origins)).toEqual({ allow: false, reason: "media is only for the app's own pages, not an unknown origin" })
  })

  it('denies media to sub frames', () => {
    expect(decidePermissionRequest('media', mediaRequest({ isMainFrame: false }), origins)).toEqual({
      allow: false,
      reason: 'media is only for the main frame; the app has no frames of its own',
    })
  })

  it('denies a media request that names no media type', () => {
    expect(decidePermissionRequest('media', mediaRequest({ mediaTypes: [] }), origins).reason).toBe('the request names no media type')
    expect(decidePermissionRequest('media', mediaRequest({ mediaTypes: undefined }), origins).allow).toBe(false)
  })

  it('denies media types other than audio and video', () => {
    const odd = mediaRequest({ mediaTypes: ['video', 'screen' as 'video'] })
    expect(decidePermissionRequest('media', odd, origins)).toEqual({ allow: false, reason: 'only camera and microphone are granted' })
  })

  it('allows screen capture to the app page in the main frame only; what is captured is decided by the picker', () => {
    expect(decidePermissionRequest('display-capture', mediaRequest({ mediaTypes: ['video'] }), origins)).toEqual({
      allow: true,
      reason: 'sharing the screen or window the person picked in the app (app://tonghwa)',
    })
    expect(decidePermissionRequest('display-capture', mediaRequest({ isMainFrame: false }), origins).allow).toBe(false)
    const stranger = mediaRequest({ requestingUrl: 'https://evil.example/', securityOrigin: 'https://evil.example/' })
    expect(decidePermissionRequest('display-capture', stranger, origins)).toEqual({
      allow: false,
      reason: "display-capture is only for the app's own pages, not https://evil.example",
    })
    expect(decidePermissionCheck('display-capture', 'app://tonghwa/', { embeddingOrigin: 'app://tonghwa/' }, origins).allow).toBe(false)
  })

  it.each([
    ['notifications', 'the app shows no web notifications'],
    ['geolocation', 'a call never needs a location'],
    ['clipboard-read', 'reading the clipboard is not needed; copying a room code is a write'],
    ['openExternal', 'pages may not launch other applications'],
    ['fullscreen', 'full screen is a window action (View menu), not a page request'],
    ['usb', 'no direct device access'],
  ])('denies %s from the app page: %s', (permission, reason) => {
    expect(decidePermissionRequest(permission, mediaRequest(), origins)).toEqual({ allow: false, reason })
  })

  it('denies a permission the table does not know, naming it', () => {
    expect(decidePermissionRequest('brain-link', mediaRequest(), origins)).toEqual({ allow: false, reason: '"brain-link" is not in the permission table' })
    expect(decidePermissionRequest('toString', mediaRequest(), origins).allow).toBe(false)
  })
})

describe('decidePermissionCheck', () => {
  it('allows the media check from the app origin for a camera or a microphone', () => {
    expect(decidePermissionCheck('media', 'app://tonghwa/', { securityOrigin: 'app://tonghwa/', mediaType: 'video' }, origins).allow).toBe(true)
    expect(decidePermissionCheck('media', 'app://tonghwa', { mediaType: 'audio' }, origins).allow).toBe(true)
  })

  it('denies the media check from another origin', () => {
    expect(decidePermissionCheck('media', 'https://evil.example/', { mediaType: 'video' }, origins).allow).toBe(false)
  })

  it('denies the media check for an unknown media type', () => {
    expect(decidePermissionCheck('media', 'app://tonghwa/', { mediaType: 'unknown' }, origins)).toEqual({ allow: false, reason: 'only camera and microphone are granted' })
  })

  it('denies the media check from an embedded frame', () => {
    const details = { mediaType: 'video' as const, embeddingOrigin: 'app://tonghwa/' }
    expect(decidePermissionCheck('media', 'app://tonghwa/', details, origins).allow).toBe(false)
  })

  it('allows clipboard writes from the app main frame only, so "Copy code" works', () => {
    expect(decidePermissionCheck('clipboard-sanitized-write', 'app://tonghwa/', { securityOrigin: 'app://tonghwa/' }, origins).allow).toBe(true)
    expect(decidePermissionCheck('clipboard-sanitized-write', 'https://evil.example/', { securityOrigin: 'https://evil.example/' }, origins).allow).toBe(false)
    expect(decidePermissionCheck('clipboard-sanitized-write', 'app://tonghwa/', { embeddingOrigin: 'app://tonghwa/' }, origins).allow).toBe(false)
    const request = { isMainFrame: true, requestingUrl: 'app://tonghwa/index.html', securityOrigin: 'app://tonghwa/' }
    expect(decidePermissionRequest('clipboard-sanitized-write', request, origins).allow).toBe(true)
    expect(decidePermissionRequest('clipboard-sanitized-write', { ...request, isMainFrame: false }, origins).allow).toBe(false)
    expect(decidePermissionRequest('clipboard-read', request, origins).allow).toBe(false)
  })

  it('denies every other check, with the table reason', () => {
    expect(decidePermissionCheck('notifications', 'app://tonghwa/', {}, origins)).toEqual({ allow: false, reason: 'the app shows no web notifications' })
  })
})

describe('PERMISSION_TABLE', () => {
  it('allows media, screen capture and clipboard writes and nothing else', () => {
    const allowed = Object.entries(PERMISSION_TABLE).filter(([, entry]) => entry.rule !== 'deny').map(([name]) => name)
    expect(allowed.sort()).toEqual(['clipboard-sanitized-write', 'display-capture', 'media'])
  })

  it('gives every line a reason', () => {
    for (const [name, entry] of Object.entries(PERMISSION_TABLE)) expect(entry.reason.length, name).toBeGreaterThan(5)
  })
})
