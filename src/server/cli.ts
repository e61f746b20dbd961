/**
 * Standalone signaling server: `node out/server/cli.js [options]` (see USAGE in cli-options.ts). Logs JSON lines
 * to stderr; exits 0 after a graceful shutdown on SIGINT/SIGTERM, 2 on a usage error, 1 if it cannot start.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { assertNever } from '../shared/assert-never'
import { CLI_DEFAULT_METRICS, defaultStaticDir, parseCliOptions, USAGE, type StaticChoice } from './cli-options'
import { CLI_DEFAULT_METRICS_PORT } from './cli-settings'
import { createJsonLogger, type Logger } from './log'
import { startSignalingServer } from './signaling-server'

async function main(): Promise<void> {
  const parsed = parseCliOptions(process.argv.slice(2), process.env)
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE)
    return
  }
  if (parsed.kind === 'error') return exitWithUsageError(parsed.message)
  const { static: staticChoice, turnSecretFile, logLevel, ...settings } = parsed.options
  const logger = createJsonLogger({ level: logLevel ?? 'info' })

  const staticDir = chooseStaticDir(staticChoice, logger)
  const turnSecret = turnSecretFile === undefined ? settings.turnSecret : readSecretFile(turnSecretFile)
  let server
  try {
    server = await startSignalingServer({
      ...settings,
      ...(turnSecret !== undefined ? { turnSecret } : {}),
      metrics: settings.metrics ?? CLI_DEFAULT_METRICS,
      metricsPort: settings.metricsPort ?? CLI_DEFAULT_METRICS_PORT,
      staticDir,
      logger,
    })
  } catch (error) {
    // resolveOptions names the bad setting (never its value); anything else is a failure to start.
    if (error instanceof TypeError || error instanceof RangeError) return exitWithUsageError(error.message)
    logger.error('could not start the signaling server', { error, host: settings.host, port: settings.port })
    process.exit(1)
  }
  logger.info('listening', {
    url: server.url,
    httpUrl: server.httpUrl,
    metricsUrl: server.metricsUrl ?? null,
    webApp: staticDir !== undefined,
    cluster: settings.redisUrl !== undefined,
    turn: (settings.turnUrls ?? []).length > 0,
  })

  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    // A second Ctrl-C means "now": do not make someone wait for a stuck client.
    if (stopping) process.exit(1)
    stopping = true
    logger.info('shutting down', { signal })
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error })
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

function chooseStaticDir(choice: StaticChoice, logger: Logger): string | undefined {
  switch (choice.kind) {
    case 'none':
      logger.info('web app not served (--no-static)')
      return undefined
    case 'dir':
      // Asked for explicitly: a typo must fail loudly, not start a server without the web app.
      if (!isDirectory(choice.dir)) return exitWithUsageError(`${choice.source}: ${choice.dir} is not a directory`)
      logger.info('serving the web app', { dir: choice.dir })
      return choice.dir
    case 'default': {
      const dir = defaultStaticDir(import.meta.url)
      if (!existsSync(join(dir, 'index.html'))) {
        logger.info('web app not served: no built renderer found', { dir })
        return undefined
      }
      logger.info('serving the web app', { dir })
      return dir
    }
    default:
      return assertNever(choice, 'static choice')
  }
}

/** The TURN secret from a file (a Docker or Kubernetes secret), without the newline editors add. */
function readSecretFile(path: string): string {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    return exitWithUsageError(`TONGHWA_TURN_SECRET_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  const secret = text.replace(/\r?\n$/, '')
  if (secret === '') return exitWithUsageError(`TONGHWA_TURN_SECRET_FILE: ${path} is empty`)
  return secret
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function exitWithUsageError(message: string): never {
  process.stderr.write(`tonghwa-server: ${message}\nRun with --help for usage.\n`)
  process.exit(2)
}

main().catch((error: unknown) => {
  process.stderr.write(`tonghwa-server: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
