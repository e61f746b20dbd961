/**
 * The standalone server as a real child process (`node cli.js`), for tests that must kill a process the way a
 * crash does. It is built from the current sources into a private directory under `.cache/` (with the
 * project's own vite.server.config.ts), so the test never runs a stale `out/server/cli.js`, and parallel test
 * files never share a build.
 *
 *   const build = await buildServer()          // once per file
 *   const node = await startServerProcess(build, { TONGHWA_REDIS_URL: redis.url })
 *   await node.kill()                           // SIGKILL
 *   const small = await startServerProcess(build, {}, undefined, { openFilesLimit: 256 })   // ulimit -n 256
 *
 * Metrics are on a free port of their own (`metricsUrl`), so parallel processes never compete for one.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { startProcess, waitUntilReady, type RunningProcess } from './child-process'

const ROOT = resolve(import.meta.dirname, '../..')

export interface ServerBuild {
  /** Path of the built `cli.js`. */
  cli: string
  /** Removes the build. */
  remove(): void
}

/** Builds the standalone server; takes a few seconds. */
export async function buildServer(): Promise<ServerBuild> {
  const cacheDir = join(ROOT, '.cache')
  mkdirSync(cacheDir, { recursive: true })
  // Inside the project, so the built file finds `ws`, `ioredis` and `prom-client` in node_modules.
  const outDir = mkdtempSync(join(cacheDir, 'test-server-'))
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js')
  const args = [vite, 'build', '--config', 'vite.server.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn']
  const output: string[] = []
  const code = await new Promise<number | null>((resolveExit, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.once('error', reject)
    child.once('exit', (exitCode) => {
      clearTimeout(timer)
      resolveExit(exitCode)
    })
  })
  if (code !== 0) {
    rmSync(outDir, { recursive: true, force: true })
    throw new Error(`building the server failed (${code}):\n${output.join('')}`)
  }
  return { cli: join(outDir, 'cli.js'), remove: () => rmSync(outDir, { recursive: true, force: true }) }
}

export interface ServerProcess extends RunningProcess {
  /** `ws://127.0.0.1:<port>/signal` */
  url: string
  httpUrl: string
  /** `http://127.0.0.1:<port>/metrics`, unless metrics are off. */
  metricsUrl: string | undefined
}

export interface ServerProcessOptions {
  /** `ulimit -n` for the process (soft and hard, so Node cannot raise it), e.g. `256`. Default: the test's own. */
  openFilesLimit?: number
}

/**
 * Starts the built server on a free loopback port with `env` added, and waits until it listens. With
 * `staticDir` it also serves the web app from there (for browser tests); without, no static files.
 */
export async function startServerProcess(build: ServerBuild, env: Record<string, string>, staticDir?: string, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const web = staticDir === undefined ? ['--no-static'] : ['--static', staticDir]
  const node = [process.execPath, build.cli, '--host', '127.0.0.1', '--port', '0', ...web]
  const limit = options.openFilesLimit
  if (limit !== undefined && !Number.isInteger(limit)) throw new TypeError('openFilesLimit must be an integer')
  // `exec` keeps one process, so stopping and killing it reach the server itself.
  const [command, ...args] = limit === undefined ? node : ['bash', '-c', `ulimit -n ${limit} && exec "$0" "$@"`, ...node]
  const server = startProcess(command!, args, {
    env: { ...process.env, TONGHWA_METRICS_PORT: '0', ...env },
    installHint: 'Node.js runs the tests, so this should not happen',
  })
  let listening: { url: string; httpUrl: string; metricsUrl: string | undefined } | undefined
  await waitUntilReady(server, 'the signaling server', async () => {
    listening ??= findListening(server.output())
    return listening !== undefined
  })
  if (listening === undefined) throw new Error('unreachable: the server was ready without saying where')
  return { ...server, ...listening }
}

/** The server logs one JSON line `{"msg":"listening","url":…}` once it accepts connections. */
function findListening(output: string): { url: string; httpUrl: string; metricsUrl: string | undefined } | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes('"listening"')) continue
    try {
      const parsed = JSON.parse(line) as { msg?: unknown; url?: unknown; httpUrl?: unknown; metricsUrl?: unknown }
      if (parsed.msg === 'listening' && typeof parsed.url === 'string' && typeof parsed.httpUrl === 'string') {
        return { url: parsed.url, httpUrl: parsed.httpUrl, metricsUrl: typeof parsed.metricsUrl === 'string' ? parsed.metricsUrl : undefined }
      }
    } catch {
      // Not a JSON line (or cut in the middle): keep looking.
    }
  }
  return undefined
}
