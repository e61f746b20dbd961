import { join, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveAppRequest, responseHeaders } from '../../../src/main/app-protocol-path'
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/content-security-policy'

const rendererDir = resolve('/opt/tonghwa/out/renderer')

function served(url: string): string {
  const result = resolveAppRequest(url, rendererDir)
  if (!result.ok) throw new Error(`expected ${url} to be served, refused: ${result.reason}`)
  return result.filePath
}

function refusal(url: string, method?: string): { status: number; reason: string } {
  const result = resolveAppRequest(url, rendererDir, method)
  if (result.ok) throw new Error(`expected ${url} to be refused, served ${result.filePath}`)
  return { status: result.status, reason: result.reason }
}

describe('resolveAppRequest', () => {
  it('serves index.html for the bare origin and for /', () => {
    expect(served('app://tonghwa')).toBe(join(rendererDir, 'index.html'))
    expect(served('app://tonghwa/')).toBe(join(rendererDir, 'index.html'))
  })

  it('maps a nested asset to the file inside the renderer directory', () => {
    expect(served('app://tonghwa/assets/index-4f2a.js')).toBe(join(rendererDir, 'assets', 'index-4f2a.js'))
  })

  it('ignores the query string and the fragment', () => {
    expect(served('app://tonghwa/index.html?room=7KD93QFX2A#call')).toBe(join(rendererDir, 'index.html'))
    expect(served('app://tonghwa/?x=../../etc/passwd')).toBe(join(rendererDir, 'index.html'))
  })

  it('decodes ordinary percent-encoding in file names', () => {
    expect(served('app://tonghwa/assets/ring%20tone.mp3')).toBe(join(rendererDir, 'assets', 'ring tone.mp3'))
  })

  it('treats double encoding as a literal name that stays inside the directory', () => {
    const file = served('app://tonghwa/%252e%252e/secret')
    expect(file).toBe(join(rendererDir, '%2e%2e', 'secret'))
    expect(file.startsWith(rendererDir + sep)).toBe(true)
  })

  it('refuses another host with 403', () => {
    expect(refusal('app://evil/index.html')).toEqual({ status: 403, reason: expect.stringContaining('wrong host') })
    expect(refusal('app://tonghwa.evil/index.html').reason).toContain('wrong host')
    expect(refusal('app://tonghwa:8080/index.html').reason).toContain('wrong host')
    expect(refusal('app://user@tonghwa/index.html').reason).toContain('wrong host')
  })

  it('refuses another scheme', () => {
    expect(refusal('file:///etc/passwd').reason).toContain('not an app:// URL')
    expect(refusal('https://tonghwa/index.html').status).toBe(403)
  })

  it('refuses plain .. and . segments', () => {
    expect(refusal('app://tonghwa/../../etc/passwd').reason).toBe('dot segment in path')
    expect(refusal('app://tonghwa/assets/../index.html').reason).toBe('dot segment in path')
    expect(refusal('app://tonghwa/./index.html').reason).toBe('dot segment in path')
  })

  it('refuses percent-encoded dot segments in any case', () => {
    expect(refusal('app://tonghwa/%2e%2e/%2e%2e/etc/passwd').reason).toBe('percent-encoded dot segment in path')
    expect(refusal('app://tonghwa/%2E%2E/secret').reason).toBe('percent-encoded dot segment in path')
    expect(refusal('app://tonghwa/.%2e/secret').reason).toBe('percent-encoded dot segment in path')
    expect(refusal('app://tonghwa/%2e/index.html').reason).toBe('percent-encoded dot segment in path')
  })

  it('refuses percent-encoded slashes and backslashes', () => {
    expect(refusal('app://tonghwa/..%2f..%2fetc%2fpasswd').reason).toBe('percent-encoded path separator')
    expect(refusal('app://tonghwa/assets%2F..%2F..%2Fsecret').reason).toBe('percent-encoded path separator')
    expect(refusal('app://tonghwa/..%5c..%5csecret').reason).toBe('percent-encoded path separator')
  })

  it('refuses a raw backslash', () => {
    expect(refusal('app://tonghwa/..\\..\\secret').reason).toBe('backslash in path')
  })

  it('refuses a NUL byte, raw or encoded, and other control characters', () => {
    expect(refusal('app://tonghwa/index.html%00.png').reason).toBe('NUL byte in path')
    expect(refusal('app://tonghwa/index.html\0.png').reason).toBe('NUL byte in path')
    expect(refusal('app://tonghwa/index%0a.html').reason).toBe('control character in path')
  })

  it('refuses absolute paths smuggled in as empty segments or drive letters', () => {
    expect(refusal('app://tonghwa//etc/passwd').reason).toContain('empty path segment')
    expect(refusal('app://tonghwa/C:/Windows/win.ini').reason).toBe('colon in path')
    expect(refusal('app://tonghwa/C%3A%5CWindows').reason).toBe('percent-encoded path separator')
    expect(refusal('app://tonghwa/index.html::$DATA').reason).toBe('colon in path')
  })

  it('refuses a trailing slash rather than guessing at a directory', () => {
    expect(refusal('app://tonghwa/assets/').reason).toContain('empty path segment')
  })

  it('refuses malformed percent-encoding with 400', () => {
    expect(refusal('app://tonghwa/%E0%A4%A.js')).toEqual({ status: 400, reason: 'malformed percent-encoding' })
  })

  it('refuses methods other than GET and HEAD with 405', () => {
    expect(refusal('app://tonghwa/index.html', 'POST').status).toBe(405)
    expect(resolveAppRequest('app://tonghwa/index.html', rendererDir, 'HEAD').ok).toBe(true)
  })
})

describe('responseHeaders', () => {
  it('puts the CSP on HTML documents', () => {
    expect(responseHeaders('/x/index.html')).toEqual({
      'Content-Type': 'text/html; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    })
  })

  it('serves scripts with a JavaScript type, as module scripts require, and without a CSP', () => {
    const headers = responseHeaders('/x/assets/index.js')
    expect(headers['Content-Type']).toBe('text/javascript; charset=utf-8')
    expect(headers['Content-Security-Policy']).toBeUndefined()
  })

  it('falls back to application/octet-stream for unknown extensions', () => {
    expect(responseHeaders('/x/blob.bin')['Content-Type']).toBe('application/octet-stream')
  })
})

describe('CONTENT_SECURITY_POLICY', () => {
  it('is exactly the policy the renderer declares', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob: mediastream:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'",
    )
  })
})
