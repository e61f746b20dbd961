import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ConnectionState } from '../../../../src/shared/ipc-contract'
import type { PeerId } from '../../../../src/shared/protocol'
import type { RoomCode } from '../../../../src/shared/room-code'
import type { SignalingClient, SignalingClientEvents } from '../../../../src/shared/signaling-client'
import { TypedEvents } from '../../../../src/shared/typed-events'
import type { RoomRouter, Route } from '../../../../src/main/reach/route'
import { WindowSignaling } from '../../../../src/main/reach/window-signaling'

/** A signaling client that records what the window asked of it and lets the test speak for its server. */
class RecordingClient {
  readonly calls: string[] = []
  readonly events = new TypedEvents<SignalingClientEvents>()
  state: ConnectionState = { status: 'connecting', attempt: 1 }
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
    this.calls.push('description')
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
const own: Route = { url: 'ws://127.0.0.1:47800/signal', connection: { instanceSecret: 's' }, host: { kind: 'own' } }
const minji: Route = { url: 'ws://10.77.0.11:40000/signal', connection: {}, host: { kind: 'lan', id: 'aaaaaaaaaaaa' } }

function setup(router: Partial<RoomRouter>) {
  const clients: RecordingClient[] = []
  const signaling = new WindowSignaling({
    router: { homeRoute: () => own, routeRoom: async () => own, betterRoute: async () => null, ...router },
    createClient: (route) => {
      const client = new RecordingClient(route.url)
      clients.push(client)
      return client as unknown as SignalingClient
    },
    recheckEveryMs: 1_000,
    random: () => 0,
    log: () => {},
  })
  return { signaling, clients }
}

afterEach(() => vi.useRealTimers())

describe("a window's signaling link", () => {
  it('waits at home, and joins a room this app hosts on the same link', async () => {
    const { signaling, clients } = setup({})
    signaling.join(ROOM)
    await vi.waitFor(() => expect(clients[0]?.calls).toEqual(['connect', `join ${ROOM}`]))
    expect(clients).toHaveLength(1)
    signaling.close()
  })

  it('moves to the app that has the room, silently for the page, and forwards only the new link', async () => {
    const { signaling, clients } = setup({ routeRoom: async () => minji })
    const states: string[] = []
    const joined: PeerId[] = []
    signaling.on('state', (state) => states.push(state.status))
    signaling.on('joined', (event) => joined.push(event.peerId))
    signaling.join(ROOM)
    await vi.waitFor(() => expect(clients).toHaveLength(2))
    expect(clients[0]!.calls).toEqual(['connect', 'close'])
    expect(clients[1]!.url).toBe(minji.url)
    expect(clients[1]!.calls).toEqual(['connect', `join ${ROOM}`])
    clients[0]!.events.emit('state', { status: 'closed' })
    clients[1]!.events.emit('state', { status: 'open' })
    clients[1]!.events.emit('joined', { room: ROOM, peerId: 'p2' as PeerId, peers: ['p1' as PeerId], iceServers: [] })
    expect(states).toEqual(['open'])
    expect(joined).toEqual(['p2'])
    signaling.sendDescription('p1' as PeerId, { type: 'offer', sdp: 'v=0' })
    expect(clients[1]!.calls).toContain('description')
    signaling.close()
  })

  it('drops a route that resolves after the window has left', async () => {
    let resolve: (route: Route) => void = () => {}
    const { signaling, clients } = setup({ routeRoom: () => new Promise<Route>((done) => (resolve = done)) })
    signaling.join(ROOM)
    signaling.leave()
    resolve(minji)
    await new Promise((done) => setTimeout(done, 10))
    expect(clients).toHaveLength(1)
    expect(clients[0]!.calls).toEqual(['connect', 'leave'])
    signaling.close()
  })

  it('while waiting alone in a room it hosts, moves to the app that wins the tie, and stays once someone came', async () => {
    vi.useFakeTimers()
    let better: Route | null = null
    const { signaling, clients } = setup({ betterRoute: async () => better })
    signaling.join(ROOM)
    await vi.advanceTimersByTimeAsync(0)
    clients[0]!.events.emit('joined', { room: ROOM, peerId: 'p1' as PeerId, peers: ['p1' as PeerId], iceServers: [] })
    await vi.advanceTimersByTimeAsync(1_000)
    expect(clients).toHaveLength(1)
    better = minji
    await vi.advanceTimersByTimeAsync(1_000)
    expect(clients).toHaveLength(2)
    expect(clients[1]!.calls).toEqual(['connect', `join ${ROOM}`])
    signaling.close()

    // Someone is already there: never move a call.
    const second = setup({ betterRoute: async () => minji })
    second.signaling.join(ROOM)
    await vi.advanceTimersByTimeAsync(0)
    second.clients[0]!.events.emit('joined', { room: ROOM, peerId: 'p1' as PeerId, peers: ['p1' as PeerId, 'p0' as PeerId], iceServers: [] })
    await vi.advanceTimersByTimeAsync(5_000)
    expect(second.clients).toHaveLength(1)
    second.signaling.close()
  })

  it('rehomes an idle window when the setting changes, never one in a room', async () => {
    let home = own
    const { signaling, clients } = setup({ homeRoute: () => home })
    home = minji
    signaling.rehome()
    expect(clients.map((client) => client.url)).toEqual([own.url, minji.url])
    signaling.join(ROOM)
    home = own
    signaling.rehome()
    expect(clients).toHaveLength(2)
    signaling.close()
  })
})
