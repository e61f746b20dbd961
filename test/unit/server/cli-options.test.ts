import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CLI_DEFAULT_PORT, defaultStaticDir, parseCliOptions, USAGE, type CliParseResult } from '../../../src/server/cli-options'
import { SETTINGS } from '../../../src/server/cli-settings'
import { resolveOptions } from '../../../src/server/options'

const STUN = '[{"urls":["stun:stun.example.org:3478"]}]'

function run(argv: string[], env: Record<string, string> = {}) {
  const result: CliParseResult = parseCliOptions(argv, env)
  if (result.kind !== 'run') throw new Error(`expected options, got ${JSON.stringify(result)}`)
  return result.options
}

function errorOf(argv: string[], env: Record<string, string> = {}): string {
  const result = parseCliOptions(argv, env)
  if (result.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(result)}`)
  return result.message
}

describe('parseCliOptions', () => {
  it('defaults to 127.0.0.1:4780, the built renderer if present, and no ICE servers', () => {
    expect(run([])).toEqual({ host: '127.0.0.1', port: CLI_DEFAULT_PORT, static: { kind: 'default' }, iceServers: [] })
    expect(CLI_DEFAULT_PORT).toBe(4780)
  })

  it('reads every flag, with a space or an equals sign', () => {
    expect(run(['--host', '0.0.0.0', '--port=8080', '--static', 'dist/web', `--ice-servers=${STUN}`])).toEqual({
      host: '0.0.0.0',
      port: 8080,
      static: { kind: 'dir', dir: 'dist/web', source: '--static' },
      iceServers: [{ urls: ['stun:stun.example.org:3478'] }],
    })
  })

  it('reads the environment when no flag is given', () => {
    const env = { TONGHWA_HOST: '::', TONGHWA_PORT: '0', TONGHWA_STATIC_DIR: '/srv/web', TONGHWA_ICE_SERVERS: STUN }
    expect(run([], env)).toEqual({
      host: '::',
      port: 0,
      static: { kind: 'dir', dir: '/srv/web', source: 'TONGHWA_STATIC_DIR' },
      iceServers: [{ urls: ['stun:stun.example.org:3478'] }],
    })
  })

  it('lets flags beat the environment', () => {
    const env = { TONGHWA_HOST: '0.0.0.0', TONGHWA_PORT: '9000', TONGHWA_STATIC_DIR: '/srv/web', TONGHWA_ICE_SERVERS: '[]' }
    expect(run(['--host', '127.0.0.2', '--port', '9001', '--no-static', '--ice-servers', STUN], env)).toEqual({
      host: '127.0.0.2',
      port: 9001,
      static: { kind: 'none' },
      iceServers: [{ urls: ['stun:stun.example.org:3478'] }],
    })
  })

  it('treats an empty environment variable as unset', () => {
    expect(run([], { TONGHWA_HOST: '', TONGHWA_PORT: '', TONGHWA_STATIC_DIR: '', TONGHWA_ICE_SERVERS: '' })).toEqual(run([]))
  })

  it('asks for help with --help or -h, whatever else is given', () => {
    expect(parseCliOptions(['--help'], {})).toEqual({ kind: 'help' })
    expect(parseCliOptions(['--port', 'nope', '-h'], {})).toEqual({ kind: 'help' })
    expect(parseCliOptions(['-h', '--port', 'nope'], {})).toEqual({ kind: 'help' })
  })

  it.each(['-1', '65536', '80a', '', '1e3', ' 80'])('rejects the port %j naming --port', (port) => {
    expect(errorOf([`--port=${port}`])).toMatch(/^--port /)
  })

  it('rejects a bad TONGHWA_PORT naming the variable', () => {
    expect(errorOf([], { TONGHWA_PORT: 'http' })).toBe('TONGHWA_PORT must be a whole number from 0 to 65535, got "http"')
  })

  it('rejects ICE servers that are not JSON, with an example of the right form', () => {
    expect(errorOf(['--ice-servers', 'stun:stun.example.org'])).toMatch(/^--ice-servers must be a JSON array like \[\{"urls"/)
    expect(errorOf([], { TONGHWA_ICE_SERVERS: '{' })).toMatch(/^TONGHWA_ICE_SERVERS must be a JSON array/)
  })

  it.each([
    ['{"urls":["stun:a"]}', /short array/],
    ['[{"urls":"stun:a"}]', /urls are malformed/],
    ['[{"urls":["https://a"]}]', /stun:, stuns:, turn: or turns:/],
    ['[{"urls":["turn:a"],"username":5}]', /username is malformed/],
  ])('rejects the ICE servers %s with the reason', (json, reason) => {
    const message = errorOf([], { TONGHWA_ICE_SERVERS: json })
    expect(message).toMatch(/^TONGHWA_ICE_SERVERS is not a valid list of ICE servers: /)
    expect(message).toMatch(reason)
  })

  it('rejects unknown arguments, missing values, repeated flags and contradictions', () => {
    expect(errorOf(['--verbose'])).toBe('unknown argument "--verbose"')
    expect(errorOf(['serve'])).toBe('unknown argument "serve"')
    expect(errorOf(['--port'])).toBe('--port needs a value')
    expect(errorOf(['--host='])).toBe('--host needs a value')
    expect(errorOf(['--port', '1', '--port', '2'])).toBe('--port was given twice')
    expect(errorOf(['--static', 'a', '--no-static'])).toBe('--static and --no-static contradict each other')
  })
})

describe('parseCliOptions: cluster, TURN and operations settings', () => {
  it('leaves every setting out when it is not given, so the server defaults apply', () => {
    const options = run([])
    for (const spec of SETTINGS) expect(options).not.toHaveProperty(spec.key)
  })

  it('reads TURN, STUN, Redis, metrics and logging from the environment', () => {
    const env = {
      TONGHWA_STUN_URLS: 'stun:turn.example.org:3478',
      TONGHWA_TURN_URLS: 'turn:turn.example.org:3478?transport=udp, turns:turn.example.org:5349?transport=tcp',
      TONGHWA_TURN_SECRET: 's3cret',
      TONGHWA_TURN_CREDENTIAL_TTL_SECONDS: '1800',
      TONGHWA_REDIS_URL: 'redis://:pw@redis:6379/0',
      TONGHWA_REDIS_KEY_PREFIX: 'prod:',
      TONGHWA_CLUSTER_KEY_TTL_MS: '10000',
      TONGHWA_REDIS_COMMAND_TIMEOUT_MS: '500',
      TONGHWA_RESUME_KEY: 'rX4mQ0v9+Zc2bT7nE1kW5yH8sJ3pL6fA0gD9uV2oN4=',
      TONGHWA_METRICS: 'false',
      TONGHWA_LOG_LEVEL: 'debug',
    }
    expect(run([], env)).toMatchObject({
      stunUrls: ['stun:turn.example.org:3478'],
      turnUrls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349?transport=tcp'],
      turnSecret: 's3cret',
      turnCredentialTtlSeconds: 1800,
      redisUrl: 'redis://:pw@redis:6379/0',
      redisKeyPrefix: 'prod:',
      resumeKey: 'rX4mQ0v9+Zc2bT7nE1kW5yH8sJ3pL6fA0gD9uV2oN4=',
      clusterKeyTtlMs: 10_000,
      redisCommandTimeoutMs: 500,
      metrics: false,
      logLevel: 'debug',
    })
  })

  it('reads every limit from the environment', () => {
    const env = {
      TONGHWA_PATH: '/ws',
      TONGHWA_HEARTBEAT_INTERVAL_MS: '5000',
      TONGHWA_MAX_PEERS_PER_ROOM: '2',
      TONGHWA_MAX_PENDING_INVITES: '8',
      TONGHWA_INVITE_TTL_MS: '45000',
      TONGHWA_CODE_BINDING_TTL_MS: '0',
      TONGHWA_MAX_CODE_BINDINGS: '1000',
      TONGHWA_SHUTDOWN_GRACE_MS: '0',
      TONGHWA_MAX_PAYLOAD_BYTES: '32768',
      TONGHWA_MAX_QUEUED_FRAMES: '16',
      TONGHWA_NEW_CODE_BURST_PER_ADDRESS: '5',
      TONGHWA_NEW_CODES_PER_HOUR: '100',
      TONGHWA_CODE_BINDING_PROTECTED_MS: '86400000',
      TONGHWA_RING_BACKOFF_MS: '1000',
    }
    expect(run([], env)).toMatchObject({
      path: '/ws',
      heartbeatIntervalMs: 5000,
      maxPeersPerRoom: 2,
      maxPendingInvitesPerConnection: 8,
      inviteTtlMs: 45_000,
      codeBindingTtlMs: 0,
      maxCodeBindings: 1000,
      shutdownGraceMs: 0,
      maxPayload: 32_768,
      maxQueuedFramesPerConnection: 16,
      newCodeBindingBurstPerAddress: 5,
      newCodeBindingsPerHour: 100,
      codeBindingProtectedMs: 86_400_000,
      ringBackoffMs: 1000,
    })
  })

  it('lets flags beat the environment, and --no-metrics turn metrics off', () => {
    const env = { TONGHWA_TURN_URLS: 'turn:a', TONGHWA_TURN_SECRET_FILE: '/run/secrets/other', TONGHWA_LOG_LEVEL: 'warn', TONGHWA_METRICS: 'true' }
    expect(run(['--turn-urls', 'turn:b', '--log-level=error', '--no-metrics', '--turn-secret-file', '/run/secrets/turn'], env)).toMatchObject({
      turnUrls: ['turn:b'],
      logLevel: 'error',
      metrics: false,
      turnSecretFile: '/run/secrets/turn',
    })
  })

  it('has no flag for secrets: they would be visible to every user in the process list', () => {
    expect(errorOf(['--turn-secret', 'x'])).toBe('unknown argument "--turn-secret"')
    expect(errorOf(['--redis-url', 'redis://x'])).toBe('unknown argument "--redis-url"')
    expect(errorOf(['--resume-key', 'x'.repeat(32)])).toBe('unknown argument "--resume-key"')
  })

  it.each([
    [{ TONGHWA_TURN_URLS: 'stun:a' }, 'TONGHWA_TURN_URLS must be comma-separated turn: or turns: URLs, got "stun:a"'],
    [{ TONGHWA_STUN_URLS: ',' }, 'TONGHWA_STUN_URLS must be comma-separated stun: or stuns: URLs, got ","'],
    [
      { TONGHWA_TURN_URLS: 'turn:t.example.org:3478?transport=udp,turns:t.example.org:443?transport=tls', TONGHWA_TURN_SECRET: 's' },
      'TONGHWA_TURN_URLS: "turns:t.example.org:443?transport=tls" must end in ?transport=udp or ?transport=tcp (TURN over TLS is turns:…?transport=tcp)',
    ],
    [{ TONGHWA_TURN_CREDENTIAL_TTL_SECONDS: '7200' }, 'TONGHWA_TURN_CREDENTIAL_TTL_SECONDS must be a whole number from 2 to 3600, got "7200"'],
    [{ TONGHWA_CLUSTER_KEY_TTL_MS: '15s' }, 'TONGHWA_CLUSTER_KEY_TTL_MS must be a whole number from 300 to 2147483647, got "15s"'],
    [{ TONGHWA_METRICS: 'yes' }, 'TONGHWA_METRICS must be true or false, got "yes"'],
    [{ TONGHWA_LOG_LEVEL: 'verbose' }, 'TONGHWA_LOG_LEVEL must be debug, info, warn or error'],
    [{ TONGHWA_REDIS_URL: 'http://user:pw@redis' }, 'TONGHWA_REDIS_URL must be a redis:// or rediss:// URL'],
    [{ TONGHWA_TURN_SECRET: 'a', TONGHWA_TURN_SECRET_FILE: '/f' }, 'TONGHWA_TURN_SECRET and TONGHWA_TURN_SECRET_FILE contradict each other: set one'],
    [{ TONGHWA_TURN_URLS: 'turn:a' }, 'TONGHWA_TURN_URLS needs TONGHWA_TURN_SECRET or TONGHWA_TURN_SECRET_FILE'],
    [{ TONGHWA_TURN_SECRET: 'topsecret' }, 'a TURN secret is set but TONGHWA_TURN_URLS is empty'],
    [{ TONGHWA_RESUME_KEY: 'short-secret' }, 'TONGHWA_RESUME_KEY must be 32 to 1024 printable characters without spaces (openssl rand -base64 32)'],
  ])('rejects %o with a message naming the variable, never quoting a secret', (env, message) => {
    expect(errorOf([], env)).toBe(message)
  })

  it('treats empty variables as unset', () => {
    const env = Object.fromEntries(SETTINGS.map((spec) => [spec.env, '']))
    expect(run([], env)).toEqual(run([]))
  })

  it('produces settings the server accepts', () => {
    const { static: _static, turnSecretFile: _file, logLevel: _level, ...settings } = run([], {
      TONGHWA_TURN_URLS: 'turn:turn.example.org:3478',
      TONGHWA_TURN_SECRET: 's3cret',
      TONGHWA_STUN_URLS: 'stun:turn.example.org:3478',
      TONGHWA_REDIS_URL: 'redis://redis:6379',
    })
    expect(() => resolveOptions(settings)).not.toThrow()
  })
})

describe('documentation of the settings', () => {
  const guide = readFileSync(new URL('../../../docs/deployment.md', import.meta.url), 'utf8')

  it.each(['TONGHWA_HOST', 'TONGHWA_PORT', 'TONGHWA_STATIC_DIR', 'TONGHWA_ICE_SERVERS', ...SETTINGS.map((spec) => spec.env)])('lists %s in --help and in docs/deployment.md', (name) => {
    expect(USAGE).toContain(name)
    expect(guide).toContain(`\`${name}\``)
  })
})

describe('defaultStaticDir', () => {
  it('points at out/renderer next to the built server', () => {
    expect(defaultStaticDir('file:///app/out/server/cli.js')).toBe('/app/out/renderer/')
  })

  it('points at the build, never the renderer sources, when run from source', () => {
    expect(defaultStaticDir('file:///app/src/server/cli.ts')).toBe('/app/out/renderer/')
  })
})
