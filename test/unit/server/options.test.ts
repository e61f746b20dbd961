import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src/server/log'
import { resolveOptions } from '../../../src/server/options'
import { MAX_FRAME_BYTES } from '../../../src/shared/protocol'

describe('resolveOptions', () => {
  it('fills in the documented defaults', () => {
    const options = resolveOptions({ logger: silentLogger, clock: Date.now })
    expect(options).toEqual({
      host: '127.0.0.1',
      port: 0,
      path: '/signal',
      maxPayload: MAX_FRAME_BYTES,
      maxPeersPerRoom: 2,
      maxPendingInvitesPerConnection: 4,
      inviteTtlMs: 60_000,
      codeBindingTtlMs: 90 * 24 * 3600_000,
      maxCodeBindings: 1_000_000,
      heartbeatIntervalMs: 15_000,
      iceServers: [],
      stunUrls: [],
      turnUrls: [],
      turnCredentialTtlSeconds: 3600,
      redisKeyPrefix: 'tonghwa:',
      clusterKeyTtlMs: 15_000,
      redisCommandTimeoutMs: 2_000,
      metrics: false,
      metricsHost: '127.0.0.1',
      metricsPort: 0,
      maxQueuedFramesPerConnection: 32,
      clock: Date.now,
      shutdownGraceMs: 1_000,
      logger: silentLogger,
      allowedOrigins: [],
      allowMissingOrigin: true,
      allowedHosts: [],
      trustProxy: false,
      maxConnectionsPerAddress: 64,
      maxPendingSocketsPerAddress: 32,
      headersTimeoutMs: 10_000,
      fileDescriptorReserve: 64,
      connectionBurstPerAddress: 32,
      connectionsPerSecondPerAddress: 4,
      messageBurst: 200,
      messagesPerSecond: 50,
      maxRateViolations: 20,
      attemptWindowMs: 600_000,
      freeFailedAttempts: 100,
      failedAttemptDelayMs: 100,
      maxFailedAttemptDelayMs: 3_000,
      blockAfterFailedAttempts: 300,
      failedAttemptBlockMs: 900_000,
      maxBufferedBytesPerConnection: 1_048_576,
      maxFrameWaitMs: 15_000,
      maxFragments: 128,
      maxTrackedAddresses: 100_000,
      newCodeBindingBurstPerAddress: 20,
      newCodeBindingsPerHourPerAddress: 60,
      newCodeBindingBurst: 10_000,
      newCodeBindingsPerHour: 3_600,
      codeBindingProtectedMs: 7 * 24 * 3600_000,
      ringIntervalMs: 2_000,
      ringBackoffMs: 5_000,
      maxRingBackoffMs: 600_000,
      freeRingMisses: 5,
      maxTrackedCallers: 100_000,
    })
    expect(options).not.toHaveProperty('staticDir')
    expect(options).not.toHaveProperty('turnSecret')
    expect(options).not.toHaveProperty('redisUrl')
    expect(options).not.toHaveProperty('resumeKey')
  })

  it('accepts TURN URLs with a secret, and STUN URLs', () => {
    const options = resolveOptions({ turnUrls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'], turnSecret: 's3cret', stunUrls: ['stun:turn.example.org'] })
    expect(options).toMatchObject({ turnSecret: 's3cret', stunUrls: ['stun:turn.example.org'] })
  })

  it('gives a default logger when none is passed', () => {
    expect(typeof resolveOptions().logger.info).toBe('function')
  })

  it('makes the static directory absolute', () => {
    expect(resolveOptions({ staticDir: 'out/renderer' }).staticDir).toBe(`${process.cwd()}/out/renderer`)
  })

  it('keeps ICE servers as clients will read them, dropping unknown fields', () => {
    const iceServers = [{ urls: ['turn:turn.example.org'], username: 'u', credential: 'p', credentialType: 'password' }]
    expect(resolveOptions({ iceServers }).iceServers).toEqual([{ urls: ['turn:turn.example.org'], username: 'u', credential: 'p' }])
  })

  it.each([
    [{ port: -1 }, /port/],
    [{ port: 65_536 }, /port/],
    [{ port: 1.5 }, /port/],
    [{ host: '' }, /host/],
    [{ path: 'signal' }, /path/],
    [{ maxPayload: 0 }, /maxPayload/],
    [{ maxPeersPerRoom: 0 }, /maxPeersPerRoom/],
    [{ maxPendingInvitesPerConnection: 0 }, /maxPendingInvitesPerConnection/],
    [{ codeBindingTtlMs: -1 }, /codeBindingTtlMs/],
    [{ maxCodeBindings: 0 }, /maxCodeBindings/],
    [{ inviteTtlMs: 0 }, /inviteTtlMs/],
    [{ inviteTtlMs: 2 ** 31 }, /inviteTtlMs/],
    [{ heartbeatIntervalMs: 0 }, /heartbeatIntervalMs/],
    [{ heartbeatIntervalMs: 2 ** 31 }, /heartbeatIntervalMs/],
    [{ shutdownGraceMs: -1 }, /shutdownGraceMs/],
    [{ iceServers: [{ urls: ['https://example.org'] }] }, /iceServers/],
    [{ iceServers: [{ urls: [] }] }, /iceServers/],
    [{ stunUrls: ['turn:a'] }, /stunUrls must hold stun: or stuns: URLs/],
    [{ turnUrls: ['stun:a'], turnSecret: 's' }, /turnUrls must hold turn: or turns: URLs/],
    [{ turnUrls: ['turn:a'] }, /turnUrls need turnSecret/],
    [{ turnUrls: ['turns:a:443?transport=tls'], turnSecret: 's' }, /"turns:a:443\?transport=tls" must end in \?transport=udp or \?transport=tcp/],
    [{ iceServers: [{ urls: ['stun:a:3478?transport=udp'] }] }, /"stun:a:3478\?transport=udp" is a STUN URL with a query/],
    [{ turnSecret: 's' }, /turnSecret is set but turnUrls is empty/],
    [{ turnUrls: ['turn:a'], turnSecret: '' }, /turnSecret must be a non-empty string/],
    [{ turnCredentialTtlSeconds: 3601 }, /turnCredentialTtlSeconds must be an integer from 2 to 3600/],
    [{ turnCredentialTtlSeconds: 1 }, /turnCredentialTtlSeconds/],
    [{ clusterKeyTtlMs: 299 }, /clusterKeyTtlMs/],
    [{ redisCommandTimeoutMs: 0 }, /redisCommandTimeoutMs/],
    [{ maxQueuedFramesPerConnection: 0 }, /maxQueuedFramesPerConnection/],
    [{ redisKeyPrefix: 'has space' }, /redisKeyPrefix/],
    [{ newCodeBindingBurst: 0 }, /newCodeBindingBurst must be an integer/],
    [{ newCodeBindingsPerHourPerAddress: 1.5 }, /newCodeBindingsPerHourPerAddress/],
    [{ codeBindingProtectedMs: -1 }, /codeBindingProtectedMs/],
    [{ ringBackoffMs: 700_000 }, /maxRingBackoffMs must be at least ringBackoffMs/],
    [{ resumeKey: 'too short' }, /resumeKey must be 32 to 1024 printable ASCII characters/],
    [{ resumeKey: `${'k'.repeat(31)} ` }, /resumeKey must be/],
    [{ metricsPort: 70_000 }, /metricsPort/],
    [{ metricsHost: '' }, /metricsHost/],
    [{ openFilesLimit: 0 }, /openFilesLimit/],
    [{ redisUrl: 'http://redis:6379' }, /redisUrl must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ iceServers: Array.from({ length: 7 }, () => ({ urls: ['stun:a'] })), stunUrls: ['stun:b'], turnUrls: ['turn:c'], turnSecret: 's' }, /together: iceServers must be a short array/],
  ])('rejects %o naming the option', (options, message) => {
    expect(() => resolveOptions({ logger: silentLogger, ...options })).toThrow(message)
  })

  it('never puts the TURN secret or a Redis password into an error', () => {
    const secret = 'do-not-print-me'
    const messages: string[] = []
    for (const options of [{ turnSecret: secret }, { turnSecret: secret, turnUrls: ['http://x'] }, { redisUrl: `http://user:${secret}@redis` }]) {
      try {
        resolveOptions({ logger: silentLogger, ...options })
      } catch (error) {
        messages.push((error as Error).message)
      }
    }
    expect(messages).toHaveLength(3)
    for (const message of messages) expect(message).not.toContain(secret)
  })
})
