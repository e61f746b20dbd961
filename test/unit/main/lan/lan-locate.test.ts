import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import type { AddressInfo } from 'node:net'
import { askOverWebSocket, locateCode } from '../../../../src/main/lan/lan-locate'
import type { LanInstance } from '../../../../src/main/lan/lan-announcement'
import { startSignalingServer, type RunningSignalingServer } from '../../../../src/server'
import { silentLogger } from '../../../../src/server/log'
import { generateLanSalt, lanTags } from '../../../../src/shared/lan-tag'
import { generateRoomCode } from '../../../../src/shared/room-code'
import { connectClient } from '../../../support/ws-client'
import { freePort } from '../../../support/free-port'

/** Another app's server, reachable "on the network" at 127.0.0.2, with one of its people in `room`. */
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function neighbourApp(id: string): Promise<{ instance: LanInstance; server: RunningSignalingServer }> {
  const server = await startSignalingServer({ logger: silentLogger })
  cleanups.push(() => server.close())
  const salt = generateLanSalt()
  const port = await server.openLan({ salt, host: '127.0.0.2' })
  return { instance: { id, address: '127.0.0.2', port, salt, version: 1 }, server }
}

describe('asking the apps on the network for a code', () => {
  it('finds the app that has the room, and not the one that does not', async () => {
    const a = await neighbourApp('aaaaaaaaaaaa')
    const b = await neighbourApp('bbbbbbbbbbbb')
    const room = generateRoomCode()
    const person = await connectClient(b.server.url)
    cleanups.push(async () => void (await person.close()))
    await person.join(room)
    const result = await locateCode(room, [a.instance, b.instance])
    expect(result.hosts.map((host) => host.id)).toEqual(['bbbbbbbbbbbb'])
    expect(result.unreachable).toEqual([])
  })

  it('does not believe an app that says yes without the right answer', async () => {
    const liar = new WebSocketServer({ host: '127.0.0.2', port: 0 })
    cleanups.push(() => new Promise((resolve) => liar.close(() => resolve())))
    await new Promise((resolve) => liar.once('listening', resolve))
    liar.on('connection', (socket) =>
      socket.on('message', (data) => {
        const { ask } = JSON.parse(String(data)) as { ask: string }
        socket.send(JSON.stringify({ v: 1, type: 'located', ask, answer: 'AAAAAAAAAAA' }))
      }),
    )
    const instance = { id: 'cccccccccccc', address: '127.0.0.2', port: (liar.address() as AddressInfo).port, salt: generateLanSalt(), version: 1 }
    expect(await askOverWebSocket(instance, await lanTags(generateRoomCode(), instance.salt))).toBe('missing')
  })

  it('takes an app that refuses the connection, or never answers, as unreachable', async () => {
    const closed = { id: 'dddddddddddd', address: '127.0.0.2', port: await freePort(), salt: generateLanSalt(), version: 1 }
    const tags = await lanTags(generateRoomCode(), closed.salt)
    expect(await askOverWebSocket(closed, tags)).toBe('unreachable')
    const mute = new WebSocketServer({ host: '127.0.0.2', port: 0 })
    cleanups.push(() => new Promise((resolve) => { for (const client of mute.clients) client.terminate(); mute.close(() => resolve()) }))
    await new Promise((resolve) => mute.once('listening', resolve))
    const silent = { ...closed, port: (mute.address() as AddressInfo).port }
    expect(await askOverWebSocket(silent, tags, 300)).toBe('unreachable')
  })
})

describe('how long a lookup waits', () => {
  const instance = (id: string): LanInstance => ({ id, address: '127.0.0.2', port: 1, salt: generateLanSalt(), version: 1 })
  /** An ask that answers each app after its own delay, as the network would. */
  const askAfter =
    (answers: Record<string, [outcome: 'found' | 'missing' | 'unreachable', ms: number]>) =>
    (app: LanInstance) =>
      new Promise<'found' | 'missing' | 'unreachable'>((resolve) => setTimeout(() => resolve(answers[app.id]![0]), answers[app.id]![1]))

  it('does not wait out an app that died without a word once another has the room, and does not forget it for that', async () => {
    let deadTimedOut = false
    const ask = askAfter({ dead00000000: ['unreachable', 2_500], host00000000: ['found', 20] })
    const result = await locateCode(
      generateRoomCode(),
      [instance('dead00000000'), instance('host00000000')],
      (app) =>
        ask(app).finally(() => {
          if (app.id === 'dead00000000') deadTimedOut = true
        }),
      200,
    )
    expect(deadTimedOut).toBe(false)
    expect(result.hosts.map((host) => host.id)).toEqual(['host00000000'])
    // Cut short, not known to be gone: only a real timeout makes the router forget an app.
    expect(result.unreachable).toEqual([])
  })

  it('still hears a second app with the same code that answers within the grace, and waits for all when none has it', async () => {
    const both = await locateCode(generateRoomCode(), [instance('first0000000'), instance('second000000')], askAfter({ first0000000: ['found', 10], second000000: ['found', 60] }), 200)
    expect(both.hosts.map((host) => host.id).sort()).toEqual(['first0000000', 'second000000'])
    const none = await locateCode(generateRoomCode(), [instance('gone00000000'), instance('other0000000')], askAfter({ gone00000000: ['unreachable', 300], other0000000: ['missing', 10] }), 50)
    expect(none).toEqual({ hosts: [], unreachable: [expect.objectContaining({ id: 'gone00000000' })] })
  })
})
