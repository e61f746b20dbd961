import { describe, expect, it, vi } from 'vitest'
import type { ConnectionState } from '../../../../src/shared/ipc-contract'
import type { RoomCode } from '../../../../src/shared/room-code'
import type { SignalingClient, SignalingClientEvents } from '../../../../src/shared/signaling-client'
import { TypedEvents } from '../../../../src/shared/typed-events'
import type { Route } from '../../../../src/main/reach/route'
import { WindowSignaling } from '../../../../src/main/reach/window-signaling'
import { signalingCommands } from '../../../../src/main/signaling-commands'

/** Records what the window asked of each client, with the URL the client was made for. */
class RecordingClient {
  readonly calls: string[] = []
  readonly events = new TypedEvents<SignalingClientEvents>()
  state: ConnectionState = { status: 'open' }
  constructor(readonly url: string) {}
  connect(): void {
    this.calls.push('connect')
  }
  close(): void {
    this.calls.push('close')
  }
  join(room: RoomCode): void {
    this.calls.push(`join ${room}`)
  }
  leave(): void {
    this.calls.push('leave')
  }
  sendDescription(): boolean {
    return true
  }
  sendCandidate(): boolean {
    return true
  }
  on<E extends keyof SignalingClientEvents>(event: E, listener: (payload: SignalingClientEvents[E]) => void): () => void {
    return this.events.on(event, listener)
  }
}

const ROOM = '7KD93QFXZ5' as RoomCode
const home: Route = { url: 'wss://home.example.org/signal', connection: {}, host: { kind: 'server' } }
const FOREIGN = 'wss://signal.example.org/signal'

function setup() {
  const clients: RecordingClient[] = []
  const routeRoom = vi.fn(async () => home)
  const signaling = new WindowSignaling({
    router: { homeRoute: () => home, routeRoom, betterRoute: async () => null },
    createClient: (route) => {
      const client = new RecordingClient(route.url)
      clients.push(client)
      return client as unknown as SignalingClient
    },
    log: () => {},
  })
  return { signaling, clients, routeRoom }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('WindowSignaling.join with a server a link named', () => {
  it('joins the room on that server, without asking the router, as a server route with no instance secret', async () => {
    const { signaling, clients, routeRoom } = setup()
    signaling.join(ROOM, { server: FOREIGN })
    await settle()
    expect(routeRoom).not.toHaveBeenCalled()
    expect(clients.map((client) => client.url)).toEqual([home.url, FOREIGN])
    expect(clients[1]!.calls).toEqual(['connect', `join ${ROOM}`])
    expect(signaling.route).toEqual({ url: FOREIGN, connection: {}, host: { kind: 'server' } })
  })

  it('goes home again when the window leaves, so nothing of the visit is kept', async () => {
    const { signaling, clients } = setup()
    signaling.join(ROOM, { server: FOREIGN })
    await settle()
    signaling.leave()
    expect(clients[1]!.calls).toEqual(['connect', `join ${ROOM}`, 'leave', 'close'])
    expect(signaling.route.url).toBe(home.url)
    expect(clients.map((client) => client.url)).toEqual([home.url, FOREIGN, home.url])
  })

  it('stays on the visited server while the call goes on, even when the setting changes (rehome)', async () => {
    const { signaling, clients } = setup()
    signaling.join(ROOM, { server: FOREIGN })
    await settle()
    signaling.rehome()
    expect(signaling.route.url).toBe(FOREIGN)
    expect(clients).toHaveLength(2)
  })

  it('joins the next room without a server where the router says', async () => {
    const { signaling, routeRoom } = setup()
    signaling.join(ROOM, { server: FOREIGN })
    await settle()
    signaling.join('ABCDEFGHJK' as RoomCode)
    await settle()
    expect(routeRoom).toHaveBeenCalledOnce()
    expect(signaling.route.url).toBe(home.url)
  })

  it('refuses a ws:// server on another machine, which would carry the call setup in clear text', () => {
    const { signaling } = setup()
    expect(() => signaling.join(ROOM, { server: 'ws://203.0.113.9/signal' })).toThrow(/wss:/)
  })
})

describe('signaling:join-room with a server', () => {
  it('passes the server on to a window link that can go there', async () => {
    const { signaling, clients } = setup()
    signalingCommands(signaling)['signaling:join-room'](ROOM, { server: FOREIGN })
    await settle()
    expect(clients.at(-1)!.url).toBe(FOREIGN)
  })

  it('refuses it for a plain client, rather than join the room on the wrong server', () => {
    const client = new RecordingClient(home.url)
    const commands = signalingCommands(client as unknown as SignalingClient)
    expect(() => commands['signaling:join-room'](ROOM, { server: FOREIGN })).toThrow(/^SIG_LINK_ERR_CANNOT_JOIN_ELSEWHERE:/)
    expect(client.calls).toEqual([])
    commands['signaling:join-room'](ROOM)
    expect(client.calls).toEqual([`join ${ROOM}`])
  })
})
