import { describe, expect, it } from 'vitest'
import { parseCliOptions } from '../../../src/server/cli-options'
import { resolveLimits } from '../../../src/server/limit-options'

describe('resolveLimits', () => {
  it('normalizes allowed origins and keeps *', () => {
    expect(resolveLimits({ allowedOrigins: ['https://App.Example.org', '*'] }).allowedOrigins).toEqual(['https://app.example.org', '*'])
  })

  it('refuses an allowed origin with a path, or one that is no http(s) origin', () => {
    expect(() => resolveLimits({ allowedOrigins: ['https://app.example.org/call'] })).toThrow(/allowedOrigins/)
    expect(() => resolveLimits({ allowedOrigins: ['app.example.org'] })).toThrow(/allowedOrigins/)
    expect(() => resolveLimits({ allowedOrigins: ['ftp://app.example.org'] })).toThrow(/allowedOrigins/)
  })

  it('names a limit that is out of range', () => {
    expect(() => resolveLimits({ messageBurst: 0 })).toThrow(/messageBurst/)
    expect(() => resolveLimits({ maxConnectionsPerAddress: 1.5 })).toThrow(/maxConnectionsPerAddress/)
    expect(() => resolveLimits({ failedAttemptBlockMs: 2 ** 31 })).toThrow(/failedAttemptBlockMs/)
    expect(() => resolveLimits({ failedAttemptDelayMs: 500, maxFailedAttemptDelayMs: 100 })).toThrow(/maxFailedAttemptDelayMs/)
  })
})

describe('the limits on the command line', () => {
  it('reads them from the environment, and the origins from a flag too', () => {
    const parsed = parseCliOptions(['--allowed-origins', 'https://a.example, https://b.example'], {
      TONGHWA_TRUST_PROXY: 'true',
      TONGHWA_MESSAGES_PER_SECOND: '20',
      TONGHWA_BLOCK_AFTER_FAILED_ATTEMPTS: '40',
    })
    expect(parsed).toMatchObject({
      kind: 'run',
      options: { allowedOrigins: ['https://a.example', 'https://b.example'], trustProxy: true, messagesPerSecond: 20, blockAfterFailedAttempts: 40 },
    })
  })

  it('refuses an origin list with something that is not an origin', () => {
    expect(parseCliOptions([], { TONGHWA_ALLOWED_ORIGINS: 'https://a.example,evil' })).toEqual({
      kind: 'error',
      message: 'TONGHWA_ALLOWED_ORIGINS must be comma-separated origins like https://app.example.org, or *, got "evil"',
    })
  })
})
