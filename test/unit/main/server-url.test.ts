import { describe, expect, it } from 'vitest'
import { resolveServerUrl, ServerUrlError, validateServerUrl } from '../../../src/main/server-url'

const argv = (...extra: string[]) => ['/usr/bin/tonghwa', '/app/out/main/index.js', ...extra]

describe('resolveServerUrl', () => {
  it('asks for the embedded server when nothing is configured', () => {
    expect(resolveServerUrl({ argv: argv(), env: {} })).toEqual({ kind: 'embedded' })
  })

  it('takes the --server-url switch', () => {
    expect(resolveServerUrl({ argv: argv('--server-url=wss://signal.example.org/signal'), env: {} })).toEqual({
      kind: 'configured',
      url: 'wss://signal.example.org/signal',
      source: '--server-url',
    })
  })

  it('takes TONGHWA_SERVER_URL from the environment', () => {
    expect(resolveServerUrl({ argv: argv(), env: { TONGHWA_SERVER_URL: 'wss://192.168.1.20:47800/signal' } })).toEqual({
      kind: 'configured',
      url: 'wss://192.168.1.20:47800/signal',
      source: 'TONGHWA_SERVER_URL',
    })
  })

  it('lets the switch beat the environment', () => {
    const setting = resolveServerUrl({
      argv: argv('--server-url=wss://10.0.0.2:1234/signal'),
      env: { TONGHWA_SERVER_URL: 'wss://10.0.0.9:9999/signal' },
    })
    expect(setting).toMatchObject({ url: 'wss://10.0.0.2:1234/signal', source: '--server-url' })
  })

  it('uses the last switch when it is given twice', () => {
    const setting = resolveServerUrl({ argv: argv('--server-url=wss://a.example/s', '--server-url=wss://b.example/s'), env: {} })
    expect(setting).toMatchObject({ url: 'wss://b.example/s' })
  })

  it('refuses plain ws:// to a server on another machine, with TONGHWA_ERR_INSECURE_SERVER_URL naming the setting', () => {
    for (const url of ['ws://signal.example.org/signal', 'ws://203.0.113.7:4780/signal', 'ws://192.168.1.20:47800/signal', 'ws://[fd00::2]:4780/signal', 'ws://localhost.example.org/signal']) {
      let thrown: unknown
      try {
        resolveServerUrl({ argv: argv(), env: { TONGHWA_SERVER_URL: url } })
      } catch (error) {
        thrown = error
      }
      expect(thrown, url).toBeInstanceOf(ServerUrlError)
      expect(thrown, url).toMatchObject({ code: 'TONGHWA_ERR_INSECURE_SERVER_URL', setting: 'TONGHWA_SERVER_URL' })
      expect((thrown as Error).message, url).toMatch(/^TONGHWA_ERR_INSECURE_SERVER_URL: TONGHWA_SERVER_URL must use wss:\/\/ for a server on another machine: .* Use wss:\/\//)
    }
    expect(() => resolveServerUrl({ argv: argv('--server-url=ws://10.0.0.2:1234/signal'), env: {} })).toThrow(/^TONGHWA_ERR_INSECURE_SERVER_URL: --server-url /)
  })

  it('accepts plain ws:// to this machine, and wss:// anywhere', () => {
    for (const url of ['ws://127.0.0.1:47800/signal', 'ws://127.8.9.10:4780/signal', 'ws://localhost:4780/signal', 'ws://[::1]:4780/signal', 'ws://[::ffff:127.0.0.1]:4780/signal', 'wss://203.0.113.7/signal']) {
      expect(resolveServerUrl({ argv: argv(), env: { TONGHWA_SERVER_URL: url } }), url).toMatchObject({ kind: 'configured' })
    }
  })

  it('treats an empty environment variable as unset', () => {
    expect(resolveServerUrl({ argv: argv(), env: { TONGHWA_SERVER_URL: '' } })).toEqual({ kind: 'embedded' })
  })

  it('rejects a bad switch value with an error naming the switch, even when the environment is fine', () => {
    const attempt = () => resolveServerUrl({ argv: argv('--server-url=http://example.org'), env: { TONGHWA_SERVER_URL: 'ws://ok.example/s' } })
    expect(attempt).toThrow(ServerUrlError)
    expect(attempt).toThrow(/^TONGHWA_ERR_BAD_SERVER_URL: --server-url must use ws:\/\/ or wss:\/\/, not http:/)
  })

  it('rejects a bad environment value with an error naming the variable', () => {
    expect(() => resolveServerUrl({ argv: argv(), env: { TONGHWA_SERVER_URL: 'not a url' } })).toThrow(
      /^TONGHWA_ERR_BAD_SERVER_URL: TONGHWA_SERVER_URL must be a ws:\/\/ or wss:\/\/ URL/,
    )
  })

  it('rejects the switch without a value', () => {
    expect(() => resolveServerUrl({ argv: argv('--server-url'), env: {} })).toThrow(/--server-url needs a value/)
    expect(() => resolveServerUrl({ argv: argv('--server-url='), env: {} })).toThrow(/--server-url is empty/)
  })

  it('exposes the stable code and the setting on the error', () => {
    try {
      resolveServerUrl({ argv: argv(), env: { TONGHWA_SERVER_URL: 'ftp://x' } })
      expect.unreachable()
    } catch (error) {
      expect(error).toMatchObject({ code: 'TONGHWA_ERR_BAD_SERVER_URL', setting: 'TONGHWA_SERVER_URL' })
    }
  })
})

describe('validateServerUrl', () => {
  it('accepts ws and wss URLs with a host and normalizes them', () => {
    expect(validateServerUrl('ws://127.0.0.1:47800/signal', 'x')).toBe('ws://127.0.0.1:47800/signal')
    expect(validateServerUrl(' WSS://Signal.Example.org/signal ', 'x')).toBe('wss://signal.example.org/signal')
    expect(validateServerUrl('ws://[::1]:47800/signal', 'x')).toBe('ws://[::1]:47800/signal')
  })

  it.each([
    ['http://example.org/signal', 'must use ws:// or wss://'],
    ['file:///tmp/socket', 'must use ws:// or wss://'],
    ['ws://', 'is not a URL'],
    ['example.org:47800', 'must use ws:// or wss://'],
    ['ws://user:secret@example.org/signal', 'must not contain a user name or password'],
    ['ws://example.org/signal#room', 'must not have a #fragment'],
  ])('rejects %s', (value, problem) => {
    expect(() => validateServerUrl(value, '--server-url')).toThrow(problem)
  })
})
