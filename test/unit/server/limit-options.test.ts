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

describe('the connection-level limits', () => {
  it('keeps allowed hosts as given, and refuses what is not a host name or address', () => {
    expect(resolveLimits({ allowedHosts: ['signal.example.org', 'alt.example.org:8443', '2001:db8::1', '*'] }).allowedHosts).toEqual(['signal.example.org', 'alt.example.org:8443', '2001:db8::1', '*'])
    expect(() => resolveLimits({ allowedHosts: ['https://signal.example.org'] })).toThrow(/allowedHosts/)
    expect(() => resolveLimits({ allowedHosts: ['signal.example.org/path'] })).toThrow(/allowedHosts/)
  })

  it('refuses a head deadline under a second and a reserve under 32 descriptors', () => {
    expect(() => resolveLimits({ headersTimeoutMs: 999 })).toThrow(/headersTimeoutMs/)
    expect(() => resolveLimits({ fileDescriptorReserve: 31 })).toThrow(/fileDescriptorReserve/)
    expect(() => resolveLimits({ maxPendingSocketsPerAddress: 0 })).toThrow(/maxPendingSocketsPerAddress/)
  })

  it('reads them, the metrics listener and the open-files limit from the environment and flags', () => {
    const parsed = parseCliOptions(['--allowed-hosts', 'signal.example.org, [2001:db8::1]:443', '--metrics-port', '0'], {
      TONGHWA_MAX_PENDING_SOCKETS_PER_ADDRESS: '8',
      TONGHWA_HEADERS_TIMEOUT_MS: '5000',
      TONGHWA_FILE_DESCRIPTOR_RESERVE: '128',
      TONGHWA_OPEN_FILES_LIMIT: '4096',
      TONGHWA_METRICS_HOST: '10.0.0.2',
    })
    expect(parsed).toMatchObject({
      kind: 'run',
      options: {
        allowedHosts: ['signal.example.org', '[2001:db8::1]:443'],
        maxPendingSocketsPerAddress: 8,
        headersTimeoutMs: 5_000,
        fileDescriptorReserve: 128,
        openFilesLimit: 4_096,
        metricsHost: '10.0.0.2',
        metricsPort: 0,
      },
    })
    expect(parseCliOptions([], { TONGHWA_ALLOWED_HOSTS: 'signal.example.org,https://evil.example' })).toMatchObject({ kind: 'error', message: expect.stringMatching(/^TONGHWA_ALLOWED_HOSTS must be/) })
  })
})
