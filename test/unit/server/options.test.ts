import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src/server/log'
import { resolveOptions } from '../../../src/server/options'
import { MAX_FRAME_BYTES } from '../../../src/shared/protocol'

describe('resolveOptions', () => {
  it('fills in the documented defaults', () => {
    const options = resolveOptions({ logger: silentLogger })
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
      shutdownGraceMs: 1_000,
      logger: silentLogger,
    })
    expect(options).not.toHaveProperty('staticDir')
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
  ])('rejects %o naming the option', (options, message) => {
    expect(() => resolveOptions({ logger: silentLogger, ...options })).toThrow(message)
  })
})
