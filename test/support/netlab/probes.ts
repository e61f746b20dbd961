/**
 * Driving probe.mjs from tests: start a listening probe and wait until it is ready, run a client probe to
 * completion, read the JSON lines a probe printed. Every wait has a deadline.
 */
import type { RunningProcess } from '../child-process'
import { NetlabError } from './commands'
import { PROBE } from './probe-path'
import type { Lab } from './lab'
import type { LabTarget } from './topology'

export type ProbeResult = Record<string, unknown>

/** Starts a listening probe (`udp-echo`, `udp-count`, `tcp-sink`) and resolves once it listens. */
export async function startProbe(lab: Lab, target: LabTarget, args: readonly string[], timeoutMs = 5_000): Promise<RunningProcess> {
  const running = lab.spawnNode(target, [PROBE, ...args])
  await probeResults(running, 1, timeoutMs, (line) => line.ready === true)
  return running
}

/** Runs a client probe (`udp-ask`, `udp-send`, `tcp-connect`, `tcp-send`) to the end; returns its last JSON line. */
export async function runProbe(lab: Lab, target: LabTarget, args: readonly string[], timeoutMs = 10_000): Promise<ProbeResult> {
  const { code, stdout, stderr } = await lab.exec(target, process.execPath, [PROBE, ...args], { timeoutMs, allowFailure: true })
  const last = parseLines(stdout).at(-1)
  if (last === undefined) throw new NetlabError('NETLAB_COMMAND_FAILED', `probe ${args.join(' ')} printed nothing (exit ${code}): ${stderr.trim()}`)
  return last
}

/** Waits until the probe has printed `count` result lines (not counting `ready`) and returns them. */
export async function probeResults(
  running: RunningProcess,
  count: number,
  timeoutMs = 10_000,
  wanted: (line: ProbeResult) => boolean = (line) => line.ready !== true,
): Promise<ProbeResult[]> {
  const deadline = Date.now() + timeoutMs
  let exited = false
  void running.exited().then(() => (exited = true))
  for (;;) {
    const lines = parseLines(running.output()).filter(wanted)
    if (lines.length >= count) return lines
    if (exited || Date.now() > deadline) {
      const why = exited ? 'exited' : `did not print ${count} results within ${timeoutMs} ms`
      throw new NetlabError('NETLAB_COMMAND_FAILED', `probe ${why}:\n${running.output()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

function parseLines(text: string): ProbeResult[] {
  const results: ProbeResult[] = []
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue
    try {
      results.push(JSON.parse(line) as ProbeResult)
    } catch {
      // A line cut in the middle by the output buffer: not a result.
    }
  }
  return results
}
