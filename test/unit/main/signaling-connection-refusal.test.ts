/** The app's `ws` client against a real server that refuses the WebSocket upgrade over HTTP. */
import { afterEach, describe, expect, it } from 'vitest'
import { createSignalingClient } from '../../../src/main/signaling-connection'
import { silentLogger, startSignalingServer, type RunningSignalingServer, type SignalingServerOptions } from '../../../src/server'
import { DEFAULT_REFUSED_RETRY_MS } from '../../../src/shared/connection-refusal'
import type { ConnectionState } from '../../../src/shared/ipc-contract'
import type { SignalingClient } from '../../../src/shared/signaling-client'
import { SignalingRefusal } from '../../../src/shared/signaling-errors'
import { requestUpgrade } from '../../support/raw-ws'
import { nextEvent, stateReached } from './client-events'

const BACKOFF = { initialMs: 50, maxMs: 50, factor: 1, jitter: 0 }

let server: RunningSignalingServer | undefined
let client: SignalingClient | undefined

afterEach(async () => {
  client?.close()
  client = undefined
  await server?.close()
  server = undefined
})

async function start(options: Partial<SignalingServerOptions>): Promise<RunningSignalingServer> {
  server = await startSignalingServer({ logger: silentLogger, shutdownGraceMs: 100, ...options })
  return server
}

const refused = (state: ConnectionState): state is Extract<ConnectionState, { status: 'reconnecting' }> =>
  state.status === 'reconnecting' && state.refusal !== undefined

describe('createSignalingClient when the server refuses the upgrade', () => {
  it('reads 429 SIG_ERR_CONNECTING_TOO_FAST and its Retry-After, waits that long, then connects', async () => {
    const { url } = await start({ connectionBurstPerAddress: 1, connectionsPerSecondPerAddress: 1 })
    // Takes this address's one connection token: the client's first try is refused.
    expect((await requestUpgrade(url)).status).toBe(101)
    client = createSignalingClient(url, { backoff: BACKOFF })
    const state = nextEvent(client, 'state', refused)
    client.connect()
    const refusal = (await state) as Extract<ConnectionState, { status: 'reconnecting' }>
    expect(refusal.refusal).toEqual({ status: 429, code: SignalingRefusal.ConnectingTooFast, retryAfterMs: 1_000 })
    expect(refusal.retryInMs).toBe(1_000)
    expect(refusal.lastError).toBe('The server refused the connection: this network connects too often')
    const startedWaiting = performance.now()
    await stateReached(client, 'open', 3_000)
    expect(performance.now() - startedWaiting).toBeGreaterThanOrEqual(950)
  })

  it('reads 403 SIG_ERR_ORIGIN_NOT_ALLOWED and waits minutes, not milliseconds, before trying again', async () => {
    const { url } = await start({ allowMissingOrigin: false })
    client = createSignalingClient(url, { backoff: BACKOFF })
    const state = nextEvent(client, 'state', refused)
    client.connect()
    expect(await state).toEqual({
      status: 'reconnecting',
      attempt: 2,
      retryInMs: DEFAULT_REFUSED_RETRY_MS,
      lastError: 'This server does not accept connections from this app (origin not allowed)',
      refusal: { status: 403, code: SignalingRefusal.OriginNotAllowed, retryAfterMs: null },
    })
  })
})
