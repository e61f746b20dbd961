import { Agent, get } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { startSignalingServer, type RunningSignalingServer } from '../../../src/server'
import { silentLogger } from '../../../src/server/log'
import { httpRequest } from '../../support/http-request'

let server: RunningSignalingServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

async function start(): Promise<string> {
  server = await startSignalingServer({ logger: silentLogger })
  return server.httpUrl
}

describe('HTTP on the signaling port', () => {
  it('answers GET /healthz with 200 ok, even without a static directory', async () => {
    const response = await httpRequest(await start(), '/healthz')
    expect(response).toMatchObject({ status: 200, body: 'ok' })
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.headers['x-content-type-options']).toBe('nosniff')
  })

  it('answers methods other than GET and HEAD with 405 and an Allow header', async () => {
    const response = await httpRequest(await start(), '/healthz', 'POST')
    expect(response.status).toBe(405)
    expect(response.headers.allow).toBe('GET, HEAD')
  })

  it('answers a plain GET of the WebSocket path with 404', async () => {
    const response = await httpRequest(await start(), '/signal')
    expect(response.status).toBe(404)
  })

  it('closes without waiting for idle keep-alive connections', async () => {
    server = await startSignalingServer({ logger: silentLogger, shutdownGraceMs: 5_000 })
    const agent = new Agent({ keepAlive: true })
    await new Promise<void>((resolve, reject) => {
      get(new URL('/healthz', server?.httpUrl), { agent }, (response) => response.resume().on('end', resolve)).on('error', reject)
    })
    const started = Date.now()
    await server.close()
    expect(Date.now() - started).toBeLessThan(1_000)
    agent.destroy()
  })
})
