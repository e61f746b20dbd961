import type { Packet } from 'dns-packet'
import type { RemoteInfo } from 'node:dgram'
import type { NetworkInterfaceInfo } from 'node:os'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LanDiscovery, type MdnsSocket } from '../../../../src/main/lan/lan-discovery'

/**
 * A multicast link in memory: every packet a socket sends reaches every socket on the link (its own included,
 * as multicast loopback does), tagged with the sender's address. Real multicast runs only in the network lab:
 * from the test machine's own namespace it would leave the machine.
 */
class FakeLink {
  readonly sockets = new Set<FakeSocket>()
  readonly sent: { from: string; packet: Packet }[] = []
  /** Sockets cut off the link (a computer asleep or unplugged): they neither send nor receive. */
  readonly cut = new Set<FakeSocket>()

  socket(address: () => string): FakeSocket {
    const socket = new FakeSocket(this, address)
    this.sockets.add(socket)
    return socket
  }

  deliver(from: string, packet: Packet, sender?: FakeSocket): void {
    if (sender && this.cut.has(sender)) return
    this.sent.push({ from, packet })
    const rinfo: RemoteInfo = { address: from, family: 'IPv4', port: 5353, size: 0 }
    for (const socket of this.sockets) if (!this.cut.has(socket)) socket.receive(packet, rinfo)
  }
}

class FakeSocket implements MdnsSocket {
  readonly #listeners = new Map<string, ((...args: never[]) => void)[]>()
  constructor(
    private readonly link: FakeLink,
    private readonly address: () => string,
  ) {}
  on(event: string, listener: (...args: never[]) => void): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener])
    return this
  }
  query(questions: { name: string; type: 'PTR' }[]): void {
    this.link.deliver(this.address(), { type: 'query', questions }, this)
  }
  respond(response: { answers: Packet['answers'] }, callback?: (error: Error | null) => void): void {
    this.link.deliver(this.address(), { type: 'response', answers: response.answers }, this)
    callback?.(null)
  }
  destroy(callback?: () => void): void {
    this.link.sockets.delete(this)
    callback?.()
  }
  receive(packet: Packet, rinfo: RemoteInfo): void {
    const event = packet.type === 'query' ? 'query' : 'response'
    for (const listener of this.#listeners.get(event) ?? []) (listener as (p: Packet, r: RemoteInfo) => void)(packet, rinfo)
  }
}

function table(address: string): NodeJS.Dict<NetworkInterfaceInfo[]> {
  return { eth0: [{ address, netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: `${address}/24` }] }
}

const started: LanDiscovery[] = []
afterEach(async () => {
  vi.useRealTimers()
  for (const discovery of started.splice(0)) await discovery.stop()
})

function app(link: FakeLink, id: string, address: { value: string }, options: { reachable?: boolean; clock?: () => number } = {}): LanDiscovery {
  const discovery = new LanDiscovery({
    createSocket: () => link.socket(() => address.value),
    own: options.reachable === false ? null : { id, port: 40_000, salt: `${id.slice(0, 11)}${id.slice(0, 11)}` },
    interfaces: () => table(address.value),
    ...(options.clock ? { now: options.clock } : {}),
    log: () => {},
  })
  started.push(discovery)
  return discovery
}

describe('LAN discovery', () => {
  it('two apps started at the same moment find each other at once, by the address each announced from', () => {
    const link = new FakeLink()
    const a = app(link, 'aaaaaaaaaaaa', { value: '10.77.0.2' })
    const b = app(link, 'bbbbbbbbbbbb', { value: '10.77.0.3' })
    a.start()
    b.start()
    expect(a.instances().map((instance) => [instance.id, instance.address])).toEqual([['bbbbbbbbbbbb', '10.77.0.3']])
    expect(b.instances().map((instance) => [instance.id, instance.address])).toEqual([['aaaaaaaaaaaa', '10.77.0.2']])
  })

  it('drops an app at once when it says goodbye', async () => {
    const link = new FakeLink()
    const a = app(link, 'aaaaaaaaaaaa', { value: '10.77.0.2' })
    const b = app(link, 'bbbbbbbbbbbb', { value: '10.77.0.3' })
    a.start()
    b.start()
    const changes: number[] = []
    a.on('change', ({ instances }) => changes.push(instances.length))
    await b.stop()
    expect(a.instances()).toEqual([])
    expect(changes).toEqual([0])
  })

  it('drops an app that went silent (asleep, unplugged) once its announcement expires, and takes it back when it returns', () => {
    vi.useFakeTimers()
    const link = new FakeLink()
    const a = app(link, 'aaaaaaaaaaaa', { value: '10.77.0.2' }, { clock: () => Date.now() })
    const b = app(link, 'bbbbbbbbbbbb', { value: '10.77.0.3' }, { clock: () => Date.now() })
    a.start()
    b.start()
    const bSocket = [...link.sockets][1]!
    link.cut.add(bSocket) // b falls silent, without a goodbye
    // Last heard at 0 s; an announcement holds 8 s, and expiry is checked twice a second.
    vi.advanceTimersByTime(7_500)
    expect(a.instances()).toHaveLength(1)
    vi.advanceTimersByTime(1_000)
    expect(a.instances()).toEqual([])
    link.cut.delete(bSocket)
    vi.advanceTimersByTime(3_000)
    expect(a.instances().map((instance) => instance.id)).toEqual(['bbbbbbbbbbbb'])
  })

  it('asks again when its own address changes, and the others learn the new one', () => {
    vi.useFakeTimers()
    const link = new FakeLink()
    const bAddress = { value: '10.77.0.3' }
    const a = app(link, 'aaaaaaaaaaaa', { value: '10.77.0.2' }, { clock: () => Date.now() })
    const b = app(link, 'bbbbbbbbbbbb', bAddress, { clock: () => Date.now() })
    a.start()
    b.start()
    bAddress.value = '10.77.0.33'
    const queriesBefore = link.sent.filter((sent) => sent.packet.type === 'query').length
    vi.advanceTimersByTime(3_000)
    expect(link.sent.filter((sent) => sent.packet.type === 'query').length).toBe(queriesBefore + 1)
    expect(a.instances().map((instance) => instance.address)).toEqual(['10.77.0.33'])
  })

  it('listens but announces nothing when reaching this app is switched off', () => {
    const link = new FakeLink()
    const a = app(link, 'aaaaaaaaaaaa', { value: '10.77.0.2' }, { reachable: false })
    const b = app(link, 'bbbbbbbbbbbb', { value: '10.77.0.3' })
    a.start()
    b.start()
    expect(a.instances().map((instance) => instance.id)).toEqual(['bbbbbbbbbbbb'])
    expect(b.instances()).toEqual([])
    expect(link.sent.filter((sent) => sent.from === '10.77.0.2' && sent.packet.type === 'response')).toEqual([])
  })

  it('never lists an announcement from off its networks, and counts other protocol versions without listing them', () => {
    const link = new FakeLink()
    const a = app(link, 'aaaaaaaaaaaa', { value: '10.77.0.2' })
    a.start()
    const records = (id: string, version: number) => [
      { name: '_tonghwa._tcp.local', type: 'PTR' as const, ttl: 10, data: `Tonghwa-${id}._tonghwa._tcp.local` },
      { name: `Tonghwa-${id}._tonghwa._tcp.local`, type: 'SRV' as const, ttl: 10, data: { target: 'x.local', port: 1234 } },
      { name: `Tonghwa-${id}._tonghwa._tcp.local`, type: 'TXT' as const, ttl: 10, data: [`v=${version}`, `id=${id}`, 'salt=AAAAAAAAAAAAAAAAAAAAAA'] },
    ]
    link.deliver('203.0.113.7', { type: 'response', answers: records('cccccccccccc', 1) })
    link.deliver('10.77.0.8', { type: 'response', answers: records('dddddddddddd', 2) })
    expect(a.instances()).toEqual([])
    expect(a.otherVersionCount).toBe(1)
  })
})
