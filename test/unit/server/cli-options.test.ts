import { describe, expect, it } from 'vitest'
import { CLI_DEFAULT_PORT, defaultStaticDir, parseCliOptions, type CliParseResult } from '../../../src/server/cli-options'

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

describe('defaultStaticDir', () => {
  it('points at out/renderer next to the built server', () => {
    expect(defaultStaticDir('file:///app/out/server/cli.js')).toBe('/app/out/renderer/')
  })

  it('points at the build, never the renderer sources, when run from source', () => {
    expect(defaultStaticDir('file:///app/src/server/cli.ts')).toBe('/app/out/renderer/')
  })
})
