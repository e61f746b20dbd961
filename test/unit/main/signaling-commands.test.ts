import { afterEach, describe, expect, it } from 'vitest'
import { createSignalingClient } from '../../../src/main/signaling-connection'
import { forwardSignalingEvents } from '../../../src/main/signaling-commands'
import { silentLogger, startSignalingServer, type RunningSignalingServer } from '../../../src/server'
import type { BridgeEvents } from '../../../src/shared/ipc-contract'
import { generateRoomCode } from '../../../src/shared/room-code'
import type { SignalingClient } from '../../../src/shared/signaling-client'
import { nextEvent } from './client-events'

let server: RunningSignalingServer | undefined
let client: SignalingClient | undefined

afterEach(async () => {
  client?.close()
  await server?.close()
})

describe('forwardSignalingEvents', () => {
  it('forwards fresh TURN credentials pushed by the server as signaling:ice-servers, until stopped', async () => {
    server = await startSignalingServer({
      port: 0,
      logger: silentLogger,
      turnUrls: ['turn:127.0.0.1:3478?transport=udp'],
      turnSecret: 'test-secret',
      turnCredentialTtlSeconds: 2,
    })
    client = createSignalingClient(server.url)
    const emitted: Array<{ channel: keyof BridgeEvents; payload: unknown }> = []
    const stop = forwardSignalingEvents(client, (channel, payload) => void emitted.push({ channel, payload }))
    client.connect()
    client.join(generateRoomCode())
    await nextEvent(client, 'joined')
    const pushed = await nextEvent(client, 'ice-servers', undefined, 5_000)

    const forwarded = emitted.filter((event) => event.channel === 'signaling:ice-servers')
    expect(forwarded).toEqual([{ channel: 'signaling:ice-servers', payload: pushed }])
    expect(pushed.iceServers[0]?.urls).toEqual(['turn:127.0.0.1:3478?transport=udp'])

    stop()
    expect(client.listenerCount()).toBe(0)
  })
})
