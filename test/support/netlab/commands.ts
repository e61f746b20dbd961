/**
 * Running the lab's system commands (`ip`, `tc`, `nft`, `sysctl`) with a deadline and a clear error. The async
 * form builds labs; the sync form exists only for exit hooks, where Node runs no more event-loop turns.
 */
import { spawn, spawnSync } from 'node:child_process'

/** Errors from the lab carry a stable code, like the rest of the project's errors. */
export type NetlabErrorCode = 'NETLAB_COMMAND_FAILED' | 'NETLAB_UNAVAILABLE' | 'NETLAB_BAD_TOPOLOGY' | 'NETLAB_CLOSED' | 'NETLAB_UNSAFE_ADDRESS'

export class NetlabError extends Error {
  constructor(
    readonly code: NetlabErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`)
    this.name = 'NetlabError'
  }
}

export interface CommandResult {
  /** Exit code, or null when the command was killed (deadline). */
  code: number | null
  stdout: string
  stderr: string
}

export interface RunOptions {
  /** Written to the command's stdin (nft rule files). */
  input?: string
  /** Killed with SIGKILL after this long; default 10 s. */
  timeoutMs?: number
  /** Resolve with the result instead of throwing when the exit code is not 0. */
  allowFailure?: boolean
}

export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const { input, timeoutMs = 10_000, allowFailure = false } = options
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(new NetlabError('NETLAB_COMMAND_FAILED', `${describe(command, args)} could not start: ${error.message}`))
    })
    child.once('close', (code) => {
      clearTimeout(timer)
      const result = { code, stdout, stderr }
      if (code === 0 || allowFailure) resolve(result)
      else reject(failure(command, args, result, timeoutMs))
    })
    // A command that exits before reading its input closes the pipe (EPIPE); its exit code tells the story.
    child.stdin.on('error', () => undefined)
    child.stdin.end(input ?? '')
  })
}

/** For exit hooks only: blocks, never throws, returns what happened. */
export function runSync(command: string, args: readonly string[], timeoutMs = 5_000): CommandResult {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: timeoutMs })
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? result.error?.message ?? '' }
}

/** `ip -n NS …`: iproute2 enters the namespace itself, cheaper than `ip netns exec`. */
export function ipIn(ns: string, args: readonly string[], options?: RunOptions): Promise<CommandResult> {
  return run('ip', ['-n', ns, ...args], options)
}

/** Any command inside a namespace (`sysctl`, `nft`, test programs). */
export function execIn(ns: string, command: string, args: readonly string[], options?: RunOptions): Promise<CommandResult> {
  return run('ip', ['netns', 'exec', ns, command, ...args], options)
}

function failure(command: string, args: readonly string[], result: CommandResult, timeoutMs: number): NetlabError {
  const why = result.code === null ? `was killed after ${timeoutMs} ms` : `exited with ${result.code}`
  return new NetlabError('NETLAB_COMMAND_FAILED', `${describe(command, args)} ${why}: ${result.stderr.trim() || result.stdout.trim()}`)
}

function describe(command: string, args: readonly string[]): string {
  return [command, ...args].join(' ')
}
