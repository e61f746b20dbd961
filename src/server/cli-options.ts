/**
 * Command-line flags and environment variables of the standalone server, parsed without side effects so every
 * rule is unit tested. Precedence: flags, then environment, then defaults. An empty environment variable
 * counts as unset (the `VAR= command` idiom).
 */
import { fileURLToPath } from 'node:url'
import type { IceServer } from '../shared/protocol'
import { parseIceServers } from '../shared/protocol'
import { CLI_DEFAULT_METRICS_PORT, parseSetting, SETTINGS, type TableSettings } from './cli-settings'

export const CLI_DEFAULT_HOST = '127.0.0.1'
export const CLI_DEFAULT_PORT = 4780
/** The standalone server serves `/metrics` unless told not to (the embedded one does not). */
export const CLI_DEFAULT_METRICS = true

/** Where the web app comes from: the build next to the server, an explicit directory, or nowhere. */
export type StaticChoice =
  | { kind: 'default' }
  | { kind: 'none' }
  | { kind: 'dir'; dir: string; source: '--static' | 'TONGHWA_STATIC_DIR' }

/** Settings from the table in cli-settings.ts are present only when given, so defaults stay in one place. */
export interface CliOptions extends TableSettings {
  host: string
  port: number
  static: StaticChoice
  iceServers: IceServer[]
}

export type CliParseResult = { kind: 'run'; options: CliOptions } | { kind: 'help' } | { kind: 'error'; message: string }

export type Environment = Readonly<Record<string, string | undefined>>

const SETTING_FLAGS = SETTINGS.flatMap((spec) => (spec.flag === undefined ? [] : [`  ${`${spec.flag} <value>`.padEnd(23)}Same as ${spec.env}.`]))
const SETTING_LINES = SETTINGS.map((spec) => `  ${spec.env}\n      ${spec.help} Default: ${spec.shownDefault}.`)

export const USAGE = `Usage: tonghwa-server [options]

Tonghwa signaling server: WebSocket signaling on /signal, health check on /healthz,
the web app (the built renderer) when it is found, and Prometheus metrics on a listener
of their own (127.0.0.1:${CLI_DEFAULT_METRICS_PORT}/metrics by default).

Options:
  --host <address>       Interface to listen on (env TONGHWA_HOST, default ${CLI_DEFAULT_HOST}).
                         Use --host 0.0.0.0 to accept peers from other machines.
  --port <number>        TCP port, 0 for any free port (env TONGHWA_PORT, default ${CLI_DEFAULT_PORT}).
  --static <dir>         Serve the web app from <dir> (env TONGHWA_STATIC_DIR;
                         default: the built renderer next to the server, if present).
  --no-static            Do not serve the web app.
  --ice-servers <json>   STUN/TURN servers sent to every peer as they are (env TONGHWA_ICE_SERVERS), e.g.
                         '[{"urls":["stun:stun.example.org:3478"]},
                           {"urls":["turn:turn.example.org:3478"],"username":"u","credential":"p"}]'
${SETTING_FLAGS.join('\n')}
  --no-metrics           Same as TONGHWA_METRICS=false.
  -h, --help             Show this help.

Environment (flags beat the environment; an empty variable counts as unset):
${SETTING_LINES.join('\n')}

Every setting is described in docs/deployment.md.
`

const VALUE_FLAGS: readonly string[] = ['--host', '--port', '--static', '--ice-servers', ...SETTINGS.flatMap((spec) => (spec.flag === undefined ? [] : [spec.flag]))]
type ValueFlag = string

export function parseCliOptions(argv: readonly string[], env: Environment): CliParseResult {
  const flags = new Map<ValueFlag, string>()
  let noStatic = false
  let noMetrics = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--help' || arg === '-h') return { kind: 'help' }
    if (arg === '--no-static' || arg === '--no-metrics') {
      if (arg === '--no-static') noStatic = true
      else noMetrics = true
      continue
    }
    const equals = arg.indexOf('=')
    const name = equals === -1 ? arg : arg.slice(0, equals)
    if (!isValueFlag(name)) return error(`unknown argument ${JSON.stringify(arg)}`)
    const value = equals === -1 ? argv[++i] : arg.slice(equals + 1)
    if (value === undefined || value === '') return error(`${name} needs a value`)
    if (flags.has(name)) return error(`${name} was given twice`)
    flags.set(name, value)
  }
  if (noStatic && flags.has('--static')) return error('--static and --no-static contradict each other')

  const host = flags.get('--host') ?? nonEmpty(env.TONGHWA_HOST) ?? CLI_DEFAULT_HOST

  const portFlag = flags.get('--port')
  const portText = portFlag ?? nonEmpty(env.TONGHWA_PORT)
  const port = portText === undefined ? CLI_DEFAULT_PORT : parsePort(portText)
  if (port === undefined) return error(`${portFlag !== undefined ? '--port' : 'TONGHWA_PORT'} must be a whole number from 0 to 65535, got ${JSON.stringify(portText)}`)

  const iceFlag = flags.get('--ice-servers')
  const iceText = iceFlag ?? nonEmpty(env.TONGHWA_ICE_SERVERS)
  let iceServers: IceServer[] = []
  if (iceText !== undefined) {
    const source = iceFlag !== undefined ? '--ice-servers' : 'TONGHWA_ICE_SERVERS'
    let json: unknown
    try {
      json = JSON.parse(iceText)
    } catch {
      return error(`${source} must be a JSON array like [{"urls":["stun:stun.example.org:3478"]}]; it is not valid JSON`)
    }
    const parsed = parseIceServers(json)
    if (!parsed.ok) return error(`${source} is not a valid list of ICE servers: ${parsed.reason}`)
    iceServers = parsed.message
  }

  const staticFlag = flags.get('--static')
  const staticEnv = nonEmpty(env.TONGHWA_STATIC_DIR)
  const staticChoice: StaticChoice = noStatic
    ? { kind: 'none' }
    : staticFlag !== undefined
      ? { kind: 'dir', dir: staticFlag, source: '--static' }
      : staticEnv !== undefined
        ? { kind: 'dir', dir: staticEnv, source: 'TONGHWA_STATIC_DIR' }
        : { kind: 'default' }

  const options: CliOptions = { host, port, static: staticChoice, iceServers }
  for (const spec of SETTINGS) {
    const flagText = spec.flag === undefined ? undefined : flags.get(spec.flag)
    const text = flagText ?? nonEmpty(env[spec.env])
    if (text === undefined) continue
    const parsed = parseSetting(spec, text, flagText !== undefined ? (spec.flag ?? spec.env) : spec.env)
    if (!parsed.ok) return error(parsed.message)
    Object.assign(options, { [spec.key]: parsed.value })
  }
  if (noMetrics) options.metrics = false
  if (options.turnSecret !== undefined && options.turnSecretFile !== undefined) {
    return error('TONGHWA_TURN_SECRET and TONGHWA_TURN_SECRET_FILE contradict each other: set one')
  }
  const hasSecret = options.turnSecret !== undefined || options.turnSecretFile !== undefined
  if ((options.turnUrls ?? []).length > 0 && !hasSecret) return error('TONGHWA_TURN_URLS needs TONGHWA_TURN_SECRET or TONGHWA_TURN_SECRET_FILE')
  if ((options.turnUrls ?? []).length === 0 && hasSecret) return error('a TURN secret is set but TONGHWA_TURN_URLS is empty')
  return { kind: 'run', options }
}

/**
 * The built renderer, relative to the running cli module. Built, the server is `out/server/cli.js` and the
 * renderer `out/renderer/`. Run from source (`src/server/cli.ts`), `../renderer/` would be the unbuilt
 * sources, which must never be served, so it points at `out/renderer/` instead.
 */
export function defaultStaticDir(moduleUrl: string): string {
  const fromSource = new URL(moduleUrl).pathname.endsWith('.ts')
  return fileURLToPath(new URL(fromSource ? '../../out/renderer/' : '../renderer/', moduleUrl))
}

function isValueFlag(name: string): name is ValueFlag {
  return VALUE_FLAGS.includes(name)
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined
  const port = Number(text)
  return port <= 65_535 ? port : undefined
}

function error(message: string): CliParseResult {
  return { kind: 'error', message }
}
