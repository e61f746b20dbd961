/**
 * Starting and stopping the real services tests run against (redis-server, turnserver, the built signaling
 * server), bounded in time: a service that does not come up within its deadline fails the test with the tail of
 * its output, and `stop()` escalates from SIGTERM to SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process'

export interface RunningProcess {
  readonly child: ChildProcess
  /** The last lines the process wrote (stdout and stderr), for error messages. */
  output(): string
  /** Resolves when the process has exited (at once if it already has). */
  exited(): Promise<void>
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. Safe to call twice. */
  stop(graceMs?: number): Promise<void>
  /** SIGKILL at once, as a crash would; resolves once the process is gone. */
  kill(): Promise<void>
}

const KEPT_LINES = 60

/** Starts `command`; fails clearly when it is not installed (the tests need it, they never skip). */
export function startProcess(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; installHint: string }): RunningProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env })
  const lines: string[] = []
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter((line) => line.trim() !== ''))
    lines.splice(0, Math.max(0, lines.length - KEPT_LINES))
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.once('error', (error: NodeJS.ErrnoException) => {
      lines.push(error.code === 'ENOENT' ? `${command} is not installed: ${options.installHint}` : `${command} failed to start: ${error.message}`)
      resolve()
    })
  })
  const gone = () => child.exitCode !== null || child.signalCode !== null || child.pid === undefined
  // A run that is aborted (a timeout in a hook, Ctrl-C) must not leave services behind.
  const killOnExit = () => {
    if (!gone()) child.kill('SIGKILL')
  }
  process.once('exit', killOnExit)
  void exited.then(() => process.off('exit', killOnExit))
  const stop = async (graceMs = 2_000) => {
    if (gone()) return exited
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await exited
    clearTimeout(timer)
  }
  return {
    child,
    output: () => lines.join('\n'),
    exited: () => exited,
    stop,
    kill: async () => {
      if (!gone()) child.kill('SIGKILL')
      await exited
    },
  }
}

/** Polls `check` every `intervalMs` until it resolves true, the process exits, or `timeoutMs` passes. */
export async function waitUntilReady(service: RunningProcess, what: string, check: () => Promise<boolean>, timeoutMs = 10_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let exited = false
  void service.exited().then(() => (exited = true))
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${what} exited before it was ready:\n${service.output()}`)
    if (await check().catch(() => false)) return
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
  await service.stop()
  throw new Error(`${what} was not ready within ${timeoutMs} ms:\n${service.output()}`)
}
