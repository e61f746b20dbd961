/**
 * Standalone signaling server: `node out/server/cli.js [options]` (see USAGE in cli-options.ts). Logs JSON lines
 * to stderr; exits 0 after a graceful shutdown on SIGINT/SIGTERM, 2 on a usage error, 1 if it cannot start.
 */
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { assertNever } from '../shared/assert-never'
import { defaultStaticDir, parseCliOptions, USAGE, type StaticChoice } from './cli-options'
import { createJsonLogger, type Logger } from './log'
import { startSignalingServer } from './signaling-server'

async function main(): Promise<void> {
  const logger = createJsonLogger()
  const parsed = parseCliOptions(process.argv.slice(2), process.env)
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE)
    return
  }
  if (parsed.kind === 'error') return exitWithUsageError(parsed.message)

  const staticDir = chooseStaticDir(parsed.options.static, logger)
  let server
  try {
    server = await startSignalingServer({
      host: parsed.options.host,
      port: parsed.options.port,
      iceServers: parsed.options.iceServers,
      staticDir,
      logger,
    })
  } catch (error) {
    logger.error('could not start the signaling server', { error, host: parsed.options.host, port: parsed.options.port })
    process.exit(1)
  }
  logger.info('listening', { url: server.url, httpUrl: server.httpUrl, webApp: staticDir !== undefined })

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
