/**
 * Section 1: the three signaling servers, one after the other in every round (Tonghwa, PeerJS, bare, Tonghwa,
 * …), each a fresh process, each loaded by the same generator in its own process.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import type { BenchConfig } from '../support/config'
import type { LoadPlan, LoadResult } from './load-generator'
import { startServer, type ServerKind, type ServerPaths } from './servers'

export const SERVER_ORDER: readonly ServerKind[] = ['tonghwa', 'peerjs', 'bare']

/** Results by server, one per round, in round order. */
export type SignalingResults = Record<ServerKind, LoadResult[]>

export async function runSignalingBench(config: BenchConfig['signaling'], paths: ServerPaths): Promise<SignalingResults> {
  const results: SignalingResults = { tonghwa: [], peerjs: [], bare: [] }
  for (let round = 1; round <= config.rounds; round++) {
    for (const kind of SERVER_ORDER) {
      process.stderr.write(`signaling round ${round}/${config.rounds}: ${kind}\n`)
      const server = await startServer(kind, paths)
      try {
        const plan: LoadPlan = { kind, port: server.port, pid: server.pid, ...config }
        results[kind].push(await runGenerator(join(paths.benchDir, 'load-generator.js'), plan))
      } finally {
        await server.stop()
      }
    }
  }
  return results
}

/** Bounded: a generator that has not finished in 5 minutes is killed and the bench fails. */
function runGenerator(script: string, plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, JSON.stringify(plan)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (code !== 0) return reject(new Error(`load generator for ${plan.kind} failed (${code})`))
      resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as LoadResult)
    })
  })
}
