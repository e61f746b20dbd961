/**
 * A throwaway redis-server on 127.0.0.1 for cluster tests: a free port, no persistence, its own directory.
 *
 *   const redis = await startRedis()
 *   afterAll(() => redis.stop())
 *   await startSignalingServer({ redisUrl: redis.url, … })
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startProcess, waitUntilReady } from './child-process'
import { freePort } from './free-port'

export interface RunningRedis {
  /** `redis://127.0.0.1:<port>` */
  url: string
  port: number
  /** Stops it (SIGTERM, then SIGKILL) and removes its directory. Safe to call twice. */
  stop(): Promise<void>
  /** Kills it at once, as a crash or a network partition would look to the servers. */
  kill(): Promise<void>
}

const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? 'redis-server'

/** `port`: a given port (to bring a stopped Redis back where the servers expect it); default a free one. */
export async function startRedis(options: { port?: number } = {}): Promise<RunningRedis> {
  let lastError: unknown
  // A port found free can be taken before redis binds it; try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await freePort())
    const dir = mkdtempSync(join(tmpdir(), 'tonghwa-redis-'))
    const redis = startProcess(
      REDIS_SERVER,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'],
      { installHint: 'apt-get install redis-server (.ci/run installs it)' },
    )
    const cleanUp = async (stop: () => Promise<void>) => {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    }
    try {
      await waitUntilReady(redis, 'redis-server', () => ping(port))
    } catch (error) {
      lastError = error
      await cleanUp(() => redis.stop())
      if (String(error).includes('is not installed')) break
      continue
    }
    return { url: `redis://127.0.0.1:${port}`, port, stop: () => cleanUp(() => redis.stop()), kill: () => cleanUp(() => redis.kill()) }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError))
}

/** True when Redis answers PING on `port` (RESP by hand: no client library needed to check). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')))
  })
}
