import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSignalingServer, type RunningSignalingServer } from '../../../src/server'
import { silentLogger } from '../../../src/server/log'
import { resolveStaticPath } from '../../../src/server/static-files'
import { httpRequest } from '../../support/http-request'

describe('resolveStaticPath', () => {
  it('maps / to index.html and other paths to themselves, without the query', () => {
    expect(resolveStaticPath('/')).toEqual({ ok: true, relative: 'index.html' })
    expect(resolveStaticPath('/?room=7KD93QFX2A')).toEqual({ ok: true, relative: 'index.html' })
    expect(resolveStaticPath('/assets/index-3f2a.js')).toEqual({ ok: true, relative: 'assets/index-3f2a.js' })
    expect(resolveStaticPath('/my%20icon.png')).toEqual({ ok: true, relative: 'my icon.png' })
  })

  it.each([
    '/../package.json',
    '/assets/../../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/%2e%2e/etc/passwd',
    '/.%2e/package.json',
    '/assets/%2f..%2fpackage.json',
    '/..%5cpackage.json',
    '/assets\\..\\package.json',
    '/assets/%00',
    '/index.html%00.png',
    '/%E0%A4%A',
    'package.json',
    '/./index.html',
  ])('refuses %s with 400', (target) => {
    expect(resolveStaticPath(target)).toEqual({ ok: false, status: 400 })
  })

  it.each(['/.env', '/assets/.git/config', '/assets/', '//index.html'])('refuses %s with 404', (target) => {
    expect(resolveStaticPath(target)).toEqual({ ok: false, status: 404 })
  })
})

const INDEX_HTML = '<!doctype html><title>Tonghwa</title>'

describe('serving the web app', () => {
  let parent: string
  let root: string
  let server: RunningSignalingServer | undefined

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'tonghwa-static-'))
    root = join(parent, 'renderer')
    await mkdir(join(root, 'assets'), { recursive: true })
    await mkdir(join(root, 'nested'))
    await writeFile(join(root, 'index.html'), INDEX_HTML)
    await writeFile(join(root, 'assets', 'index-3f2a9c.js'), 'console.log(1)')
    await writeFile(join(root, 'assets', 'index-77aa00.css'), 'body{}')
    await writeFile(join(root, 'favicon.ico'), Buffer.from([0, 0, 1, 0]))
    await writeFile(join(root, 'notes.txt'), 'not a web asset')
    await writeFile(join(root, '.env'), 'SECRET=1')
    await writeFile(join(parent, 'secret.json'), '{"secret":true}')
    await symlink(join(parent, 'secret.json'), join(root, 'leak.json'))
  })

  afterAll(async () => {
    await rm(parent, { recursive: true, force: true })
  })

  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  async function start(staticDir?: string): Promise<string> {
    server = await startSignalingServer({ logger: silentLogger, staticDir })
    return server.httpUrl
  }

  it('serves index.html at / with no-cache and the security headers', async () => {
    const response = await httpRequest(await start(root), '/')
    expect(response.status).toBe(200)
    expect(response.body).toContain('<title>Tonghwa</title>')
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(response.headers['cache-control']).toBe('no-cache')
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['referrer-policy']).toBe('no-referrer')
  })

  it('serves hashed assets with a long immutable cache lifetime and their content types', async () => {
    const base = await start(root)
    const script = await httpRequest(base, '/assets/index-3f2a9c.js')
    expect(script.status).toBe(200)
    expect(script.body).toBe('console.log(1)')
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const style = await httpRequest(base, '/assets/index-77aa00.css')
    expect(style.headers['content-type']).toBe('text/css; charset=utf-8')
    const icon = await httpRequest(base, '/favicon.ico')
    expect(icon.headers['content-type']).toBe('image/x-icon')
    expect(icon.headers['cache-control']).toBe('no-cache')
  })

  it('answers HEAD with the headers and no body', async () => {
    const response = await httpRequest(await start(root), '/', 'HEAD')
    expect(response.status).toBe(200)
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(INDEX_HTML)))
    expect(response.body).toBe('')
  })

  it.each(['/../package.json', '/%2e%2e/secret.json', '/%2e%2e/%2e%2e/package.json', '/assets/%00', '/assets/..%2f..%2fsecret.json'])(
    'refuses the traversal attempt %s with a 4xx and no file content',
    async (target) => {
      const response = await httpRequest(await start(root), target)
      expect(response.status).toBeGreaterThanOrEqual(400)
      expect(response.status).toBeLessThan(500)
      expect(response.body).not.toContain('secret')
      expect(response.body).not.toContain('"name"')
    },
  )

  it('does not follow a symlink that points outside the directory', async () => {
    const response = await httpRequest(await start(root), '/leak.json')
    expect(response.status).toBe(404)
    expect(response.body).not.toContain('secret')
  })

  it.each(['/missing.js', '/.env', '/notes.txt', '/nested', '/nested/', '/assets'])('answers %s with 404', async (target) => {
    const response = await httpRequest(await start(root), target)
    expect(response.status).toBe(404)
    expect(response.headers['x-content-type-options']).toBe('nosniff')
  })

  it('serves no files when no directory is configured', async () => {
    const response = await httpRequest(await start(), '/')
    expect(response.status).toBe(404)
  })

  it('answers 404 instead of failing when the directory does not exist', async () => {
    const response = await httpRequest(await start(join(parent, 'missing')), '/')
    expect(response.status).toBe(404)
  })
})
