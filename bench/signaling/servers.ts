/**
 * The three signaling servers under test, each started as its own child process on a free loopback port, so
 * /proc gives the CPU time and memory of that server alone.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { SETTINGS } from '../../src/server/cli-settings'

export type ServerKind = 'tonghwa' | 'peerjs' | 'bare'

export const SERVER_NAMES: Record<ServerKind, string> = {
  tonghwa: 'Tonghwa (full validation, as shipped)',
  peerjs: 'PeerJS server (peer 1.0.2)',
  bare: 'bare ws relay (no validation: the floor)',
}

export interface RunningServer {
  kind: ServerKind
  pid: number
  port: number
  /** SIGTERM (a graceful exit, which also writes a CPU profile), SIGKILL after 5 s. */
  stop(): Promise<void>
}

export interface ServerPaths {
  root: string
  /** Directory of the built bench (`.cache/bench`). */
  benchDir: string
  /** Where `--cpu-prof` profiles of the Tonghwa server go, when asked for. */
  profileDir?: string
  /** Tonghwa only: serve the web app from here (web mode), for the browser sections. */
  staticDir?: string
}

/**
 * Tonghwa's limits that a benchmark from one loopback address trips by design, lifted to the highest value
 * the server accepts: thousands of connections from one address, opened quickly; more messages a second per
 * connection than a call sends (the rate ladder); and a join into an empty room, which the server counts as a
 * failed attempt (a guessed room code), thousands of times. The checks still run on every connection and every
 * frame, so their cost is measured; only the refusals are lifted. Every other setting is the default.
 */
const LIFTED_LIMITS = [
  'TONGHWA_MAX_CONNECTIONS_PER_ADDRESS',
  'TONGHWA_MAX_PENDING_SOCKETS_PER_ADDRESS',
  'TONGHWA_CONNECTION_BURST',
  'TONGHWA_CONNECTIONS_PER_SECOND',
  'TONGHWA_MESSAGE_BURST',
  'TONGHWA_MESSAGES_PER_SECOND',
  'TONGHWA_FREE_FAILED_ATTEMPTS',
  'TONGHWA_BLOCK_AFTER_FAILED_ATTEMPTS',
]

/** The environment for LIFTED_LIMITS, read from the server's own settings table (name and highest value). */
export function liftedTonghwaLimits(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const spec of SETTINGS) {
    if (spec.kind.type === 'integer' && LIFTED_LIMITS.includes(spec.env)) env[spec.env] = String(spec.kind.max)
  }
  return env
}

export async function startServer(kind: ServerKind, paths: ServerPaths): Promise<RunningServer> {
  const { args, env } = commandFor(kind, paths)
  const child = spawn(process.execPath, args, { cwd: paths.root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const port = await waitForPort(child, kind)
  if (child.pid === undefined) throw new Error(`${kind} server has no pid`)
  return { kind, pid: child.pid, port, stop: () => stopChild(child) }
}

function commandFor(kind: ServerKind, paths: ServerPaths): { args: string[]; env: Record<string, string> } {
  switch (kind) {
    case 'tonghwa': {
      const profile = paths.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${paths.profileDir}`]
      if (paths.profileDir !== undefined) mkdirSync(paths.profileDir, { recursive: true })
      const cli = join(paths.root, 'out/server/cli.js')
      const web = paths.staticDir === undefined ? ['--no-static'] : ['--static', paths.staticDir]
      return { args: [...profile, cli, '--host', '127.0.0.1', '--port', '0', ...web], env: liftedTonghwaLimits() }
    }
    case 'peerjs':
      return { args: [join(paths.benchDir, 'peerjs-server.js')], env: {} }
    case 'bare':
      return { args: [join(paths.benchDir, 'bare-relay.js')], env: {} }
  }
}

/** Tonghwa logs `{"msg":"listening","url":"ws://127.0.0.1:<port>/signal"}`; the other two `{"benchListening":<port>}`. */
function waitForPort(child: ChildProcess, kind: ServerKind): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = ''
    let settled = false
    const settle = (error: Error | undefined, port?: number) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (error === undefined && port !== undefined) return resolve(port)
      child.kill('SIGKILL')
      reject(error)
    }
    const timer = setTimeout(() => settle(new Error(`${kind} server did not start within 15 s:\n${output.slice(-2_000)}`)), 15_000)
    // The pipes stay drained after start: a full pipe would block the server's logging, and the server.
    const onData = (chunk: Buffer) => {
      if (settled) return
      output += chunk.toString('utf8')
      const port = /"benchListening":(\d+)/.exec(output)?.[1] ?? /"msg":"listening".*?"url":"ws:\/\/127\.0\.0\.1:(\d+)\//.exec(output)?.[1]
      if (port !== undefined) settle(undefined, Number(port))
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => settle(new Error(`${kind} server exited (${code}) before listening:\n${output.slice(-2_000)}`)))
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}
