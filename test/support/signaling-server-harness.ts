/**
 * A real signaling server for each test of a file, and the clients connected to it. Called once at the top
 * of a test file; after each test it closes the clients, then the server the test started.
 *
 *   const { clients, start, running } = useSignalingServer({ metrics: true })
 *   const { url } = await start({ messageBurst: 10 })   // silent, the file's defaults, then the test's options
 *   const alice = await clients.connect(url)
 *   expect(running()?.stats()).toMatchObject({ connections: 1 })
 */
import { afterEach } from 'vitest'
import { startSignalingServer, type RunningSignalingServer, type SignalingServerOptions } from '../../src/server'
import { silentLogger } from '../../src/server/log'
import { createClientPool, type ClientPool } from './ws-client'

export interface SignalingServerHarness {
  clients: ClientPool
  /** Starts a server with the file's defaults under `options`; it is closed after the test. */
  start(options?: Partial<SignalingServerOptions>): Promise<RunningSignalingServer>
  /** The server this test started last, if any. */
  running(): RunningSignalingServer | undefined
}

export function useSignalingServer(defaults: Partial<SignalingServerOptions> = {}): SignalingServerHarness {
  const clients = createClientPool()
  let server: RunningSignalingServer | undefined

  afterEach(async () => {
    await clients.closeAll()
    await server?.close()
    server = undefined
  })

  return {
    clients,
    async start(options = {}) {
      server = await startSignalingServer({ logger: silentLogger, ...defaults, ...options })
      if (server.metricsUrl !== undefined) metricsUrls.set(server.httpUrl, server.metricsUrl)
      return server
    },
    running: () => server,
  }
}

/** The metrics listener of each server a harness started, by the server's `httpUrl`. */
const metricsUrls = new Map<string, string>()

/**
 * How many times the metrics of the server at `httpUrl` count the error `code` (0 when it never happened).
 * `httpUrl` is the signaling port's URL of a server the harness started (its metrics listener is looked up), or
 * a metrics URL itself.
 */
export async function errorCount(httpUrl: string, code: string): Promise<number> {
  const text = await (await fetch(metricsUrls.get(httpUrl) ?? new URL('/metrics', httpUrl))).text()
  const line = text.split('\n').find((l) => l.startsWith(`tonghwa_errors_total{code="${code}"}`))
  return line === undefined ? 0 : Number(line.split(' ').pop())
}
